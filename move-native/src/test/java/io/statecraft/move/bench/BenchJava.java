package io.statecraft.move.bench;

/** The benchmark algorithms in plain Java: the speed of light for the interpreters. */
public final class BenchJava {
  private BenchJava() {}

  public static long arith(long n) {
    long s = 0;
    for (long i = 0; i < n; i++) {
      s = (s + i * 7) % 1000003;
    }
    return s;
  }

  public static long sort(int n) {
    long[] v = new long[n];
    long seed = BenchPrograms.LCG_ADD;
    for (int i = 0; i < n; i++) {
      seed = (seed * BenchPrograms.LCG_MUL + BenchPrograms.LCG_ADD) % BenchPrograms.LCG_MOD;
      v[i] = seed;
    }
    for (int i = 1; i < n; i++) {
      for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
        long t = v[j - 1];
        v[j - 1] = v[j];
        v[j] = t;
      }
    }
    return v[0] * 1000 + v[n - 1] % 1000;
  }

  static final class Entity {
    long x;
    long y;
    long vx;
    long vy;
  }

  public static long game(int n, int ticks) {
    Entity[] world = new Entity[n];
    for (int i = 0; i < n; i++) {
      Entity e = new Entity();
      e.x = i;
      e.y = 2L * i;
      e.vx = i % 7 + 1;
      e.vy = i % 5 + 1;
      world[i] = e;
    }
    for (int t = 0; t < ticks; t++) {
      for (Entity e : world) {
        e.x = (e.x + e.vx) % BenchPrograms.WORLD;
        e.y = (e.y + e.vy) % BenchPrograms.WORLD;
      }
    }
    long sum = 0;
    for (Entity e : world) {
      sum += e.x + e.y;
    }
    return sum;
  }
}
