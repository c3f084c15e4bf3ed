package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.verticle.peer.PeerCluster.Node;
import io.statecraft.verticle.peer.PeerNetwork.PeerMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Best path (SPEC §5, seed 000 §4): follower F reaches leader L directly or through relay R. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerBestPathTest {
  PeerCluster cluster;
  Node f;
  Node l;
  Node r;
  final List<PeerMessage> atL = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    cluster = new PeerCluster();
    PeerOptions o = PeerCluster.fastOptions();
    o.hysteresisMs = 10; // loopback jitter under a loaded CI box stays well below this
    f = cluster.add(o);
    l = cluster.add(o);
    r = cluster.add(o);
    cluster.meshAll();
    cluster.awaitFullMesh();
    l.net.onMessage(atL::add);
    cluster.awaitTrue(() -> f.net.latencyMillis(l.name()).isPresent() && r.net.latencyMillis(l.name()).isPresent(),
        5_000, "measured");
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private void sendFromF(String text) {
    PeerCluster.await(f.net.send(l.name(), "t", Buffer.buffer(text)));
  }

  @Test
  void switchesToARelayWhenTheDirectLinkIsSlowAndBackWhenItRecovers() {
    assertThat(f.net.nextHop(l.name())).contains(l.name());
    cluster.faults.delayBoth(f.name(), l.name(), 40); // direct RTT ≈ 80 ms, via R ≈ 1 ms
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(r.name()), 10_000, "route via R");
    assertThat(f.net.latencyMillis(l.name()).get()).isLessThan(60L); // the relayed path, not the ≈80 ms direct one
    for (int i = 0; i < 20; i++) sendFromF("m" + i);
    assertThat(atL).hasSize(20);
    assertThat(atL).allMatch(m -> m.from().equals(f.name())); // the origin, not the relay
    assertThat(atL.stream().map(m -> m.payload().toString()).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
    assertThat(r.net.metrics().relayed.count()).isPositive();
    cluster.faults.delayBoth(f.name(), l.name(), 0);
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(l.name()), 10_000, "back to direct");
    double relayedBefore = r.net.metrics().relayed.count();
    sendFromF("direct again");
    assertThat(atL).hasSize(21);
    assertThat(r.net.metrics().relayed.count()).isEqualTo(relayedBefore);
  }

  @Test
  void aRelayCannotAlterAMessage() {
    cluster.faults.dishonestRelay(r.name(), true);
    f.net.forceRelay(l.name(), r.name());
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(r.name()), 5_000, "forced via R");
    var pay1 = f.net.send(l.name(), "t", Buffer.buffer("pay 1"));
    cluster.awaitTrue(() -> l.net.metrics().badSignatures.count() >= 1, 5_000, "altered message refused");
    assertThat(atL).isEmpty();
    assertThat(pay1.isComplete()).isFalse(); // not acknowledged: F keeps retransmitting it
    // L dropped the link to the dishonest relay; once the relay behaves, the retransmission arrives intact.
    cluster.faults.dishonestRelay(r.name(), false);
    PeerCluster.await(pay1);
    sendFromF("pay 2");
    assertThat(atL.stream().map(m -> m.payload().toString()).toList()).containsExactly("pay 1", "pay 2");
    assertThat(atL).allMatch(m -> m.from().equals(f.name()));
  }

  @Test
  void aStaticRelayIsUsedWhateverTheLatencyAndCanBeCleared() {
    f.net.forceRelay(l.name(), r.name());
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(r.name()), 5_000, "forced via R");
    sendFromF("via candidate");
    assertThat(atL).hasSize(1);
    assertThat(r.net.metrics().relayed.count()).isEqualTo(1);
    // The relay goes away: best path falls back to the direct link.
    cluster.faults.partition(f.name(), r.name(), true);
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(l.name()), 5_000, "fallback direct");
    sendFromF("fallback");
    cluster.faults.partition(f.name(), r.name(), false);
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(r.name()), 10_000, "forced again");
    f.net.clearForcedRelay(l.name());
    cluster.awaitTrue(() -> f.net.nextHop(l.name()).orElse("").equals(l.name()), 5_000, "cleared");
    sendFromF("direct");
    assertThat(atL.stream().map(m -> m.payload().toString()).toList()).containsExactly("via candidate", "fallback", "direct");
  }

  @Test
  void aPartitionedLeaderIsReachedThroughARelay() {
    cluster.faults.partition(f.name(), l.name(), true);
    cluster.awaitTrue(() -> !f.net.linkUp(l.name()) && f.net.nextHop(l.name()).orElse("").equals(r.name()), 10_000, "relay");
    sendFromF("around the partition");
    assertThat(atL).hasSize(1);
    cluster.faults.partition(f.name(), l.name(), false);
    cluster.awaitTrue(() -> f.net.linkUp(l.name()), 10_000, "healed");
  }
}
