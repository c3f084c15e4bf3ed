package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.verticle.peer.PeerCluster.Node;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerLinkTest {
  PeerCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = new PeerCluster();
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void fourNodesExchangeMessagesInOrderOverOneLinkPerPair(VertxTestContext tc) throws InterruptedException {
    for (int i = 0; i < 4; i++) cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    int perPair = 200;
    Checkpoint done = tc.checkpoint(4 * 3);
    for (Node n : cluster.nodes) {
      Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
      n.net.onMessage(m -> tc.verify(() -> {
        assertThat(m.type()).isEqualTo("test.seq");
        int expected = next.computeIfAbsent(m.from(), k -> new AtomicInteger()).getAndIncrement();
        assertThat(m.payload().getInt(0)).as("in order from %s", m.from()).isEqualTo(expected);
        if (expected == perPair - 1) done.flag();
      }));
    }
    // onMessage is registered asynchronously on each node's context: a round of pings settles it.
    cluster.awaitTrue(() -> cluster.nodes.stream().allMatch(n -> n.net.latencyMillis(cluster.nodes.get(0).name()).isPresent()
        || n == cluster.nodes.get(0)), 5_000, "rtt measured");
    for (Node a : cluster.nodes) {
      for (Node b : cluster.nodes) {
        if (a == b) continue;
        a.vertx.runOnContext(v -> {
          for (int i = 0; i < perPair; i++) {
            a.net.send(b.name(), "test.seq", Buffer.buffer().appendInt(i)).onFailure(tc::failNow);
          }
        });
      }
    }
    tc.awaitCompletion(30, TimeUnit.SECONDS);
    // Exactly one link per pair on every node, however the dials raced.
    for (Node n : cluster.nodes) {
      assertThat(n.net.linksUp()).hasSize(3);
      assertThat(n.net.metrics().linksUp.get()).isEqualTo(3);
      assertThat(n.net.metrics().badSignatures.count()).isZero();
    }
  }

  @Test
  void heartbeatsMeasureLatency() {
    Node a = cluster.add();
    Node b = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    cluster.awaitTrue(() -> a.net.latencyMillis(b.name()).isPresent() && b.net.latencyMillis(a.name()).isPresent(),
        5_000, "latency");
    assertThat(a.net.latencyMillis(b.name()).get()).isBetween(0L, 50L);
    cluster.faults.delayBoth(a.name(), b.name(), 30);
    cluster.awaitTrue(() -> a.net.latencyMillis(b.name()).orElse(0L) >= 50, 10_000, "latency reflects the 60 ms delay");
    assertThat(a.net.nextHop(b.name())).contains(b.name());
    JsonAssert.status(a.net);
  }

  @Test
  void sendsFailClearly() {
    Node a = cluster.add();
    Node b = cluster.add();
    assertThat(failure(a.net.send(b.name(), "x", Buffer.buffer("hi")))).isEqualTo(PeerSendException.Reason.UNKNOWN_PEER);
    a.net.addPeer(b.name(), b.endpoint()); // b does not know a: refused, so unreachable
    assertThat(failure(a.net.send(b.name(), "x", Buffer.buffer("hi")))).isEqualTo(PeerSendException.Reason.UNREACHABLE);
    Buffer big = Buffer.buffer(new byte[a.options.maxFrameBytes]);
    assertThat(failure(a.net.send(b.name(), "x", big))).isEqualTo(PeerSendException.Reason.TOO_LARGE);
    cluster.awaitTrue(() -> b.net.metrics().refusedCount("unknown_key") >= 1, 5_000, "refusal of an unknown key");
    assertThat(b.net.linksUp()).isEmpty();
    assertThat(a.net.linksUp()).isEmpty();
  }

  @Test
  void reconnectsAfterAPeerRestarts(VertxTestContext tc) {
    Node a = cluster.add();
    Node b = cluster.add();
    Node c = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    cluster.stop(c);
    cluster.awaitTrue(() -> !a.net.linkUp(c.name()) && !b.net.linkUp(c.name()), 10_000, "c seen down");
    assertThat(failure(a.net.send(c.name(), "x", Buffer.buffer("lost")))).isEqualTo(PeerSendException.Reason.UNREACHABLE);
    // Same key, same port: the others find it again by themselves (reconnect with backoff).
    c.options.port = c.port;
    cluster.start(c);
    c.net.addPeer(a.name(), a.endpoint());
    c.net.addPeer(b.name(), b.endpoint());
    cluster.awaitFullMesh();
    Set<String> from = ConcurrentHashMap.newKeySet();
    c.net.onMessage(m -> tc.verify(() -> {
      assertThat(m.payload().toString()).isEqualTo("welcome back");
      from.add(m.from());
    }));
    cluster.awaitTrue(() -> c.net.latencyMillis(a.name()).isPresent() && c.net.latencyMillis(b.name()).isPresent(),
        5_000, "c measured");
    // A link the others still had open to the old c may swallow a first message: retry, bounded.
    for (int attempt = 0; attempt < 20 && from.size() < 2; attempt++) {
      if (!from.contains(a.name())) a.net.send(c.name(), "x", Buffer.buffer("welcome back"));
      if (!from.contains(b.name())) b.net.send(c.name(), "x", Buffer.buffer("welcome back"));
      try {
        cluster.awaitTrue(() -> from.size() == 2, 1_000, "both heard");
      } catch (AssertionError e) {
        // next attempt
      }
    }
    assertThat(from).containsExactlyInAnyOrder(a.name(), b.name());
    tc.completeNow();
  }

  @Test
  void aSlowPeerDoesNotStallOthers(VertxTestContext tc) {
    PeerOptions o = PeerCluster.fastOptions();
    o.maxQueuedFrames = 32;
    o.writeQueueMaxBytes = 64 * 1024;
    o.linkTimeoutMs = 30_000; // the stalled peer must not time the link out during the test
    Node a = cluster.add(o);
    Node slow = cluster.add(o);
    Node fast = cluster.add(o);
    cluster.meshAll();
    cluster.awaitFullMesh();
    cluster.faults.stallReading(slow.name(), a.name(), true);
    AtomicInteger fastGot = new AtomicInteger();
    fast.net.onMessage(m -> fastGot.incrementAndGet());
    cluster.awaitTrue(() -> fast.net.latencyMillis(a.name()).isPresent(), 5_000, "fast measured");
    Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
    int accepted = PeerCluster.await(fillUntilFull(a, slow, chunk));
    assertThat(accepted).isGreaterThan(0).isLessThan(2_000);
    // The fast peer still gets everything, promptly.
    List<Future<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 100; i++) sends.add(a.net.send(fast.name(), "x", Buffer.buffer("ok" + i)));
    PeerCluster.await(Future.all(sends));
    cluster.awaitTrue(() -> fastGot.get() == 100, 5_000, "fast peer received all");
    cluster.faults.stallReading(slow.name(), a.name(), false);
    tc.completeNow();
  }

  /** Sends chunks to a stalled peer until the bounded queue refuses; the number accepted. */
  private static Future<Integer> fillUntilFull(Node a, Node slow, Buffer chunk) {
    io.vertx.core.Promise<Integer> p = io.vertx.core.Promise.promise();
    a.vertx.runOnContext(v -> fill(a, slow, chunk, 0, p));
    return p.future();
  }

  private static void fill(Node a, Node slow, Buffer chunk, int n, io.vertx.core.Promise<Integer> p) {
    if (n >= 5_000) {
      p.fail(new AssertionError("the queue never filled"));
      return;
    }
    a.net.send(slow.name(), "bulk", chunk).onComplete(ar -> {
      if (ar.succeeded()) {
        fill(a, slow, chunk, n + 1, p);
      } else if (ar.cause() instanceof PeerSendException e && e.reason() == PeerSendException.Reason.QUEUE_FULL) {
        p.complete(n);
      } else {
        p.fail(ar.cause());
      }
    });
  }

  static PeerSendException.Reason failure(Future<Void> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof PeerSendException p) return p.reason();
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("send succeeded");
  }

  static final class JsonAssert {
    static void status(GrpcPeerNetwork net) {
      var j = PeerCluster.await(net.status());
      assertThat(j.getString("nodeKey")).isEqualTo(net.localNodeKey());
      assertThat(j.getJsonArray("peers")).isNotEmpty();
    }
  }
}
