package io.statecraft.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Channel throughput and latency: a devchain, a Leader and two Followers as separate JVMs on
 * this machine (127.0.0.1), running the grid game with ticks. Open-loop signed sample-game calls
 * ({@link LoadGenerator}: 90 % {@code set_direction}, 10 % {@code pay}, from the three members,
 * pre-signed, sent through the Leader's gateway) at rising rates until saturation (verified
 * calls/s below {@code saturationRatio} × offered, or errors/shedding above 1 %). Reports the
 * verified entries per second at saturation (Leader's verified height over time, ticks included)
 * and p50/p99 call → verified latency at half that rate. Writes JSON and markdown.
 *
 * <pre>ChannelBenchmark [--dir DIR] [--rates 500,1000,2000,5000,10000,20000] [--step-ms 8000] [--out FILE.json]</pre>
 */
public final class ChannelBenchmark {
  public static final class Options {
    public Path dir = Path.of("target", "bench-channel");
    public int[] rates = {500, 1_000, 2_000, 5_000, 10_000, 20_000};
    public long stepMillis = 8_000;
    public long tickIntervalMillis = 50;
    public double saturationRatio = 0.8;
    public int sandboxThreads = 2;
    public String nodeHeap = "1g";
    public Path jsonOut;
    public Path markdownOut;

    public static Options fromArgs(String[] args) {
      Map<String, String> m = BenchProcs.parseArgs(args);
      Options o = new Options();
      if (m.containsKey("dir")) o.dir = Path.of(m.get("dir"));
      if (m.containsKey("rates")) o.rates = Arrays.stream(m.get("rates").split(",")).mapToInt(Integer::parseInt).toArray();
      if (m.containsKey("step-ms")) o.stepMillis = Long.parseLong(m.get("step-ms"));
      if (m.containsKey("tick-ms")) o.tickIntervalMillis = Long.parseLong(m.get("tick-ms"));
      if (m.containsKey("sandbox-threads")) o.sandboxThreads = Integer.parseInt(m.get("sandbox-threads"));
      if (m.containsKey("out")) o.jsonOut = Path.of(m.get("out"));
      if (m.containsKey("md")) o.markdownOut = Path.of(m.get("md"));
      return o;
    }
  }

  private ChannelBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.fromArgs(args);
    JsonObject r = run(o);
    System.out.println(r.encodePrettily());
    System.exit(0);
  }

  public static JsonObject run(Options o) throws Exception {
    BenchProcs.deleteTree(o.dir);
    BenchCluster.Settings s = new BenchCluster.Settings();
    s.tickIntervalMillis = o.tickIntervalMillis;
    s.heartbeatWindowMillis = 15_000;
    s.nodeHeap = o.nodeHeap;
    s.sandboxThreads = o.sandboxThreads;
    JsonArray steps = new JsonArray();
    JsonObject result = new JsonObject().put("benchmark", "channel").put("cpus", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version")).put("tickIntervalMillis", o.tickIntervalMillis)
        .put("stepMillis", o.stepMillis);
    try (BenchCluster c = new BenchCluster(o.dir, s)) {
      c.start();
      BenchCluster.NodeProc leader = c.nodes.get(0);
      // Warm-up (JIT): a short run at the lowest rate, not reported.
      step(leader, o.rates[0], 3_000);
      double bestEntries = 0;
      double bestCalls = 0;
      for (int rate : o.rates) {
        JsonObject st = step(leader, rate, o.stepMillis);
        steps.add(st);
        System.err.println("[channel bench] " + st.encode());
        bestEntries = Math.max(bestEntries, st.getDouble("verifiedEntriesPerSec"));
        bestCalls = Math.max(bestCalls, st.getDouble("okPerSec"));
        if (saturated(st, rate, o.saturationRatio)) break;
      }
      result.put("steps", steps);
      result.put("saturationVerifiedEntriesPerSec", Math.round(bestEntries));
      result.put("saturationVerifiedCallsPerSec", Math.round(bestCalls));
      int half = (int) Math.max(1, bestCalls / 2);
      // The saturated step leaves the Followers thousands of entries behind; the half-rate step
      // measures latency only once they have verified that backlog, or its calls would queue
      // behind it and none would be verified within the step.
      long backlogEnd = leader.status().getLong("height");
      BenchCluster.awaitCond("the backlog is verified before the half-rate step", 180_000,
          () -> c.nodes.stream().allMatch(n -> n.status().getLong("verifiedHeight") >= backlogEnd));
      JsonObject h = step(leader, half, o.stepMillis);
      System.err.println("[channel bench] half rate " + h.encode());
      result.put("halfRate", h);
      JsonArray nodes = new JsonArray();
      for (BenchCluster.NodeProc n : c.nodes) nodes.add(n.status());
      result.put("nodesAtEnd", nodes);
    }
    if (o.jsonOut != null) Files.writeString(o.jsonOut, result.encodePrettily());
    if (o.markdownOut != null) Files.writeString(o.markdownOut, markdown(result));
    return result;
  }

  static boolean saturated(JsonObject st, int rate, double ratio) {
    long sent = st.getLong("sent");
    long bad = st.getLong("shed") + st.getLong("failed");
    return st.getDouble("okPerSec") < ratio * rate || bad > 0.01 * Math.max(1, sent) || st.getLong("inFlightAtEnd") > 0;
  }

  /** One open-loop step: POST /load, sample the Leader's verified height over the send window, wait (bounded) for the drain. */
  static JsonObject step(BenchCluster.NodeProc leader, int rate, long stepMillis) {
    JsonObject opts = new JsonObject().put("seeds", new JsonArray().add(0).add(1).add(2)).put("rate", rate)
        .put("durationMs", stepMillis).put("level", "verified").put("presign", true).put("maxInFlight", 100_000)
        .put("drainMs", 5_000);
    leader.post("/load", opts);
    long t0 = System.nanoTime();
    long h0 = leader.status().getLong("verifiedHeight");
    java.util.concurrent.locks.LockSupport.parkNanos(stepMillis * 1_000_000L);
    long h1 = leader.status().getLong("verifiedHeight");
    long t1 = System.nanoTime();
    BenchCluster.awaitCond("load step at " + rate + "/s drains", stepMillis + 60_000,
        () -> leader.get("/load").getBoolean("done"));
    JsonObject st = leader.get("/load");
    long failed = 0;
    for (Map.Entry<String, Object> e : st.getJsonObject("errors")) failed += ((Number) e.getValue()).longValue();
    return new JsonObject().put("rate", rate).put("sent", st.getLong("sent")).put("offeredPerSec", round(st.getDouble("offeredPerSec")))
        .put("ok", st.getLong("ok")).put("okPerSec", round(st.getDouble("okPerSec"))).put("shed", st.getLong("shed"))
        .put("failed", failed).put("errors", st.getJsonObject("errors")).put("inFlightAtEnd", st.getLong("inFlight"))
        .put("verifiedEntriesPerSec", round((h1 - h0) / ((t1 - t0) / 1e9)))
        .put("p50Ms", round(st.getDouble("p50Ms"))).put("p99Ms", round(st.getDouble("p99Ms"))).put("maxMs", round(st.getDouble("maxMs")));
  }

  static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  static String markdown(JsonObject r) {
    StringBuilder b = new StringBuilder("| offered calls/s | sent | verified calls/s | verified entries/s (incl. ticks) | p50 ms | p99 ms | shed | failed |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (Object x : r.getJsonArray("steps")) {
      JsonObject s = (JsonObject) x;
      b.append("| ").append(s.getInteger("rate")).append(" | ").append(s.getLong("sent")).append(" | ")
          .append(s.getDouble("okPerSec")).append(" | ").append(s.getDouble("verifiedEntriesPerSec")).append(" | ")
          .append(s.getDouble("p50Ms")).append(" | ").append(s.getDouble("p99Ms")).append(" | ").append(s.getLong("shed"))
          .append(" | ").append(s.getLong("failed")).append(" |\n");
    }
    JsonObject h = r.getJsonObject("halfRate");
    b.append("\nSaturation: ").append(r.getLong("saturationVerifiedEntriesPerSec")).append(" verified entries/s (")
        .append(r.getLong("saturationVerifiedCallsPerSec")).append(" verified calls/s). At half that call rate (")
        .append(h.getInteger("rate")).append("/s): p50 ").append(h.getDouble("p50Ms")).append(" ms, p99 ")
        .append(h.getDouble("p99Ms")).append(" ms call → verified.\n");
    return b.toString();
  }
}
