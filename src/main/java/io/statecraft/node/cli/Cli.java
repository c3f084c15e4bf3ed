package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds and runs the {@code statecraft} command line. */
public final class Cli {
  /** Returned by a server command that started and keeps running until the process is stopped. */
  public static final int KEEP_RUNNING = Integer.MIN_VALUE;
  /** Exit code of a configuration or usage error. */
  public static final int USAGE = 2;
  /** Exit code of a command that failed at run time. */
  public static final int FAILED = 1;

  private Cli() {}

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (ex instanceof ConfigException) {
        // The message says which key, which value, and where it came from: that is enough.
        err.println("statecraft: configuration error: " + ex.getMessage());
        err.flush();
        return USAGE;
      }
      err.println("statecraft: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      err.flush();
      return FAILED;
    });
    return cl;
  }
}
