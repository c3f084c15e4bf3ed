package io.statecraft.node.cli;

import io.statecraft.bench.ChannelBenchmark;
import io.statecraft.bench.StreamBenchmark;
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
    subcommands = {BenchCommand.Devchain.class, BenchCommand.Channel.class, BenchCommand.Stream.class})
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

  @Command(name = "channel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Verified entries per second: the devchain, a Leader and two Followers as separate JVMs on",
          "this machine running the sample grid game; open-loop calls at rising rates; reports the",
          "saturation rate and p50/p99 call-to-verified latency at half of it."})
  static final class Channel implements Callable<Integer> {
    @Option(names = "--rates", split = ",", paramLabel = "CALLS_PER_S", description = "Offered rates, in order (default: 500,1000,2000,5000,10000,20000).")
    int[] rates = new ChannelBenchmark.Options().rates;

    @Option(names = "--step-ms", description = "Milliseconds per rate (default: ${DEFAULT-VALUE}).")
    long stepMillis = new ChannelBenchmark.Options().stepMillis;

    @Option(names = "--dir", paramLabel = "DIR", description = "Scratch directory for the processes' data (default: ${DEFAULT-VALUE}).")
    Path dir = new ChannelBenchmark.Options().dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the JSON result (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("target/bench/channel.json");

    @Override
    public Integer call() throws Exception {
      ChannelBenchmark.Options o = new ChannelBenchmark.Options();
      o.rates = rates;
      o.stepMillis = stepMillis;
      o.dir = dir;
      o.jsonOut = output;
      Files.createDirectories(output.toAbsolutePath().getParent());
      System.out.println(ChannelBenchmark.run(o).encodePrettily());
      return 0;
    }
  }

  @Command(name = "stream", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Stream fan-out: N WebSocket clients subscribed to one channel while the sample game runs",
          "(devchain and three nodes as separate JVMs); messages delivered per second and p99",
          "delivery latency per N."})
  static final class Stream implements Callable<Integer> {
    @Option(names = "--clients", split = ",", paramLabel = "N", description = "Client counts, in order (default: 100,1000,5000).")
    int[] clients = new StreamBenchmark.Options().clients;

    @Option(names = "--step-ms", description = "Milliseconds per client count (default: ${DEFAULT-VALUE}).")
    long stepMillis = new StreamBenchmark.Options().stepMillis;

    @Option(names = "--dir", paramLabel = "DIR", description = "Scratch directory for the processes' data (default: ${DEFAULT-VALUE}).")
    Path dir = new StreamBenchmark.Options().dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the JSON result (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("target/bench/stream.json");

    @Override
    public Integer call() throws Exception {
      StreamBenchmark.Options o = new StreamBenchmark.Options();
      o.clients = clients;
      o.stepMillis = stepMillis;
      o.dir = dir;
      o.jsonOut = output;
      Files.createDirectories(output.toAbsolutePath().getParent());
      System.out.println(StreamBenchmark.run(o).encodePrettily());
      return 0;
    }
  }
}
