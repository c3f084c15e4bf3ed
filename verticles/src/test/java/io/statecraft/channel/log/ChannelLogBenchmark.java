package io.statecraft.channel.log;

import io.statecraft.codec.channel.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A rough append-throughput measurement (not a JMH benchmark; run by hand, numbers go to
 * CHANNEL-LOG.md): pre-builds signed entries (a third are member calls with a write set and an
 * event, the rest ticks), then times appends only, in both durability modes, and the
 * whole-chain verification of a reopen.
 *
 * <p>Usage: {@code java <jvm.internals.flags> -cp <test classpath> io.statecraft.channel.log.ChannelLogBenchmark [dir] [entries] [payloadBytes]}
 */
public final class ChannelLogBenchmark {
  private ChannelLogBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("chronicle.analytics.disable", "true");
    Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("chanlog-bench");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int payload = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    System.out.printf("building %d entries (payload %d bytes)...%n", n, payload);
    TestEntries gen = new TestEntries("bench", 0, TestEntries.GENESIS, payload);
    List<Entry> entries = new ArrayList<>(n);
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      Entry e = gen.next();
      entries.add(e);
      bytes += e.encodedSize();
    }
    System.out.printf("mean entry size %.0f bytes%n", (double) bytes / n);

    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      run(base.resolve("page-cache-" + round), entries, bytes, Durability.PAGE_CACHE, round == 1);
    }
    int syncN = Math.min(n, 2_000);
    run(base.resolve("sync"), entries.subList(0, syncN), bytes * syncN / n, Durability.SYNC, true);
    deleteTree(base);
  }

  private static void run(Path dir, List<Entry> entries, long bytes, Durability d, boolean print) throws IOException {
    ChannelLogConfig cfg = ChannelLogConfig.builder(dir, "bench", TestEntries.GENESIS).durability(d).build();
    long t0 = System.nanoTime();
    try (ChannelLog log = ChannelLog.open(cfg)) {
      for (Entry e : entries) log.append(e);
      t0 = System.nanoTime() - t0;
    }
    long t1 = System.nanoTime();
    try (ChannelLog log = ChannelLog.open(cfg)) {
      t1 = System.nanoTime() - t1;
      if (log.lastHeight() != entries.size()) throw new AssertionError("lost entries");
    }
    if (print) {
      double s = t0 / 1e9;
      System.out.printf("%-10s append: %,d entries in %.2f s = %,.0f entries/s, %.1f MB/s, %.1f us/append%n", d, entries.size(), s,
          entries.size() / s, bytes / s / 1e6, t0 / 1e3 / entries.size());
      System.out.printf("%-10s reopen+verify: %.2f s = %,.0f entries/s%n", d, t1 / 1e9, entries.size() / (t1 / 1e9));
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
