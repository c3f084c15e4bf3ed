package io.statecraft.verticle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.stream.RequestSigning;
import io.statecraft.codec.stream.StreamGrpc;
import io.statecraft.codec.stream.StreamJson;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A node with a fake channel core, and raw clients that speak the wire protocol directly. */
final class StreamTestSupport {
  static final String CH = "game-1";
  static final long WAIT_S = 10;

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The node under test. */
  static final class Node {
    final Vertx vertx;
    final FakeChannelGateway fake;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final StreamVerticle verticle;
    final int port;

    Node(Vertx vertx, StreamOptions o) {
      this.vertx = vertx;
      this.fake = new FakeChannelGateway(vertx);
      this.verticle = new StreamVerticle(fake, o, registry);
      await(vertx.deployVerticle(verticle));
      this.port = verticle.actualPort();
    }

    double counter(String name, String tag, String value) {
      var c = registry.find(name).tag(tag, value).counter();
      return c == null ? 0 : c.count();
    }

    double gauge(String name, String transport) {
      var g = registry.find(name).tag("transport", transport).gauge();
      return g == null ? 0 : g.value();
    }
  }

  static StreamOptions testOptions() {
    StreamOptions o = new StreamOptions();
    o.host = "127.0.0.1";
    o.port = 0;
    o.pingIntervalMs = 0;
    return o;
  }

  /** A member key and its request signer with a local nonce counter. */
  static final class Member {
    final Ed25519.KeyPair key;
    final Address address;
    final AtomicLong nonce = new AtomicLong(1000);
    final AtomicLong ids = new AtomicLong();

    Member(int seedByte) {
      byte[] seed = new byte[32];
      seed[0] = (byte) seedByte;
      seed[31] = 7;
      this.key = Ed25519.fromSeed(seed);
      this.address = Address.of(key.publicKey());
    }

    String hex() {
      return address.toHex();
    }

    ClientMessage sign(Consumer<ClientMessage.Builder> payload) {
      return sign(CH, payload);
    }

    ClientMessage sign(String channel, Consumer<ClientMessage.Builder> payload) {
      ClientMessage.Builder b = ClientMessage.newBuilder()
          .setId("q" + ids.incrementAndGet())
          .setChannel(channel)
          .setNonce(nonce.incrementAndGet());
      payload.accept(b);
      return RequestSigning.sign(key, b.build());
    }
  }

  /** What a raw client sees. */
  abstract static class RawClient {
    abstract void close();

    final LinkedBlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    abstract void send(ClientMessage m);

    ServerMessage next() {
      try {
        ServerMessage m = inbox.poll(WAIT_S, TimeUnit.SECONDS);
        if (m == null) fail("no message within " + WAIT_S + " s");
        return m;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    /** The next message matching, skipping (at most 100 000) others. */
    ServerMessage next(Predicate<ServerMessage> p) {
      for (int i = 0; i < 100_000; i++) {
        ServerMessage m = next();
        if (p.test(m)) return m;
      }
      throw new AssertionError("no matching message");
    }

    ServerMessage request(ClientMessage m) {
      send(m);
      return next(r -> r.getId().equals(m.getId()));
    }

    void awaitClosed() {
      try {
        closed.get(WAIT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("connection not closed", e);
      }
    }
  }

  static final class RawWs extends RawClient {
    final WebSocket ws;
    final WebSocketClient client;
    volatile Short closeStatus;

    RawWs(WebSocketClient client, WebSocket ws) {
      this.client = client;
      this.ws = ws;
      ws.textMessageHandler(t -> inbox.add(StreamJson.parseEvent(t)));
      ws.closeHandler(v -> {
        closeStatus = ws.closeStatusCode();
        closed.complete(null);
      });
    }

    static RawWs connect(Node n) {
      return connect(n, new WebSocketClientOptions(), false);
    }

    static RawWs connect(Node n, WebSocketClientOptions o, boolean tls) {
      WebSocketClient c = n.vertx.createWebSocketClient(o.setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
      WebSocket ws = await(c.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(n.port)
          .setURI("/stream/v1").setSsl(tls)));
      return new RawWs(c, ws);
    }

    @Override
    void send(ClientMessage m) {
      sendText(StreamJson.requestToJson(m).encode());
    }

    void sendText(String s) {
      await(ws.writeTextMessage(s));
    }

    void sendJson(JsonObject o) {
      sendText(o.encode());
    }

    @Override
    void close() {
      client.close();
    }
  }

  static final class RawGrpc extends RawClient {
    final GrpcClient client;
    final GrpcClientRequest<ClientMessage, ServerMessage> req;

    RawGrpc(GrpcClient client, GrpcClientRequest<ClientMessage, ServerMessage> req) {
      this.client = client;
      this.req = req;
      req.response().onSuccess(resp -> {
        resp.handler(inbox::add);
        resp.endHandler(v -> closed.complete(null));
        resp.exceptionHandler(e -> closed.complete(null));
      }).onFailure(e -> closed.complete(null));
    }

    static RawGrpc connect(Node n) {
      return connect(n, null);
    }

    static RawGrpc connect(Node n, String trustPem) {
      HttpClientOptions ho = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
      if (trustPem != null) {
        ho.setSsl(true).setUseAlpn(true).setVerifyHost(false).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(trustPem)));
      }
      GrpcClient c = GrpcClient.client(n.vertx, ho);
      GrpcClientRequest<ClientMessage, ServerMessage> req =
          await(c.request(SocketAddress.inetSocketAddress(n.port, "127.0.0.1"), StreamGrpc.CLIENT_STREAM));
      return new RawGrpc(c, req);
    }

    @Override
    void send(ClientMessage m) {
      await(req.write(m));
    }

    @Override
    void close() {
      client.close();
    }
  }

  static void assertError(ServerMessage m, int code) {
    assertThat(m.hasError()).as("error expected, got %s", m).isTrue();
    assertThat(m.getError().getCode()).as(m.getError().getMessage()).isEqualTo(code);
  }

  private StreamTestSupport() {}
}
