package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.peer.proto.Hello;
import io.statecraft.verticle.peer.PeerCluster.Node;
import io.statecraft.verticle.peer.PeerNetwork.PeerMessage;
import io.statecraft.verticle.peer.impl.PeerProtocol;
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

/** Tampered, replayed and malformed frames: refused, counted, the link recovers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerIntegrityTest {
  PeerCluster cluster;
  Node a;
  Node b;
  final List<PeerMessage> atB = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    cluster = new PeerCluster();
    a = cluster.add();
    b = cluster.add();
    cluster.meshAll();
    cluster.awaitFullMesh();
    b.net.onMessage(atB::add);
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  /** Waits for a fresh link on both sides (a's view of the old one may lag b's closing it). */
  private void awaitNewLink(long aBefore, long bBefore) {
    cluster.awaitTrue(() -> a.net.metrics().handshake.count() > aBefore && b.net.metrics().handshake.count() > bBefore
        && a.net.linkUp(b.name()) && b.net.linkUp(a.name()), 10_000, "new link");
    cluster.awaitTrue(() -> a.net.latencyMillis(b.name()).isPresent(), 5_000, "measured again");
  }

  private void send(String text) {
    PeerCluster.await(a.net.send(b.name(), "t", Buffer.buffer(text)));
  }

  private List<String> texts() {
    return atB.stream().map(m -> m.payload().toString()).toList();
  }

  @Test
  void aTamperedFrameIsRefusedAndTheLinkRecovers() {
    send("one");
    assertThat(texts()).containsExactly("one");
    long ha = a.net.metrics().handshake.count();
    long hb = b.net.metrics().handshake.count();
    cluster.faults.tamperNext(a.name(), b.name());
    send("tampered"); // completes once b acknowledged it: the retransmission on the new link
    assertThat(b.net.metrics().badSignatures.count()).isEqualTo(1);
    assertThat(a.net.metrics().handshake.count()).isGreaterThan(ha);
    assertThat(b.net.metrics().handshake.count()).isGreaterThan(hb);
    send("two");
    // The tampered copy never reached the handler; the genuine message did, once, in order.
    assertThat(texts()).containsExactly("one", "tampered", "two");
    assertThat(atB).allMatch(m -> m.from().equals(a.name()));
  }

  @Test
  void aReplayedFrameIsRefusedAndTheLinkRecovers() {
    long ha = a.net.metrics().handshake.count();
    long hb = b.net.metrics().handshake.count();
    cluster.faults.replayNext(a.name(), b.name());
    send("once");
    cluster.awaitTrue(() -> b.net.metrics().outOfSequence.count() == 1, 5_000, "replay counted");
    awaitNewLink(ha, hb);
    send("after");
    assertThat(texts()).containsExactly("once", "after"); // the replayed copy and any retransmission: dropped
  }

  @Test
  void garbageAfterTheHandshakeClosesOnlyThatLink() {
    // A legitimate peer (key known to b) that sends garbage once authenticated.
    var friend = io.statecraft.codec.Ed25519.generate();
    b.net.addPeer(friend.publicKeyHex(), "127.0.0.1:1");
    try (RawPeer raw = RawPeer.connect(cluster.harness, b.port)) {
      byte[] c = RawPeer.challenge();
      raw.send(RawPeer.hello(friend.publicKey(), b.key.publicKey(), c));
      cluster.awaitTrue(() -> raw.received.size() >= 2, 5_000, "hello + auth");
      Hello h = raw.received.get(0).getHello();
      raw.send(RawPeer.auth(RawPeer.dialerSignature(friend, friend.publicKey(), b.key.publicKey(), c, h)));
      cluster.awaitTrue(() -> b.net.linkUp(friend.publicKeyHex()), 5_000, "friend up");
      raw.send(RawPeer.hello(friend.publicKey(), b.key.publicKey(), c)); // unsigned after the handshake
      PeerCluster.await(raw.ended());
    }
    assertThat(b.net.metrics().malformed.count()).isEqualTo(1);
    assertThat(b.net.linkUp(friend.publicKeyHex())).isFalse();
    // b is healthy: its link with a carries on.
    send("still fine");
    assertThat(texts()).containsExactly("still fine");
    assertThat(PeerProtocol.keyName(b.key.publicKey())).isEqualTo(b.name());
  }
}
