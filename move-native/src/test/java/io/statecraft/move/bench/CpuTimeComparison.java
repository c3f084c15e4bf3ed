package io.statecraft.move.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Thread CPU time per call of the three algorithms on Move, LuaJ and plain Java, after warm-up.
 * On a busy machine wall-clock benchmarks swing by 2x; CPU time of the benchmark thread is
 * steadier. Prints the best of the measured rounds (the second half of {@code rounds}).
 */
public final class CpuTimeComparison {
  private CpuTimeComparison() {}

  static long sink;

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    BenchMove m = new BenchMove();
    BenchLua l = new BenchLua();
    int rounds = 10;
    int calls = 20;
    LongSupplier[] work = {
      () -> m.arith(InterpreterBenchmark.ARITH_N),
      () -> l.arith(InterpreterBenchmark.ARITH_N),
      () -> BenchJava.arith(InterpreterBenchmark.ARITH_N),
      () -> m.sort(InterpreterBenchmark.SORT_N),
      () -> l.sort(InterpreterBenchmark.SORT_N),
      () -> BenchJava.sort(InterpreterBenchmark.SORT_N),
      () -> m.game(InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS),
      () -> l.game(InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS),
      () -> BenchJava.game(InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS),
    };
    double[] best = new double[work.length];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < work.length; k++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          sink += work[k].getAsLong();
        }
        long t1 = mx.getCurrentThreadCpuTime();
        if (r >= rounds / 2) {
          best[k] = Math.min(best[k], (t1 - t0) / (calls * 1e3));
        }
      }
    }
    String[] names = {"Arith", "Sort", "GameTick"};
    System.out.println("| algorithm | Move CPU µs/call | LuaJ CPU µs/call | Java CPU µs/call | Move/LuaJ | Move/Java |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (int i = 0; i < 3; i++) {
      double mv = best[3 * i];
      double lu = best[3 * i + 1];
      double jv = best[3 * i + 2];
      System.out.printf("| %s | %.0f | %.0f | %.1f | %.2f | %.1f |%n", names[i], mv, lu, jv, mv / lu, mv / jv);
    }
  }
}
