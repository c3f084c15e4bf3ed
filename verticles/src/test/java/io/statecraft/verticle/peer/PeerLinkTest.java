package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.verticle.peer.PeerCluster.Node;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
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

  /** Per receiving node: what each origin's messages carried (their int payloads), in arrival order. */
  static Map<String, List<Integer>> record(Node n) {
    Map<String, List<Integer>> got = new ConcurrentHashMap<>();
    n.net.onMessage(m -> got.computeIfAbsent(m.from(), k -> new CopyOnWriteArrayList<>()).add(m.payload().getInt(0)));
    return got;
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  static Future<Void> sendSeq(Node a, Node b, int from, int to, List<Future<Void>> into) {
    for (int i = from; i < to; i++) into.add(a.net.send(b.name(), "test.seq", Buffer.buffer().appendInt(i)));
    return Future.all(into).mapEmpty();
  }

  @Test
  void fourNodesExchangeMessagesInOrderOverOneLinkPerPair() {
    for (int i = 0; i < 4; i++) cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh(); // the links are up; the duplicate-link tie-break may still be under way
    int perPair = 200;
    Map<Node, Map<String, List<Integer>>> got = new HashMap<>();
    for (Node n : cluster.nodes) got.put(n, record(n));
    List<Future<Void>> sends = new ArrayList<>();
    for (Node a : cluster.nodes) {
      for (Node b : cluster.nodes) {
        if (a != b) sendSeq(a, b, 0, perPair, sends);
      }
    }
    // Every future completes once the destination acknowledged delivery: nothing to wait for after.
    PeerCluster.await(Future.all(sends), 60);
    for (Node b : cluster.nodes) {
      for (Node a : cluster.nodes) {
        if (a == b) continue;
        assertThat(got.get(b).get(a.name())).as("%s from %s: each once, in order", b.name(), a.name())
            .containsExactlyElementsOf(range(0, perPair));
      }
      assertThat(got.get(b)).hasSize(3);
    }
    // Exactly one link per pair on every node, however the dials raced.
    for (Node n : cluster.nodes) {
      assertThat(n.net.linksUp()).hasSize(3);
      assertThat(n.net.metrics().linksUp.get()).isEqualTo(3);
      assertThat(n.net.metrics().badSignatures.count()).isZero();
    }
  }

  @Test
  void duplicateLinksAndLinkReplacementLoseNothing() {
    Node a = cluster.add();
    Node b = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    Map<String, List<Integer>> atA = record(a);
    Map<String, List<Integer>> atB = record(b);
    int rounds = 25;
    int half = 40;
    List<Future<Void>> sends = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long ha = a.net.metrics().handshake.count();
      long hb = b.net.metrics().handshake.count();
      int base = r * 2 * half;
      sendSeq(a, b, base, base + half, sends);
      sendSeq(b, a, base, base + half, sends);
      // Both dial at once while messages are queued and in flight: a duplicate link (one side
      // keeps the other's, Bye) and a same-direction replacement (the old link aborted).
      cluster.faults.dialNow(a.name(), b.name(), true);
      sendSeq(a, b, base + half, base + 2 * half, sends);
      sendSeq(b, a, base + half, base + 2 * half, sends);
      cluster.awaitTrue(() -> a.net.metrics().handshake.count() >= ha + 2 && b.net.metrics().handshake.count() >= hb + 2,
          10_000, "both new links up (round " + r + ")");
    }
    PeerCluster.await(Future.all(sends), 60);
    int n = rounds * 2 * half;
    assertThat(atB.get(a.name())).as("at b from a").containsExactlyElementsOf(range(0, n));
    assertThat(atA.get(b.name())).as("at a from b").containsExactlyElementsOf(range(0, n));
    cluster.awaitTrue(() -> a.net.linksUp().size() == 1 && b.net.linksUp().size() == 1, 5_000, "one link");
  }

  @Test
  void aLinkDroppedMidStreamLosesNothing() {
    Node a = cluster.add();
    Node b = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    Map<String, List<Integer>> atB = record(b);
    List<Future<Void>> sends = new ArrayList<>();
    cluster.faults.dropMessages(a.name(), b.name(), 3); // a lossy path too: 0..2 vanish the first time
    sendSeq(a, b, 0, 300, sends);
    cluster.faults.partition(a.name(), b.name(), true); // closes the link behind those sends
    cluster.awaitTrue(() -> !a.net.linkUp(b.name()) && !b.net.linkUp(a.name()), 10_000, "link down");
    cluster.faults.partition(a.name(), b.name(), false);
    cluster.awaitTrue(() -> a.net.linkUp(b.name()), 10_000, "link back");
    sendSeq(a, b, 300, 600, sends);
    PeerCluster.await(Future.all(sends), 60);
    assertThat(atB.get(a.name())).containsExactlyElementsOf(range(0, 600));
    assertThat(a.net.metrics().retransmitted.count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void sendsToAPeerThatNeverAcknowledgesFailAtTheDeadline() {
    PeerOptions o = PeerCluster.fastOptions();
    o.deliveryTimeoutMs = 1_000;
    Node a = cluster.add(o);
    Node b = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    Map<String, List<Integer>> atB = record(b);
    cluster.faults.dropMessages(a.name(), b.name(), 1_000_000); // a black hole
    List<Future<Void>> lost = new ArrayList<>();
    sendSeq(a, b, 0, 5, lost);
    for (Future<Void> f : lost) assertThat(failure(f)).isEqualTo(PeerSendException.Reason.UNREACHABLE);
    cluster.faults.clear();
    // The stream starts over: later messages do not wait at b for the ones given up.
    List<Future<Void>> later = new ArrayList<>();
    PeerCluster.await(sendSeq(a, b, 5, 10, later));
    assertThat(atB.get(a.name())).containsExactlyElementsOf(range(5, 10));
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
    PeerOptions o = PeerCluster.fastOptions();
    o.deliveryTimeoutMs = 1_000; // a's dial to b is refused: what a accepted meanwhile fails then
    Node a = cluster.add(o);
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
  void reconnectsAfterAPeerRestartsAndStartsItsStreamsOver() {
    PeerOptions o = PeerCluster.fastOptions();
    o.deliveryTimeoutMs = 4_000; // what a accepts for c while c is down fails then
    Node a = cluster.add(o);
    Node b = cluster.add();
    Node c = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    Map<String, List<Integer>> before = record(c);
    PeerCluster.await(sendSeq(a, c, 0, 5, new ArrayList<>()));
    PeerCluster.await(sendSeq(b, c, 0, 5, new ArrayList<>()));
    assertThat(before.get(a.name())).containsExactlyElementsOf(range(0, 5));
    cluster.stop(c);
    cluster.awaitTrue(() -> !a.net.linkUp(c.name()) && !b.net.linkUp(c.name()), 10_000, "c seen down");
    assertThat(failure(a.net.send(c.name(), "x", Buffer.buffer().appendInt(-1)))).isEqualTo(PeerSendException.Reason.UNREACHABLE);
    // Same key, same port, a new boot epoch: the others find it again by themselves.
    c.options.port = c.port;
    cluster.start(c);
    Map<String, List<Integer>> after = record(c);
    c.net.addPeer(a.name(), a.endpoint());
    c.net.addPeer(b.name(), b.endpoint());
    cluster.awaitFullMesh();
    // a's and b's streams to c go on at seq 6: the new c has nothing before it, acks 0 with its
    // new boot epoch, and the senders start a new stream (nothing lost, nothing delivered twice).
    PeerCluster.await(sendSeq(a, c, 5, 10, new ArrayList<>()));
    PeerCluster.await(sendSeq(b, c, 5, 10, new ArrayList<>()));
    assertThat(after.get(a.name())).containsExactlyElementsOf(range(5, 10));
    assertThat(after.get(b.name())).containsExactlyElementsOf(range(5, 10));
    assertThat(after).hasSize(2);
  }

  @Test
  void aSlowPeerDoesNotStallOthers() {
    PeerOptions o = PeerCluster.fastOptions();
    o.maxQueuedFrames = 32;
    o.maxUnackedMessages = 64;
    o.writeQueueMaxBytes = 64 * 1024;
    o.linkTimeoutMs = 30_000; // the stalled peer must not time the link out during the test
    o.deliveryTimeoutMs = 30_000;
    Node a = cluster.add(o);
    Node slow = cluster.add(o);
    Node fast = cluster.add(o);
    cluster.meshAll();
    cluster.awaitFullMesh();
    cluster.faults.stallReading(slow.name(), a.name(), true);
    AtomicInteger slowGot = new AtomicInteger();
    slow.net.onMessage(m -> slowGot.incrementAndGet());
    AtomicInteger fastGot = new AtomicInteger();
    fast.net.onMessage(m -> fastGot.incrementAndGet());
    Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
    List<Future<Void>> toSlow = new ArrayList<>();
    for (int i = 0; i < 500; i++) toSlow.add(a.net.send(slow.name(), "bulk", chunk));
    // The retransmit buffer to the stalled peer fills: further sends are refused, never dropped.
    cluster.awaitTrue(() -> toSlow.get(toSlow.size() - 1).failed(), 10_000, "refusal"); // sends are handled in order
    List<Future<Void>> accepted = toSlow.stream().filter(f -> !f.failed()).toList();
    assertThat(accepted.size()).isBetween(64, 300); // 64 unacknowledged, plus any delivered before the stall took hold
    assertThat(toSlow).filteredOn(Future::failed).allMatch(f -> f.cause() instanceof PeerSendException e
        && e.reason() == PeerSendException.Reason.QUEUE_FULL);
    // The fast peer still gets everything, promptly.
    for (int batch = 0; batch < 2; batch++) {
      List<Future<Void>> sends = new ArrayList<>();
      for (int i = 0; i < 50; i++) sends.add(a.net.send(fast.name(), "x", Buffer.buffer("ok" + i)));
      PeerCluster.await(Future.all(sends));
    }
    assertThat(fastGot.get()).isEqualTo(100);
    // Once the slow peer reads again, everything accepted for it is delivered, once.
    cluster.faults.stallReading(slow.name(), a.name(), false);
    PeerCluster.await(Future.all(accepted), 60);
    assertThat(slowGot.get()).isEqualTo(accepted.size());
  }

  static PeerSendException.Reason failure(Future<Void> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
