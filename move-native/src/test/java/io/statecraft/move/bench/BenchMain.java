package io.statecraft.move.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ReadCheckBenchmark} and prints throughput in MB/s of module bytes: first the JMH
 * wall-clock score, then the same work measured in thread CPU time, which stays meaningful on
 * a shared, overloaded host. {@code --cpu-only} skips JMH.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws RunnerException {
    long bytes = ReadCheckBenchmark.setBytes();
    System.out.printf("module set: %d modules, %d bytes (%.1f KB average)%n",
        ReadCheckBenchmark.setSize(), bytes, bytes / 1024.0 / ReadCheckBenchmark.setSize());
    if (!List.of(args).contains("--cpu-only")) {
      Collection<RunResult> results = new Runner(new OptionsBuilder()
          .include(ReadCheckBenchmark.class.getName())
          .build()).run();
      for (RunResult r : results) {
        double opsPerSecond = r.getPrimaryResult().getScore();
        System.out.printf("wall  %-14s %8.1f MB/s%n", shortName(r.getParams().getBenchmark()), opsPerSecond * bytes / 1e6);
      }
    }
    cpuTime(bytes);
  }

  private static String shortName(String benchmark) {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  private static void cpuTime(long bytes) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ReadCheckBenchmark b = new ReadCheckBenchmark();
    b.setUp();
    Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    String[] names = {"readAndCheck", "readOnly", "write"};
    for (int w = 0; w < names.length; w++) {
      for (int i = 0; i < 30; i++) {
        run(b, w, bh);
      }
      int rounds = 50;
      long cpu0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < rounds; i++) {
        run(b, w, bh);
      }
      long cpu = mx.getCurrentThreadCpuTime() - cpu0;
      System.out.printf("cpu   %-14s %8.1f MB per CPU-second%n", names[w], rounds * (double) bytes / (cpu / 1e9) / 1e6);
    }
  }

  private static void run(ReadCheckBenchmark b, int workload, Blackhole bh) {
    switch (workload) {
      case 0 -> b.readAndCheck(bh);
      case 1 -> b.readOnly(bh);
      default -> b.write(bh);
    }
  }
}
