package io.statecraft.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Launching the benchmark/crash-test child JVMs: same java, class path and JDK-internals flags. */
public final class BenchProcs {
  /** The parent pom's {@code jvm.internals.flags}, used when this JVM was started without them. */
  static final List<String> INTERNALS_FLAGS = List.of(
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private BenchProcs() {}

  /** {@code --key value} pairs. */
  public static Map<String, String> parseArgs(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
      String k = args[i].substring(2);
      int eq = k.indexOf('=');
      if (eq >= 0) m.put(k.substring(0, eq), k.substring(eq + 1));
      else if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(k, args[++i]);
      else m.put(k, "true");
    }
    return m;
  }

  /** The java command line for {@code mainClass}. */
  public static List<String> command(Class<?> mainClass, String heap, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Dchronicle.analytics.disable=true");
    cmd.add("-Dhazelcast.phone.home.enabled=false");
    cmd.add("-Dvertx.disableDnsResolver=true");
    List<String> own = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-exports") || a.startsWith("--add-opens")) own.add(a);
    }
    cmd.addAll(own.isEmpty() ? INTERNALS_FLAGS : own);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** Starts a child JVM, its output appended to {@code log}. */
  public static Process start(Class<?> mainClass, String heap, List<String> args, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command(mainClass, heap, args));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  public static void writeReady(Path file, JsonObject j) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, j.encode(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits (bounded) for a child's ready file; fails early if the child died. */
  public static JsonObject awaitReady(Path file, Process p, long timeoutMs, Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) return new JsonObject(Files.readString(file));
      if (!p.isAlive()) throw new IOException("child exited with " + p.exitValue() + " before ready; log " + log + ":\n" + tail(log));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new IOException("child not ready within " + timeoutMs + " ms; log " + log + ":\n" + tail(log));
  }

  static String tail(Path log) {
    try {
      List<String> l = Files.readAllLines(log);
      return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** kill -9 (SIGKILL on Linux) and reap, bounded. */
  public static void kill9(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A port that is free now, picked below the Linux ephemeral range (32768+) so that outgoing
   * connections of other processes do not take it between now and the child's bind.
   */
  public static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 200; i++) {
      int port = 20_000 + r.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IOException("no free port in 20000..32000");
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
