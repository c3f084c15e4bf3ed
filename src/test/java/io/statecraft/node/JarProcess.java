package io.statecraft.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real fat jar in a child process ({@code java -jar}, no JVM flags), with its output
 * read line by line so a test can wait for a line instead of sleeping.
 */
final class JarProcess implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Thread reader;

  private JarProcess(Process process) {
    this.process = process;
    reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          all.add(line);
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
      lines.add(EOF);
    }, "jar-output");
    reader.setDaemon(true);
    reader.start();
  }

  static Path jar() {
    String p = System.getProperty("statecraft.jar");
    if (p == null) {
      throw new IllegalStateException("system property statecraft.jar is not set");
    }
    return Path.of(p);
  }

  static JarProcess start(Path workDir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    // Hermetic: no STATECRAFT_* variable of the machine running the tests leaks in.
    pb.environment().keySet().removeIf(k -> k.startsWith("STATECRAFT_"));
    return new JarProcess(pb.start());
  }

  /** Runs to completion; returns the exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + timeout + ":\n" + output());
    }
    // The process is gone; its last lines may still be in the pipe: read them all first.
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Waits for an output line that matches; fails with the whole output if none comes. */
  String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no matching line within " + timeout + ":\n" + output());
      }
      if (line.equals(EOF)) {
        lines.add(EOF);
        throw new AssertionError("the process ended without a matching line:\n" + output());
      }
      if (match.test(line)) {
        return line;
      }
    }
  }

  /** The value after a banner label, for example {@code ready} → the readiness URL. */
  String awaitBanner(String label, Duration timeout) throws InterruptedException {
    String line = awaitLine(l -> l.startsWith("  " + label + " "), timeout);
    return line.substring(line.indexOf(label) + label.length()).trim();
  }

  /** SIGTERM, as Ctrl-C or Kubernetes would; returns the exit code. */
  int stop(Duration timeout) throws InterruptedException {
    // Through the handle: Process.destroy() would also close our end of the child's stdout,
    // and the lines its shutdown hook logs would be lost.
    process.toHandle().destroy();
    return waitFor(timeout);
  }

  String output() {
    synchronized (all) {
      return String.join("\n", all);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
