package io.statecraft.bench;

import io.statecraft.chain.CodeHash;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.rpc.JsonRpcChainClient;
import io.statecraft.chain.rpc.JsonRpcClientOptions;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.game.GridGame;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A devchain process and n channel-node processes ({@link DevchainMain}, {@link ChannelNodeMain})
 * on 127.0.0.1 running the sample grid game channel; member i runs node i. Node 0 is started
 * first and becomes the Leader. Every wait is bounded.
 */
public final class BenchCluster implements AutoCloseable {
  /** Channel settings. */
  public static final class Settings {
    public int nodes = 3;
    public long blockMillis = 50;
    public long tickIntervalMillis = 50;
    public long heartbeatWindowMillis = 3_000;
    /**
     * Long by default: a Follower files censorship for a forwarded call the Leader never
     * sequenced; on an overloaded machine an honest Leader can be slower than the spec's 30 s
     * default (and a refused or relay-lost forwarded call is still watched, see BENCHMARKS-channel.md).
     */
    public long censorshipTimeoutMillis = 600_000;
    public int gridSize = 64;
    public int coins = 32;
    public int maxPlayers = 16;
    public String nodeHeap = "512m";
    public int sandboxThreads = 2;
    public int streamInstances = 1;
  }

  public final Path dir;
  public final Settings s;
  public final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process devchain;
  public String chainUrl;
  private JsonRpcChainClient chain;
  private String chainId;
  public String channelId;
  public final List<NodeProc> nodes = new ArrayList<>();

  /** One node process slot (survives restarts: same data dir, same ports). */
  public final class NodeProc {
    public final int index;
    public final int peerPort;
    public final int streamPort;
    public Process process;
    public int controlPort;
    int starts;

    NodeProc(int index) throws IOException {
      this.index = index;
      this.peerPort = BenchProcs.freePort();
      this.streamPort = BenchProcs.freePort();
    }

    public Path dataDir() {
      return dir.resolve("node" + index);
    }

    public void start() throws IOException {
      Path ready = dir.resolve("node" + index + ".ready." + (++starts));
      Path log = dir.resolve("node" + index + ".log");
      process = BenchProcs.start(ChannelNodeMain.class, s.nodeHeap, List.of("--chain", chainUrl, "--data",
          dataDir().toString(), "--seed", Integer.toString(index), "--peer-port", Integer.toString(peerPort),
          "--stream-port", Integer.toString(streamPort), "--channel", channelId, "--ready", ready.toString(),
          "--sandbox-threads", Integer.toString(s.sandboxThreads), "--stream-instances",
          Integer.toString(s.streamInstances)), log);
      controlPort = BenchProcs.awaitReady(ready, process, 60_000, log).getInteger("controlPort");
    }

    public void kill9() {
      BenchProcs.kill9(process);
    }

    public boolean alive() {
      return process != null && process.isAlive();
    }

    public JsonObject status() {
      return get("/status");
    }

    public JsonObject get(String path) {
      return request(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path)).GET());
    }

    public JsonObject post(String path, JsonObject body) {
      return request(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private JsonObject request(HttpRequest.Builder b) {
      try {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("node " + index + ": HTTP " + r.statusCode() + " " + r.body());
        return new JsonObject(r.body());
      } catch (IOException e) {
        throw new IllegalStateException("node " + index + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** The verified entries in [from, to] (tx hash, state root, timestamp), paged. */
    public JsonArray entries(long from, long to) {
      JsonArray out = new JsonArray();
      for (long a = from; a <= to; a += 2000) {
        out.addAll(get("/entries?from=" + a + "&to=" + Math.min(to, a + 1999)).getJsonArray("entries"));
      }
      return out;
    }

    public String role() {
      return status().getString("role");
    }
  }

  public BenchCluster(Path dir, Settings s) {
    this.dir = dir;
    this.s = s;
  }

  /** Starts the devchain, creates the channel, joins every member, starts node 0 (Leader) then the rest. */
  public void start() throws Exception {
    Files.createDirectories(dir);
    Path ready = dir.resolve("devchain.ready");
    Path log = dir.resolve("devchain.log");
    devchain = BenchProcs.start(DevchainMain.class, "512m", List.of("--data", dir.resolve("chain").toString(),
        "--ready", ready.toString(), "--block-ms", Long.toString(s.blockMillis)), log);
    chainUrl = BenchProcs.awaitReady(ready, devchain, 60_000, log).getString("url");
    chain = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(chainUrl));
    chainId = await(chain.status()).chainId();
    Ed25519.KeyPair publisher = BenchKeys.member(BenchKeys.PUBLISHER);
    submit(publisher, "faucet", new JsonObject().put("amount", "1000000"));
    List<String> modules = List.of(Hex.encode(ChannelFramework.resource(GridGame.RESOURCE)));
    JsonObject params = new JsonObject().put("heartbeatWindowMillis", s.heartbeatWindowMillis)
        .put("settlePeriodBlocks", 1_000_000_000L).put("censorshipTimeoutMillis", s.censorshipTimeoutMillis);
    JsonObject create = new JsonObject().put("modules", new JsonArray(modules)).put("codeHash", CodeHash.ofHex(modules))
        .put("initFunction", GridGame.MODULE + "::init(" + s.gridSize + ", " + s.gridSize + ", " + s.coins + ", "
            + s.maxPlayers + ")")
        .put("tickFunction", GridGame.TICK_FUNCTION).put("tickIntervalMillis", s.tickIntervalMillis)
        .put("memberLimit", 10).put("stake", "1000").put("params", params);
    channelId = submit(publisher, "channel.create", create).getJsonObject("result").getString("channelId");
    for (int i = 0; i < s.nodes; i++) {
      NodeProc n = new NodeProc(i);
      nodes.add(n);
      Ed25519.KeyPair k = BenchKeys.member(i);
      submit(k, "faucet", new JsonObject().put("amount", "1000000"));
      submit(k, "channel.join", new JsonObject().put("channelId", channelId)
          .put("stake", new JsonObject().put("amount", "1000")).put("nodeKey", Hex.encode(k.publicKey()))
          .put("endpoint", "127.0.0.1:" + n.peerPort).put("assets", new JsonObject().put("coin", "100000")));
    }
    nodes.get(0).start();
    awaitCond("node 0 leads", 60_000, () -> "LEADER".equals(nodes.get(0).role()));
    for (int i = 1; i < nodes.size(); i++) nodes.get(i).start();
    awaitCond("everyone follows and holds every join", 60_000, () -> {
      for (int i = 1; i < nodes.size(); i++) {
        JsonObject st = nodes.get(i).status();
        if (!"FOLLOWER".equals(st.getString("role")) || st.getLong("verifiedHeight") < nodes.size()) return false;
      }
      return true;
    });
    JsonArray seeds = new JsonArray();
    for (int i = 0; i < nodes.size(); i++) seeds.add(i);
    nodes.get(0).post("/game-join", new JsonObject().put("seeds", seeds));
  }

  private JsonObject submit(Ed25519.KeyPair k, String kind, JsonObject args) {
    String a = SignedTx.addressOf(k.publicKey());
    long nonce = await(chain.account(a)).nonce();
    return await(chain.submit(SignedTx.sign(k, chainId, nonce, kind, args))).toJson();
  }

  public NodeProc leader() {
    for (NodeProc n : nodes) {
      if (n.alive()) {
        try {
          if ("LEADER".equals(n.role())) return n;
        } catch (RuntimeException ignored) {
          // not answering
        }
      }
    }
    return null;
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code cond} every 50 ms until it holds; fails after {@code timeoutMs}. Exceptions count as "not yet". */
  public static void awaitCond(String what, long timeoutMs, java.util.function.BooleanSupplier cond) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    RuntimeException last = null;
    while (true) {
      try {
        if (cond.getAsBoolean()) return;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for: " + what
            + (last == null ? "" : " (last error: " + last + ")"));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  static <T> boolean all(List<T> xs, Predicate<T> p) {
    for (T x : xs) if (!p.test(x)) return false;
    return true;
  }

  @Override
  public void close() {
    for (NodeProc n : nodes) {
      if (n.process != null) BenchProcs.kill9(n.process);
    }
    if (devchain != null) BenchProcs.kill9(devchain);
    if (chain != null) {
      try {
        await(chain.close());
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    await(vertx.close());
  }
}
