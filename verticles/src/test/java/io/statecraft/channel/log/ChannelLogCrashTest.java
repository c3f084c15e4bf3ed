package io.statecraft.channel.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.channel.Entry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process that is appending: every height it acknowledged must be in the log when
 * it is reopened, and the chain must verify. Run twice on the same log, so the second child
 * also recovers from the first one's death (Chronicle's write lock and any half-written header).
 */
class ChannelLogCrashTest {
  static final String CH = "ch-crash";
  /** The same flags as {@code jvm.internals.flags} in the parent pom, used when the parent JVM was started without them. */
  static final String JVM_INTERNALS_FLAGS = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
      + " --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
      + " --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
      + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED"
      + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
      + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.management/sun.management=ALL-UNNAMED"
      + " --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyAcknowledgedHeightSurvivesKillDashNineAndTheChainVerifies() throws Exception {
    long acked1 = runAndKill(0, 300);
    long acked2 = runAndKill(acked1, 300);
    assertThat(acked2).isGreaterThan(acked1);
    try (ChannelLog log = ChannelLog.open(ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).build())) {
      assertThat(log.lastHeight()).isGreaterThanOrEqualTo(acked2);
      List<Entry> all = log.range(1, Integer.MAX_VALUE);
      assertThat(all).hasSize((int) log.lastHeight());
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).height()).isEqualTo(i + 1);
        assertThat(all.get(i).verifyLeaderSignature(TestEntries.LEADER.publicKey())).isTrue();
      }
    }
  }

  /**
   * Starts a child on the log, waits for {@code acksBeforeKill} acknowledgements past what the
   * log held, kills it, and returns the highest height it acknowledged. The child's output is
   * drained to its end after the kill, so acks already written to the pipe are counted too.
   */
  private long runAndKill(long expectedOpenHeight, int acksBeforeKill) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-Dchronicle.analytics.disable=true");
    cmd.addAll(jvmInternalsFlags());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ChannelLogCrashChild.class.getName());
    cmd.add(dir.toString());
    cmd.add(CH);
    cmd.add("1000000");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) lines.add(l);
      } catch (IOException ignored) {
        // the pipe breaks when the child dies
      } finally {
        lines.add("EOF");
      }
    }, "crash-child-stdout");
    pump.setDaemon(true);
    pump.start();

    long lastAck = -1;
    int acks = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (acks < acksBeforeKill) {
        String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(l).as("child output within 60 s").isNotNull();
        if (l.startsWith("OPEN ")) {
          assertThat(Long.parseLong(l.substring(5))).isGreaterThanOrEqualTo(expectedOpenHeight);
        } else if (l.startsWith("ACK ")) {
          lastAck = Long.parseLong(l.substring(4));
          acks++;
        } else if (l.equals("DONE") || l.equals("EOF")) {
          throw new AssertionError("child ended before it was killed: " + l);
        } // anything else is the child's logging

      }
    } finally {
      p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no Chronicle close
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    for (int i = 0; i < 10_000_000; i++) {
      String l = lines.poll(30, TimeUnit.SECONDS);
      if (l == null || l.equals("EOF")) break;
      if (l.startsWith("ACK ")) lastAck = Long.parseLong(l.substring(4));
    }
    assertThat(p.exitValue()).isNotZero();

    try (ChannelLog log = ChannelLog.open(ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).build())) {
      assertThat(log.lastHeight()).as("every acknowledged height is in the log").isGreaterThanOrEqualTo(lastAck);
      assertThat(log.get(lastAck)).isPresent();
      return log.lastHeight();
    }
  }

  /** The parent's own --add-opens/--add-exports (Surefire passes the pom's), or the pom's copy. */
  private static List<String> jvmInternalsFlags() {
    List<String> flags = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports")) flags.add(a);
    }
    if (flags.isEmpty()) flags.addAll(List.of(JVM_INTERNALS_FLAGS.split(" ")));
    return flags;
  }
}
