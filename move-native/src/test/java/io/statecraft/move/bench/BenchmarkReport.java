package io.statecraft.move.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link InterpreterBenchmark} once and prints the table for BENCHMARKS.md: time per call,
 * Move instructions per second, and the Move/LuaJ and Move/Java time ratios.
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(InterpreterBenchmark.class.getSimpleName()).build()).run();
    Map<String, Double> micros = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      micros.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    BenchMove move = new BenchMove();
    long[] instructions = {
      move.instructions(move.arith, InterpreterBenchmark.ARITH_N),
      move.instructions(move.sort, InterpreterBenchmark.SORT_N),
      move.instructions(move.game, InterpreterBenchmark.ENTITIES, InterpreterBenchmark.TICKS)
    };
    String[] names = {"Arith", "Sort", "GameTick"};
    System.out.println("| algorithm | Move µs/call | LuaJ µs/call | Java µs/call | Move instructions/call | Move Minstr/s | Move/LuaJ time | Move/Java time |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < 3; i++) {
      double m = micros.get("move" + names[i]);
      double l = micros.get("lua" + names[i]);
      double j = micros.get("java" + names[i]);
      System.out.printf("| %s | %.1f | %.1f | %.1f | %d | %.1f | %.2f | %.1f |%n", names[i], m, l, j,
          instructions[i], instructions[i] / m, m / l, m / j);
    }
  }
}
