package io.statecraft.move.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread CPU time per call of the three algorithms on Move and LuaJ, after warm-up. On a busy
 * machine wall-clock benchmarks swing by 2x; CPU time of the benchmark thread is steadier.
 */
public final class CpuTimeComparison {
  private CpuTimeComparison() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    BenchMove m = new BenchMove();
    BenchLua l = new BenchLua();
    int rounds = 10;
    int calls = 20;
    double[][] best = new double[6][1];
    for (double[] b : best) {
      b[0] = Double.MAX_VALUE;
    }
    for (int r = 0; r < rounds; r++) {
      long[] t = new long[7];
      t[0] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        m.arith(InterpreterBenchmark.ARITH_N);
      }
      t[1] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        l.arith(InterpreterBenchmark.ARITH_N);
      }
      t[2] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        m.sort(InterpreterBenchmark.SORT_N);
      }
      t[3] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        l.sort(InterpreterBenchmark.SORT_N);
      }
      t[4] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        m.game(InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS);
      }
      t[5] = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        l.game(InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS);
      }
      t[6] = mx.getCurrentThreadCpuTime();
      if (r >= rounds / 2) {
        for (int k = 0; k < 6; k++) {
          best[k][0] = Math.min(best[k][0], (t[k + 1] - t[k]) / (calls * 1e3));
        }
      }
    }
    String[] names = {"Arith", "Sort", "GameTick"};
    System.out.println("| algorithm | Move CPU µs/call | LuaJ CPU µs/call | Move/LuaJ |");
    System.out.println("|---|---:|---:|---:|");
    for (int i = 0; i < 3; i++) {
      System.out.printf("| %s | %.0f | %.0f | %.2f |%n", names[i], best[2 * i][0], best[2 * i + 1][0],
          best[2 * i][0] / best[2 * i + 1][0]);
    }
  }
}
