package io.statecraft.verticle.peer;

import com.google.protobuf.ByteString;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.peer.proto.Auth;
import io.statecraft.codec.peer.proto.Hello;
import io.statecraft.codec.peer.proto.PeerFrame;
import io.statecraft.verticle.peer.impl.PeerProtocol;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-driven peer connection, to play a hostile or replaying node against a real one. */
final class RawPeer implements AutoCloseable {
  final GrpcClient client;
  GrpcClientRequest<Buffer, Buffer> req;
  final List<PeerFrame> received = new CopyOnWriteArrayList<>();
  final List<Buffer> sent = new CopyOnWriteArrayList<>();
  final Promise<GrpcStatus> ended = Promise.promise();
  volatile String statusMessage;

  private RawPeer(Vertx vertx) {
    client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  static RawPeer connect(Vertx vertx, int port) {
    RawPeer r = new RawPeer(vertx);
    r.req = PeerCluster.await(r.client.request(SocketAddress.inetSocketAddress(port, "127.0.0.1"), PeerProtocol.CLIENT_LINK));
    r.req.response().onComplete(ar -> {
      if (ar.failed()) {
        r.ended.tryComplete(GrpcStatus.UNKNOWN);
        return;
      }
      var resp = ar.result();
      resp.handler(b -> {
        try {
          r.received.add(PeerFrame.parseFrom(b.getBytes()));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      resp.endHandler(v -> {
        r.statusMessage = resp.statusMessage();
        r.ended.tryComplete(resp.status());
      });
      resp.exceptionHandler(e -> r.ended.tryComplete(GrpcStatus.UNKNOWN));
    });
    return r;
  }

  void send(PeerFrame f) {
    send(Buffer.buffer(f.toByteArray()));
  }

  void send(Buffer b) {
    sent.add(b);
    req.write(b);
  }

  static byte[] challenge() {
    byte[] c = new byte[32];
    new SecureRandom().nextBytes(c);
    return c;
  }

  static PeerFrame hello(byte[] nodeKey, byte[] target, byte[] challenge) {
    return PeerFrame.newBuilder().setHello(Hello.newBuilder().setVersion(1).setNodeKey(ByteString.copyFrom(nodeKey))
        .setTargetKey(ByteString.copyFrom(target)).setChallenge(ByteString.copyFrom(challenge))).build();
  }

  static PeerFrame auth(byte[] signature) {
    return PeerFrame.newBuilder().setAuth(Auth.newBuilder().setSignature(ByteString.copyFrom(signature))).build();
  }

  /** The dialler's Auth for a session whose acceptor Hello was received. */
  static byte[] dialerSignature(Ed25519.KeyPair signer, byte[] claimedKey, byte[] acceptorKey, byte[] myChallenge, Hello acceptorHello) {
    byte[] t = PeerProtocol.transcript(claimedKey, acceptorKey, myChallenge, acceptorHello.getChallenge().toByteArray());
    return signer.sign(PeerProtocol.authInput(t, PeerProtocol.ROLE_DIALER));
  }

  Future<GrpcStatus> ended() {
    return ended.future();
  }

  @Override
  public void close() {
    try {
      req.cancel();
    } catch (RuntimeException ignored) {
      // gone
    }
    client.close();
  }
}
