package io.statecraft.bench;

import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Stream fan-out: N WebSocket clients (this JVM) subscribed to one channel on one node (a
 * Follower) while the grid game runs in a devchain + 3-node cluster (separate JVMs) with ticks at
 * {@code tickIntervalMillis} plus {@code callRate} calls/s. For each N: messages delivered per
 * second (all clients) and delivery latency (client receive time − the entry's Leader timestamp,
 * same machine clock, ms resolution) p50/p99. Bounded: connect phase ≤ 120 s, measure window
 * {@code stepMillis}, at most {@code maxSamples} latency samples.
 *
 * <pre>StreamBenchmark [--dir DIR] [--clients 100,1000,5000] [--step-ms 10000] [--tick-ms 33] [--call-rate 50]</pre>
 */
public final class StreamBenchmark {
  public static final class Options {
    public Path dir = Path.of("target", "bench-stream");
    public int[] clients = {100, 1_000, 5_000};
    public long stepMillis = 10_000;
    public long tickIntervalMillis = 33;
    public int callRate = 50;
    public int subscribeNode = 1;
    public int maxSamples = 8_000_000;
    public int streamInstances = 2;
    public Path jsonOut;
    public Path markdownOut;

    public static Options fromArgs(String[] args) {
      Map<String, String> m = BenchProcs.parseArgs(args);
      Options o = new Options();
      if (m.containsKey("dir")) o.dir = Path.of(m.get("dir"));
      if (m.containsKey("clients")) o.clients = Arrays.stream(m.get("clients").split(",")).mapToInt(Integer::parseInt).toArray();
      if (m.containsKey("step-ms")) o.stepMillis = Long.parseLong(m.get("step-ms"));
      if (m.containsKey("tick-ms")) o.tickIntervalMillis = Long.parseLong(m.get("tick-ms"));
      if (m.containsKey("call-rate")) o.callRate = Integer.parseInt(m.get("call-rate"));
      if (m.containsKey("stream-instances")) o.streamInstances = Integer.parseInt(m.get("stream-instances"));
      if (m.containsKey("out")) o.jsonOut = Path.of(m.get("out"));
      if (m.containsKey("md")) o.markdownOut = Path.of(m.get("md"));
      return o;
    }
  }

  private StreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    JsonObject r = run(Options.fromArgs(args));
    System.out.println(r.encodePrettily());
    System.exit(0);
  }

  public static JsonObject run(Options o) throws Exception {
    BenchProcs.deleteTree(o.dir);
    BenchCluster.Settings s = new BenchCluster.Settings();
    s.tickIntervalMillis = o.tickIntervalMillis;
    s.heartbeatWindowMillis = 15_000;
    s.streamInstances = o.streamInstances;
    JsonObject result = new JsonObject().put("benchmark", "stream").put("cpus", Runtime.getRuntime().availableProcessors())
        .put("tickIntervalMillis", o.tickIntervalMillis).put("callRate", o.callRate).put("stepMillis", o.stepMillis)
        .put("openFilesLimit", openFilesLimit());
    JsonArray steps = new JsonArray();
    try (BenchCluster c = new BenchCluster(o.dir, s)) {
      c.start();
      BenchCluster.NodeProc leader = c.nodes.get(0);
      BenchCluster.NodeProc target = c.nodes.get(o.subscribeNode);
      long totalMs = (o.stepMillis + 150_000L) * o.clients.length;
      leader.post("/load", new JsonObject().put("seeds", new JsonArray().add(0).add(1).add(2)).put("rate", o.callRate)
          .put("durationMs", totalMs).put("level", "accepted").put("drainMs", 1));
      Ed25519.KeyPair[] keys = {BenchKeys.member(0), BenchKeys.member(1), BenchKeys.member(2)};
      for (int n : o.clients) {
        JsonObject st = step(c, target, keys, n, o);
        steps.add(st);
        System.err.println("[stream bench] " + st.encode());
      }
      leader.post("/load/stop", new JsonObject());
    }
    result.put("steps", steps);
    if (o.jsonOut != null) Files.writeString(o.jsonOut, result.encodePrettily());
    if (o.markdownOut != null) Files.writeString(o.markdownOut, markdown(result));
    return result;
  }

  static JsonObject step(BenchCluster c, BenchCluster.NodeProc target, Ed25519.KeyPair[] keys, int n, Options o) {
    long base = System.currentTimeMillis();
    long[] samples = new long[o.maxSamples];
    AtomicLong idx = new AtomicLong();
    AtomicLong received = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong closedCount = new AtomicLong();
    boolean[] measuring = {false};
    WebSocketClient ws = c.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 16)
        .setConnectTimeout(30_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    List<WsSubscriber> subs = new ArrayList<>();
    String connectError = null;
    long connectStart = System.nanoTime();
    WsSubscriber.Listener l = new WsSubscriber.Listener() {
      @Override
      public void onChange(long height, String txHash, long recvMillis) {
        if (!measuring[0]) return;
        received.incrementAndGet();
        long k = idx.getAndIncrement();
        if (k < samples.length) samples[(int) k] = (height << 24) | Math.min((1 << 24) - 1, recvMillis - base);
      }

      @Override
      public void onError(String frame) {
        errors.incrementAndGet();
      }

      @Override
      public void onClosed() {
        closedCount.incrementAndGet();
      }
    };
    // Connect in bounded batches of 200 so the node's accept queue is not flooded.
    for (int i = 0; i < n && connectError == null; i += 200) {
      List<Future<WsSubscriber>> fs = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 200); j++) {
        WsSubscriber sub = new WsSubscriber();
        subs.add(sub);
        fs.add(sub.connect(ws, target.streamPort, c.channelId, keys[j % keys.length], OptionalLong.empty(), l));
      }
      try {
        BenchCluster.await(Future.all(fs));
      } catch (RuntimeException e) {
        connectError = "after " + i + " connections: " + e.getMessage();
      }
      if (System.nanoTime() - connectStart > TimeUnit.SECONDS.toNanos(120)) connectError = "connect phase over 120 s at " + i;
    }
    long connectMs = (System.nanoTime() - connectStart) / 1_000_000;
    JsonObject st = new JsonObject().put("clients", n).put("connectMs", connectMs);
    if (connectError != null) st.put("connectError", connectError);
    try {
      BenchCluster.awaitCond("every client holds its snapshot", 60_000, () -> {
        for (WsSubscriber x : subs) if (x.lastHeight() < 0 && !x.closed()) return false;
        return true;
      });
    } catch (RuntimeException e) {
      st.put("snapshotWait", e.getMessage());
    }
    JsonObject before = target.status();
    long h0 = before.getLong("verifiedHeight");
    measuring[0] = true;
    long t0 = System.nanoTime();
    LockSupport.parkNanos(o.stepMillis * 1_000_000L);
    measuring[0] = false;
    long secs = System.nanoTime() - t0;
    long h1 = target.status().getLong("verifiedHeight");
    double wall = secs / 1e9;
    int count = (int) Math.min(idx.get(), samples.length);
    // Entry timestamps (Leader clock) for the heights seen.
    long minH = Long.MAX_VALUE;
    long maxH = 0;
    for (int i = 0; i < count; i++) {
      long h = samples[i] >>> 24;
      minH = Math.min(minH, h);
      maxH = Math.max(maxH, h);
    }
    Map<Long, Long> ts = new HashMap<>();
    if (count > 0) {
      JsonArray es = target.entries(minH, maxH);
      for (Object x : es) {
        if (x instanceof JsonObject e) ts.put(e.getLong("height"), e.getLong("ts"));
      }
    }
    long[] lat = new long[count];
    int m = 0;
    for (int i = 0; i < count; i++) {
      Long t = ts.get(samples[i] >>> 24);
      if (t != null) lat[m++] = base + (samples[i] & ((1 << 24) - 1)) - t;
    }
    lat = Arrays.copyOf(lat, m);
    Arrays.sort(lat);
    double entriesPerSec = (h1 - h0) / wall;
    st.put("verifiedEntriesPerSec", ChannelBenchmark.round(entriesPerSec))
        .put("expectedMessagesPerSec", Math.round(entriesPerSec * n))
        .put("messagesPerSec", Math.round(received.get() / wall))
        .put("p50Ms", m == 0 ? 0 : lat[m / 2]).put("p99Ms", m == 0 ? 0 : lat[Math.min(m - 1, (int) (m * 0.99))])
        .put("maxMs", m == 0 ? 0 : lat[m - 1]).put("errors", errors.get()).put("closedByServer", closedCount.get());
    for (WsSubscriber x : subs) x.close();
    BenchCluster.await(ws.close());
    return st;
  }

  static long openFilesLimit() {
    try {
      var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean u) return u.getMaxFileDescriptorCount();
    } catch (RuntimeException | LinkageError ignored) {
      // not a Unix JVM
    }
    return -1;
  }

  static String markdown(JsonObject r) {
    StringBuilder b = new StringBuilder("| clients | connect ms | verified entries/s | expected msgs/s | delivered msgs/s | p50 ms | p99 ms | max ms | errors | closed by server |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Object x : r.getJsonArray("steps")) {
      JsonObject s = (JsonObject) x;
      b.append("| ").append(s.getInteger("clients")).append(" | ").append(s.getLong("connectMs")).append(" | ")
          .append(s.getDouble("verifiedEntriesPerSec")).append(" | ").append(s.getLong("expectedMessagesPerSec"))
          .append(" | ").append(s.getLong("messagesPerSec")).append(" | ").append(s.getLong("p50Ms")).append(" | ")
          .append(s.getLong("p99Ms")).append(" | ").append(s.getLong("maxMs")).append(" | ").append(s.getLong("errors"))
          .append(" | ").append(s.getLong("closedByServer")).append(" |\n");
    }
    return b.toString();
  }
}
