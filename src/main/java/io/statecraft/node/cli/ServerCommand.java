package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.node.logging.Logging;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that starts long-running services: loads and logs the configuration, starts,
 * prints where to reach what it started, and installs the shutdown hook that stops it cleanly
 * on Ctrl-C or SIGTERM. Runs on the main thread, so waiting for the start here blocks no
 * event loop.
 */
abstract class ServerCommand implements Callable<Integer> {
  /** How long a start or a clean stop may take before the command gives up. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** Something started, that can be stopped. */
  interface Running {
    /** Lines telling the user where to reach what runs (printed to stdout). */
    java.util.List<String> banner();

    Future<Void> close();
  }

  @Spec
  CommandSpec spec;

  /** The configuration, from this command's flags, the environment and files. */
  abstract NodeConfig loadConfig();

  /** Starts the services. */
  abstract Future<Running> start(NodeConfig config);

  @Override
  public final Integer call() throws Exception {
    NodeConfig config = loadConfig();
    Logging.setRootLevel(config.get(ConfigKeys.LOG_LEVEL));
    Logger log = LoggerFactory.getLogger(getClass());
    log.info("statecraft {} starting", spec.name());
    for (String line : config.effectiveLines()) {
      log.info("config {}", line);
    }
    Running running;
    try {
      running = await(start(config), START_TIMEOUT);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.error("statecraft {} failed to start: {}", spec.name(), cause.getMessage(), cause);
      throw cause instanceof Exception ex ? ex : e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("statecraft {} stopping", spec.name());
      try {
        await(running.close(), STOP_TIMEOUT);
        log.info("statecraft {} stopped cleanly", spec.name());
      } catch (Exception e) {
        log.error("statecraft {} did not stop cleanly: {}", spec.name(), String.valueOf(e), e);
      }
    }, "statecraft-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    running.banner().forEach(out::println);
    out.println("Ctrl-C stops it.");
    out.flush();
    return Cli.KEEP_RUNNING;
  }

  static <T> T await(Future<T> f, Duration timeout) throws ExecutionException, InterruptedException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException(new IllegalStateException("not done within " + timeout.toSeconds() + " s"));
    }
  }
}
