package io.statecraft.channel.log;

import io.statecraft.codec.channel.Entry;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link ChannelLogCrashTest} kills: opens the log, prints {@code OPEN <last>},
 * then appends entries and prints {@code ACK <height>} after each append has returned — that
 * is, after the log acknowledged it. Stops by itself after {@code maxEntries} or 60 s, in case
 * the parent never kills it.
 */
public final class ChannelLogCrashChild {
  private ChannelLogCrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String channel = args[1];
    int maxEntries = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    ChannelLog log = ChannelLog.open(ChannelLogConfig.builder(dir, channel, TestEntries.GENESIS).build());
    out.println("OPEN " + log.lastHeight());
    out.flush();
    TestEntries gen = new TestEntries(channel, log.lastHeight(), log.lastHash(), 48);
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int i = 0; i < maxEntries && System.nanoTime() < deadline; i++) {
      Entry e = gen.next();
      log.append(e);
      out.println("ACK " + e.height());
      out.flush();
    }
    log.close();
    out.println("DONE");
    out.flush();
  }
}
