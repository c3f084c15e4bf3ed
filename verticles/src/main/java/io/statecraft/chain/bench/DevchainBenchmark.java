package io.statecraft.chain.bench;

import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.devchain.DevChain;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.rpc.DevchainServer;
import io.statecraft.chain.rpc.JsonRpcChainClient;
import io.statecraft.chain.rpc.JsonRpcClientOptions;
import io.statecraft.chain.rpc.JsonRpcServerOptions;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Devchain throughput: signed transfers from many accounts, counted when committed (the
 * submit future completes only after the block is on disk), first in process against
 * {@link DevChain}, then through JSON-RPC over loopback against a {@link DevchainServer}.
 *
 * <p>Transactions are signed before the clock starts, so the figure is the chain's (and the
 * RPC layer's), not the load generator's signing speed. Each account keeps a fixed window of
 * transactions in flight with consecutive nonces, within the devchain's per-sender limits.
 *
 * <p>Usage: {@code DevchainBenchmark <result.json> [--accounts N] [--window W] [--seconds S]
 * [--interval-ms I]}. Prints a markdown table and writes the JSON result to the given path.
 */
public final class DevchainBenchmark {

  /** What to run. */
  public record Options(int accounts, int window, int seconds, long blockIntervalMillis) {
    public static Options defaults() {
      return new Options(32, 8, 10, 50);
    }

    /** Reads {@code --accounts --window --seconds --interval-ms} from {@code args[from..]}. */
    public static Options parse(String[] args, int from) {
      Options o = defaults();
      for (int i = from; i + 1 < args.length; i += 2) {
        int v = Integer.parseInt(args[i + 1]);
        o = switch (args[i]) {
          case "--accounts" -> new Options(v, o.window, o.seconds, o.blockIntervalMillis);
          case "--window" -> new Options(o.accounts, v, o.seconds, o.blockIntervalMillis);
          case "--seconds" -> new Options(o.accounts, o.window, v, o.blockIntervalMillis);
          case "--interval-ms" -> new Options(o.accounts, o.window, o.seconds, v);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        };
      }
      return o;
    }
  }

  /** One mode's outcome. */
  public record Result(String mode, long committed, long refused, double seconds, double txPerSecond, long blocks,
      double p50Millis, double p99Millis) {
    JsonObject toJson() {
      return new JsonObject().put("mode", mode).put("committed", committed).put("refused", refused)
          .put("seconds", round(seconds)).put("txPerSecond", round(txPerSecond)).put("blocks", blocks)
          .put("p50LatencyMillis", round(p50Millis)).put("p99LatencyMillis", round(p99Millis));
    }
  }

  private DevchainBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DevchainBenchmark <result.json> [--accounts N] [--window W] [--seconds S] [--interval-ms I]");
      System.exit(64);
    }
    JsonObject result = run(Options.parse(args, 1));
    Path out = Path.of(args[0]);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, result.encodePrettily() + "\n", StandardCharsets.UTF_8);
    System.out.println(markdown(result));
    System.out.println("written to " + out.toAbsolutePath());
    System.exit(0);
  }

  /** Runs both modes and returns the JSON result (what {@code statecraft bench devchain} prints). */
  public static JsonObject run(Options o) throws Exception {
    Vertx vertx = Vertx.vertx();
    Path root = Files.createTempDirectory("devchain-bench");
    try {
      // Every mode runs a fresh chain with the same id, so one set of signed transactions serves all.
      Load load = Load.sign(DevChainOptions.DEFAULT_CHAIN_ID, o);
      List<Result> results = new ArrayList<>();
      results.add(inProcess(vertx, root.resolve("in-process"), o, load));
      results.add(overRpc(vertx, root.resolve("json-rpc"), o, load, false));
      results.add(overRpc(vertx, root.resolve("json-rpc-h2"), o, load, true));
      JsonArray arr = new JsonArray();
      results.forEach(r -> arr.add(r.toJson()));
      return new JsonObject()
          .put("benchmark", "devchain")
          .put("accounts", o.accounts).put("windowPerAccount", o.window)
          .put("blockIntervalMillis", o.blockIntervalMillis).put("seconds", o.seconds)
          .put("cores", Runtime.getRuntime().availableProcessors())
          .put("java", System.getProperty("java.version"))
          .put("results", arr);
    } finally {
      await(vertx.close());
      deleteTree(root);
    }
  }

  /** The signed load: one faucet per account, then consecutive transfers per account. */
  private record Load(List<SignedTx> funding, List<List<SignedTx>> transfers) {
    static Load sign(String chainId, Options o) {
      Random random = new Random(7);
      List<Ed25519.KeyPair> keys = new ArrayList<>();
      for (int i = 0; i < o.accounts; i++) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        keys.add(Ed25519.fromSeed(seed));
      }
      List<String> addresses = keys.stream().map(k -> SignedTx.addressOf(k.publicKey())).toList();
      List<SignedTx> funding = keys.stream()
          .map(k -> SignedTx.sign(k, chainId, 0, "faucet", new JsonObject().put("amount", "1000000000000")))
          .toList();
      // Enough for 8000 tx/s, several times what 2 cores manage; running out just ends a
      // mode early (its rate uses the real elapsed time).
      int perAccount = Math.max(200, 8_000 * o.seconds / o.accounts);
      List<List<SignedTx>> transfers = IntStream.range(0, o.accounts).parallel().mapToObj(i -> {
        List<SignedTx> list = new ArrayList<>(perAccount);
        for (int n = 0; n < perAccount; n++) {
          String to = addresses.get((i + 1 + n) % o.accounts);
          list.add(SignedTx.sign(keys.get(i), chainId, 1 + n, "transfer", new JsonObject().put("to", to).put("amount", "1")));
        }
        return list;
      }).toList();
      return new Load(funding, transfers);
    }
  }

  private static Result inProcess(Vertx vertx, Path dir, Options o, Load load) throws Exception {
    DevChain chain = await(DevChain.open(vertx, chainOptions(dir, o)));
    try {
      return drive("in-process", vertx, chain, o, load);
    } finally {
      await(chain.close());
    }
  }

  private static Result overRpc(Vertx vertx, Path dir, Options o, Load load, boolean http2) throws Exception {
    DevchainServer server = await(DevchainServer.start(vertx, chainOptions(dir, o),
        new JsonRpcServerOptions().setHost("127.0.0.1").setPort(0), null));
    // Each waiting submit holds one HTTP/1.1 connection until its block commits.
    JsonRpcChainClient client = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(server.url())
        .setMaxConnections(o.accounts * o.window).setHttp2(http2));
    try {
      return drive(http2 ? "json-rpc (HTTP/2)" : "json-rpc (HTTP/1.1)", vertx, client, o, load);
    } finally {
      await(client.close());
      await(server.close());
    }
  }

  private static DevChainOptions chainOptions(Path dir, Options o) {
    return new DevChainOptions().dataDir(dir).devMode(true).blockIntervalMillis(o.blockIntervalMillis)
        .maxTxPerBlock(Math.max(1000, o.accounts * o.window));
  }

  private static Result drive(String mode, Vertx vertx, SettlementChain chain, Options o, Load load) throws Exception {
    String chainId = await(chain.status()).chainId();
    if (!chainId.equals(load.funding().get(0).chainId())) throw new IllegalStateException("unexpected chain id " + chainId);
    List<Future<TxReceipt>> funding = new ArrayList<>();
    for (SignedTx tx : load.funding()) funding.add(chain.submit(tx));
    for (Future<TxReceipt> f : funding) await(f);
    List<List<SignedTx>> txs = load.transfers();

    long startHeight = await(chain.status()).height();
    Run run = new Run(vertx.getOrCreateContext(), chain, txs, o.window,
        System.nanoTime() + TimeUnit.SECONDS.toNanos(o.seconds));
    run.start();
    Run.Stats s = await(run.done.future());
    long blocks = await(chain.status()).height() - startHeight;
    double secs = s.elapsedNanos / 1e9;
    return new Result(mode, s.committed, s.refused, secs, s.committed / secs, blocks,
        percentile(s.latencies, 0.50), percentile(s.latencies, 0.99));
  }

  /** The load loop; all its state lives on one event-loop context. */
  private static final class Run {
    record Stats(long committed, long refused, long elapsedNanos, long[] latencies) {}

    final Context ctx;
    final SettlementChain chain;
    final List<List<SignedTx>> txs;
    final int window;
    final long deadline;
    final int[] next;
    final long[] latencies;
    int latencyCount;
    long committed;
    long refused;
    int inFlight;
    long start;
    final Promise<Stats> done = Promise.promise();

    Run(Context ctx, SettlementChain chain, List<List<SignedTx>> txs, int window, long deadline) {
      this.ctx = ctx;
      this.chain = chain;
      this.txs = txs;
      this.window = window;
      this.deadline = deadline;
      this.next = new int[txs.size()];
      this.latencies = new long[txs.stream().mapToInt(List::size).sum()];
    }

    void start() {
      ctx.runOnContext(v -> {
        start = System.nanoTime();
        for (int a = 0; a < txs.size(); a++) {
          for (int w = 0; w < window; w++) send(a);
        }
      });
    }

    private void send(int account) {
      List<SignedTx> list = txs.get(account);
      if (System.nanoTime() >= deadline || next[account] >= list.size()) {
        if (inFlight == 0 && !done.future().isComplete()) finish();
        return;
      }
      SignedTx tx = list.get(next[account]++);
      long t0 = System.nanoTime();
      inFlight++;
      chain.submit(tx).onComplete(ar -> {
        inFlight--;
        if (ar.succeeded()) {
          committed++;
          latencies[latencyCount++] = System.nanoTime() - t0;
          send(account);
        } else {
          // A refused transfer leaves a nonce gap: this account stops.
          refused++;
          if (inFlight == 0 && !done.future().isComplete()) finish();
        }
      });
    }

    private void finish() {
      done.complete(new Stats(committed, refused, System.nanoTime() - start, Arrays.copyOf(latencies, latencyCount)));
    }
  }

  private static double percentile(long[] nanos, double p) {
    if (nanos.length == 0) return 0;
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
  }

  /** The result as a markdown table. */
  public static String markdown(JsonObject result) {
    StringBuilder sb = new StringBuilder();
    sb.append("| mode | committed tx | tx/s | blocks | p50 latency ms | p99 latency ms | refused |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Object o : result.getJsonArray("results")) {
      JsonObject r = (JsonObject) o;
      sb.append("| ").append(r.getString("mode"))
          .append(" | ").append(r.getLong("committed"))
          .append(" | ").append(r.getDouble("txPerSecond"))
          .append(" | ").append(r.getLong("blocks"))
          .append(" | ").append(r.getDouble("p50LatencyMillis"))
          .append(" | ").append(r.getDouble("p99LatencyMillis"))
          .append(" | ").append(r.getLong("refused"))
          .append(" |\n");
    }
    sb.append("\n").append(result.getInteger("accounts")).append(" accounts x ").append(result.getInteger("windowPerAccount"))
        .append(" in flight, block interval ").append(result.getLong("blockIntervalMillis")).append(" ms, ")
        .append(result.getInteger("seconds")).append(" s per mode, ").append(result.getInteger("cores")).append(" cores, Java ")
        .append(result.getString("java"));
    return sb.toString();
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
