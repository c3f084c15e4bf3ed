package io.statecraft.bench;

import static io.statecraft.bench.BenchCluster.await;
import static io.statecraft.bench.BenchCluster.awaitCond;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel core across processes: a devchain JVM and three node JVMs (Leader + 2 Followers)
 * play the grid game under load (signed calls from every member through its own node's gateway,
 * plus 10 Hz ticks) while a WebSocket client per node records every verified change it sees.
 * kill -9 a Follower and restart it on its data dir; kill -9 the Leader and restart it (a
 * Follower takes over after the 3 s heartbeat window). After each: every node holds the same
 * state root at the same height, and every (height, tx hash) a client saw verified is in every
 * node's log unchanged.
 */
@Tag("multiprocess")
@Timeout(300)
class MultiProcessCrashTest {
  /** Under target/ and kept, so the processes' logs can be read after a failure. */
  final Path dir = Path.of("target", "multiprocess-crash-" + System.currentTimeMillis()).toAbsolutePath();

  /** height → tx hash, as seen verified by any client; a second, different hash is a violation. */
  final Map<Long, String> seen = new ConcurrentSkipListMap<>();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final Map<Integer, WsSubscriber> subs = new ConcurrentHashMap<>();

  @Test
  void killNineFollowerThenLeaderLosesNoVerifiedEntryAndAllNodesAgree() throws Exception {
    BenchCluster.Settings s = new BenchCluster.Settings();
    s.heartbeatWindowMillis = 3_000;
    s.tickIntervalMillis = 100;
    s.nodeHeap = "384m";
    try (BenchCluster c = new BenchCluster(dir, s)) {
      c.start();
      WebSocketClient ws = c.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(64));
      for (int i = 0; i < 3; i++) subscribe(c, ws, i);
      for (int i = 0; i < 3; i++) startLoad(c.nodes.get(i));

      // ---- kill -9 a Follower, the others go on, restart it on the same data dir.
      long before1 = awaitSeenAbove(60, 30_000);
      BenchCluster.NodeProc f = c.nodes.get(2);
      f.kill9();
      long atKill = c.nodes.get(0).status().getLong("held");
      awaitCond("the channel goes on without the Follower", 30_000,
          () -> c.nodes.get(0).status().getLong("held") > atKill + 60);
      f.start();
      subscribe(c, ws, 2);
      startLoad(f);
      awaitCaughtUp(c, 90_000);
      assertAgree(c, "after the Follower's kill -9");
      assertThat(seen.keySet()).as("clients saw entries before the kill").anyMatch(h -> h > before1);

      // ---- kill -9 the Leader: a Follower takes over after the heartbeat window; restart it.
      BenchCluster.NodeProc leader = c.nodes.get(0);
      long seenBefore = awaitSeenAbove(lastSeen() + 30, 30_000);
      leader.kill9();
      awaitCond("a Follower takes over", 60_000, () -> {
        for (int i = 1; i < 3; i++) {
          JsonObject st = c.nodes.get(i).status();
          if ("LEADER".equals(st.getString("role")) && st.getLong("term") >= 2) return true;
        }
        return false;
      });
      BenchCluster.NodeProc newLeader = c.leader();
      assertThat(newLeader).isNotNull();
      JsonObject took = newLeader.status();
      long resumed = took.getLong("height");
      assertThat(resumed).as("the new Leader's log holds at least what clients saw verified: " + took)
          .isGreaterThanOrEqualTo(seenBefore);
      leader.start();
      subscribe(c, ws, 0);
      startLoad(leader);
      awaitCond("the old Leader follows", 30_000, () -> "FOLLOWER".equals(leader.role()));
      awaitCaughtUp(c, 90_000);
      for (BenchCluster.NodeProc n : c.nodes) n.post("/load/stop", new JsonObject());
      awaitCaughtUp(c, 90_000);
      assertAgree(c, "after the Leader's kill -9");
      assertThat(violations).isEmpty();
      for (BenchCluster.NodeProc n : c.nodes) assertThat(n.status().getBoolean("frozen")).isFalse();
      JsonObject load = newLeader.get("/load");
      assertThat(load.getLong("ok")).as("calls verified under load: " + load).isGreaterThan(0);
    }
  }

  private void subscribe(BenchCluster c, WebSocketClient ws, int i) {
    WsSubscriber old = subs.get(i);
    OptionalLong from = old == null || old.lastHeight() < 0 ? OptionalLong.empty() : OptionalLong.of(old.lastHeight());
    WsSubscriber sub = new WsSubscriber();
    await(sub.connect(ws, c.nodes.get(i).streamPort, c.channelId, BenchKeys.member(i), from,
        new WsSubscriber.Listener() {
          @Override
          public void onChange(long height, String txHash, long recvMillis) {
            String prev = seen.putIfAbsent(height, txHash);
            if (prev != null && !prev.equals(txHash)) {
              violations.add("node " + i + " client saw " + txHash + " at " + height + ", another saw " + prev);
            }
          }

          @Override
          public void onError(String frame) {
            violations.add("node " + i + " subscription error " + frame);
          }
        }));
    subs.put(i, sub);
  }

  private static void startLoad(BenchCluster.NodeProc n) {
    n.post("/load", new JsonObject().put("seeds", new JsonArray().add(n.index)).put("rate", 5)
        .put("durationMs", 240_000).put("level", "verified").put("drainMs", 1));
  }

  private long lastSeen() {
    return seen.isEmpty() ? 0 : ((ConcurrentSkipListMap<Long, String>) seen).lastKey();
  }

  private long awaitSeenAbove(long h, long timeoutMs) {
    awaitCond("clients see height " + h, timeoutMs, () -> lastSeen() > h);
    return lastSeen();
  }

  /** Every live node's verified height reaches the highest verified height seen at the start. */
  private static void awaitCaughtUp(BenchCluster c, long timeoutMs) {
    long target = 0;
    for (BenchCluster.NodeProc n : c.nodes) target = Math.max(target, n.status().getLong("held"));
    long t = target;
    awaitCond("all nodes verified up to " + t, timeoutMs, () -> {
      for (BenchCluster.NodeProc n : c.nodes) if (n.status().getLong("held") < t) return false;
      return true;
    });
  }

  /** Same state root at the same height on every node; every entry a client saw verified is in every log. */
  private void assertAgree(BenchCluster c, String when) {
    long common = Long.MAX_VALUE;
    for (BenchCluster.NodeProc n : c.nodes) common = Math.min(common, n.status().getLong("held"));
    Map<Integer, JsonArray> logs = new HashMap<>();
    for (BenchCluster.NodeProc n : c.nodes) logs.put(n.index, n.entries(1, common));
    List<String> problems = new ArrayList<>();
    String root0 = logs.get(0).getJsonObject((int) common - 1).getString("stateRoot", "(none)");
    for (BenchCluster.NodeProc n : c.nodes) {
      JsonArray log = logs.get(n.index);
      assertThat(log.getJsonObject((int) common - 1).getString("stateRoot", log.getJsonObject((int) common - 1).encode()))
          .as("%s: node %d's state root at height %d", when, n.index, common).isEqualTo(root0);
      for (Map.Entry<Long, String> e : seen.entrySet()) {
        if (e.getKey() > common) break;
        JsonObject entry = log.getJsonObject((int) (e.getKey() - 1));
        if (entry == null || !e.getValue().equals(entry.getString("txHash"))) {
          problems.add("node " + n.index + " height " + e.getKey() + ": client saw " + e.getValue() + ", log has "
              + (entry == null ? "nothing" : entry.encode()));
        }
      }
    }
    if (problems.size() > 20) problems = new ArrayList<>(problems.subList(0, 20));
    assertThat(problems).as("%s: verified entries lost or rewritten (common height %d, %d seen)", when, common,
        seen.size()).isEmpty();
    assertThat(seen.size()).as("clients saw verified entries").isGreaterThan(100);
  }
}
