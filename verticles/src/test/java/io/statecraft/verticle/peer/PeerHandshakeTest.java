package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.peer.proto.Hello;
import io.statecraft.codec.peer.proto.PeerFrame;
import io.statecraft.verticle.peer.PeerCluster.Node;
import io.statecraft.verticle.peer.impl.PeerProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerHandshakeTest {
  PeerCluster cluster;
  Node server;
  Ed25519.KeyPair friend;

  @BeforeEach
  void setUp() {
    cluster = new PeerCluster();
    server = cluster.add();
    friend = Ed25519.generate();
    server.net.addPeer(friend.publicKeyHex(), "127.0.0.1:1"); // known, but nothing listens there
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private byte[] serverKey() {
    return server.key.publicKey();
  }

  @Test
  void aKnownPeerThatProvesItsKeyGetsALink() {
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      byte[] c = RawPeer.challenge();
      raw.send(RawPeer.hello(friend.publicKey(), serverKey(), c));
      cluster.awaitTrue(() -> raw.received.size() >= 2, 5_000, "acceptor hello + auth");
      Hello h = raw.received.get(0).getHello();
      assertThat(h.getNodeKey().toByteArray()).isEqualTo(serverKey());
      // The acceptor proved its key over both challenges.
      byte[] t = PeerProtocol.transcript(friend.publicKey(), serverKey(), c, h.getChallenge().toByteArray());
      assertThat(Ed25519.verify(serverKey(), PeerProtocol.authInput(t, PeerProtocol.ROLE_ACCEPTOR),
          raw.received.get(1).getAuth().getSignature().toByteArray())).isTrue();
      raw.send(RawPeer.auth(RawPeer.dialerSignature(friend, friend.publicKey(), serverKey(), c, h)));
      cluster.awaitTrue(() -> server.net.linkUp(friend.publicKeyHex()), 5_000, "link up");
    }
  }

  @Test
  void anUnknownKeyIsRefused() {
    Ed25519.KeyPair stranger = Ed25519.generate();
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      raw.send(RawPeer.hello(stranger.publicKey(), serverKey(), RawPeer.challenge()));
      assertThat(PeerCluster.await(raw.ended())).isEqualTo(GrpcStatus.PERMISSION_DENIED);
      assertThat(raw.received).isEmpty(); // not even the server's hello
    }
    assertThat(server.net.metrics().refusedCount("unknown_key")).isEqualTo(1);
    assertThat(server.net.linksUp()).isEmpty();
  }

  @Test
  void anImpostorWithoutThePrivateKeyIsRefused() {
    Ed25519.KeyPair impostor = Ed25519.generate();
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      byte[] c = RawPeer.challenge();
      raw.send(RawPeer.hello(friend.publicKey(), serverKey(), c)); // claims to be the friend
      cluster.awaitTrue(() -> raw.received.size() >= 2, 5_000, "acceptor hello + auth");
      Hello h = raw.received.get(0).getHello();
      raw.send(RawPeer.auth(RawPeer.dialerSignature(impostor, friend.publicKey(), serverKey(), c, h)));
      assertThat(PeerCluster.await(raw.ended())).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    }
    assertThat(server.net.metrics().refusedCount("bad_signature")).isEqualTo(1);
    assertThat(server.net.metrics().badSignatures.count()).isEqualTo(1);
    assertThat(server.net.linksUp()).isEmpty();
  }

  @Test
  void aReplayedHandshakeIsRefused() {
    Buffer recordedHello;
    Buffer recordedAuth;
    // Session 1: the real friend; an eavesdropper records what it sent.
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      byte[] c = RawPeer.challenge();
      raw.send(RawPeer.hello(friend.publicKey(), serverKey(), c));
      cluster.awaitTrue(() -> raw.received.size() >= 2, 5_000, "acceptor hello + auth");
      raw.send(RawPeer.auth(RawPeer.dialerSignature(friend, friend.publicKey(), serverKey(), c, raw.received.get(0).getHello())));
      cluster.awaitTrue(() -> server.net.linkUp(friend.publicKeyHex()), 5_000, "link up");
      recordedHello = raw.sent.get(0);
      recordedAuth = raw.sent.get(1);
    }
    cluster.awaitTrue(() -> !server.net.linkUp(friend.publicKeyHex()), 5_000, "session 1 closed");
    // Session 2: the eavesdropper replays both frames; the server's challenge is new.
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      raw.send(recordedHello);
      cluster.awaitTrue(() -> raw.received.size() >= 2, 5_000, "acceptor hello + auth");
      raw.send(recordedAuth);
      assertThat(PeerCluster.await(raw.ended())).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    }
    assertThat(server.net.metrics().refusedCount("bad_signature")).isEqualTo(1);
    assertThat(server.net.linksUp()).isEmpty();
  }

  @Test
  void aHelloForAnotherNodeOrAnotherVersionIsRefused() {
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      raw.send(RawPeer.hello(friend.publicKey(), Ed25519.generate().publicKey(), RawPeer.challenge()));
      assertThat(PeerCluster.await(raw.ended())).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    }
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      PeerFrame f = RawPeer.hello(friend.publicKey(), serverKey(), RawPeer.challenge());
      raw.send(f.toBuilder().setHello(f.getHello().toBuilder().setVersion(2)).build());
      assertThat(PeerCluster.await(raw.ended())).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    }
    try (RawPeer raw = RawPeer.connect(cluster.harness, server.port)) {
      raw.send(Buffer.buffer(new byte[] {(byte) 0xff, 0x01, 0x02})); // not a frame at all
      assertThat(PeerCluster.await(raw.ended())).isIn(GrpcStatus.INVALID_ARGUMENT, GrpcStatus.UNAUTHENTICATED);
    }
    assertThat(server.net.metrics().refusedCount("wrong_target")).isEqualTo(1);
    assertThat(server.net.metrics().refusedCount("bad_version")).isEqualTo(1);
    assertThat(server.net.metrics().malformed.count()).isEqualTo(1);
    assertThat(server.net.linksUp()).isEmpty();
  }

  /** A node dialling an endpoint where an impostor answers in the name of the expected peer. */
  @Test
  void theDiallerRefusesAnImpostorAcceptor() {
    Ed25519.KeyPair impostor = Ed25519.generate();
    GrpcServer grpc = GrpcServer.server(cluster.harness);
    grpc.callHandler(PeerProtocol.SERVER_LINK, req -> req.handler(b -> {
      try {
        PeerFrame f = PeerFrame.parseFrom(b.getBytes());
        if (!f.hasHello()) return;
        byte[] c = RawPeer.challenge();
        // Answers as "friend" but can only sign with its own key.
        req.response().write(Buffer.buffer(RawPeer.hello(friend.publicKey(), f.getHello().getNodeKey().toByteArray(), c).toByteArray()));
        byte[] t = PeerProtocol.transcript(f.getHello().getNodeKey().toByteArray(), friend.publicKey(),
            f.getHello().getChallenge().toByteArray(), c);
        req.response().write(Buffer.buffer(RawPeer.auth(impostor.sign(PeerProtocol.authInput(t, PeerProtocol.ROLE_ACCEPTOR))).toByteArray()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }));
    HttpServer http = PeerCluster.await(cluster.harness.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc).listen());
    server.net.addPeer(friend.publicKeyHex(), "127.0.0.1:" + http.actualPort());
    cluster.awaitTrue(() -> server.net.metrics().refusedCount("bad_signature") >= 1, 5_000, "impostor refused");
    assertThat(server.net.linksUp()).isEmpty();
    PeerCluster.await(http.close());
  }
}
