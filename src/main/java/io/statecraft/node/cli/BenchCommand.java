package io.statecraft.node.cli;

import io.statecraft.chain.bench.DevchainBenchmark;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code statecraft bench …}: load generators that measure a running system on this machine. */
@Command(name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Benchmarks (load generators; loopback only). Results are printed and written as JSON.",
    subcommands = {BenchCommand.Devchain.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "devchain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Committed devchain transactions per second: signed transfers from many accounts,",
          "in process and through JSON-RPC over 127.0.0.1, on a throw-away data directory."})
  static final class Devchain implements Callable<Integer> {
    @Option(names = "--accounts", description = "Sending accounts (default: ${DEFAULT-VALUE}).")
    int accounts = DevchainBenchmark.Options.defaults().accounts();

    @Option(names = "--window", description = "Transactions in flight per account (default: ${DEFAULT-VALUE}).")
    int window = DevchainBenchmark.Options.defaults().window();

    @Option(names = "--seconds", description = "Measured seconds per mode (default: ${DEFAULT-VALUE}).")
    int seconds = DevchainBenchmark.Options.defaults().seconds();

    @Option(names = "--interval-ms", description = "Block interval in ms (default: ${DEFAULT-VALUE}).")
    long intervalMillis = DevchainBenchmark.Options.defaults().blockIntervalMillis();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the JSON result (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("target/bench/devchain.json");

    @Override
    public Integer call() throws Exception {
      JsonObject result = DevchainBenchmark.run(new DevchainBenchmark.Options(accounts, window, seconds, intervalMillis));
      if (output.toAbsolutePath().getParent() != null) {
        Files.createDirectories(output.toAbsolutePath().getParent());
      }
      Files.writeString(output, result.encodePrettily() + "\n", StandardCharsets.UTF_8);
      System.out.println(DevchainBenchmark.markdown(result));
      System.out.println("written to " + output.toAbsolutePath());
      return 0;
    }
  }
}
