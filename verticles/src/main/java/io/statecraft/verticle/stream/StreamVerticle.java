package io.statecraft.verticle.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.StreamGrpc;
import io.statecraft.codec.stream.StreamJson;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client stream API (SPEC §8, docs/PROTOCOL.md): WebSocket with JSON text frames on
 * {@link StreamOptions#path} and gRPC bidirectional streaming
 * ({@code statecraft.stream.v1.StateChannelStream/Stream}) on the same port, optionally over
 * TLS. Every connection is a {@link StreamSession} against the {@link ChannelGateway}.
 */
public final class StreamVerticle extends AbstractVerticle {
  private final ChannelGateway gateway;
  private final StreamOptions options;
  private final MeterRegistry registry;
  private final NonceWindows nonces;
  private HttpServer server;
  private Shared shared;

  public StreamVerticle(ChannelGateway gateway, StreamOptions options, MeterRegistry registry) {
    this(gateway, options, registry, new NonceWindows(options.nonceWindow));
  }

  /** With a nonce-window table shared by several instances. */
  public StreamVerticle(ChannelGateway gateway, StreamOptions options, MeterRegistry registry, NonceWindows nonces) {
    this.gateway = gateway;
    this.options = options;
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    this.nonces = nonces;
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** State shared by the sessions of one verticle instance (its event loop only). */
  static final class Shared {
    final Vertx vertx;
    final ChannelGateway gateway;
    final StreamOptions options;
    final StreamMetrics metrics;
    final NonceWindows nonces;
    private final Map<String, TokenBucket> memberBuckets;

    Shared(Vertx vertx, ChannelGateway gateway, StreamOptions options, StreamMetrics metrics, NonceWindows nonces) {
      this.vertx = vertx;
      this.gateway = gateway;
      this.options = options;
      this.metrics = metrics;
      this.nonces = nonces;
      // Bounded: evicting a bucket only refills it, which a member gains nothing from at this size.
      this.memberBuckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> e) {
          return size() > 100_000;
        }
      };
    }

    TokenBucket memberBucket(String member) {
      return memberBuckets.computeIfAbsent(member,
          k -> new TokenBucket(options.memberRatePerSecond, options.memberBurst, System.nanoTime()));
    }
  }

  @Override
  public void start(Promise<Void> startPromise) {
    shared = new Shared(vertx, gateway, options, new StreamMetrics(registry), nonces);
    Context ctx = context;
    int hardCap = Math.max(options.maxFrameBytes * 2, options.maxFrameBytes + 1024);
    HttpServerOptions ho = new HttpServerOptions()
        .setHost(options.host)
        .setPort(options.port)
        .setMaxWebSocketFrameSize(hardCap)
        .setMaxWebSocketMessageSize(hardCap)
        .setHttp2ClearTextEnabled(true);
    if (options.sendBufferSize > 0) ho.setSendBufferSize(options.sendBufferSize);
    if (options.tlsEnabled()) {
      PemKeyCertOptions pem = new PemKeyCertOptions();
      if (options.tlsKeyPath != null) pem.setKeyPath(options.tlsKeyPath);
      if (options.tlsCertPath != null) pem.setCertPath(options.tlsCertPath);
      if (options.tlsKeyPem != null) pem.setKeyValue(Buffer.buffer(options.tlsKeyPem));
      if (options.tlsCertPem != null) pem.setCertValue(Buffer.buffer(options.tlsCertPem));
      ho.setSsl(true).setUseAlpn(true).setKeyCertOptions(pem);
    }
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(hardCap));
    grpc.callHandler(StreamGrpc.SERVER_STREAM, req -> {
      GrpcServerResponse<ClientMessage, ServerMessage> resp = req.response();
      GrpcTransport transport = new GrpcTransport(resp);
      StreamSession session = new StreamSession(shared, transport, ctx);
      req.handler(m -> session.onRequest(m, m.getSerializedSize()));
      // Oversized or badly framed messages get an error and the stream goes on, as on WebSocket.
      // (Bytes that do not decode as a ClientMessage are dropped by vertx-grpc 5.0.7 without
      // reaching any handler; such a stream gets no answer and ends at the idle timeout.)
      req.invalidMessageHandler(e -> {
        if (e instanceof MessageSizeOverflowException o) session.onOversized((int) Math.min(Integer.MAX_VALUE, o.messageSize()));
        else session.onUndecodable("", new StreamException(StreamErrorCode.MALFORMED_REQUEST, "not a valid gRPC message"));
      });
      req.errorHandler(e -> session.onClosed());
      req.endHandler(v -> {
        session.onClosed();
        transport.end();
      });
      req.exceptionHandler(e -> session.onClosed());
      resp.exceptionHandler(e -> session.onClosed());
    });
    server = vertx.createHttpServer(ho)
        .webSocketHandler(this::onWebSocket)
        .requestHandler(grpc);
    server.listen().onComplete(ar -> {
      if (ar.succeeded()) startPromise.complete();
      else startPromise.fail(ar.cause());
    });
  }

  @Override
  public void stop(Promise<Void> stopPromise) {
    if (server == null) {
      stopPromise.complete();
      return;
    }
    server.close().onComplete(ar -> stopPromise.complete());
  }

  // ------------------------------------------------------------------ WebSocket

  private void onWebSocket(ServerWebSocket ws) {
    if (!options.path.equals(ws.path())) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    ws.setWriteQueueMaxSize(options.writeQueueMaxBytes);
    StreamSession session = new StreamSession(shared, new WebSocketTransport(ws), context);
    ws.textMessageHandler(text -> onText(session, text));
    ws.binaryMessageHandler(b -> session.onUndecodable("",
        new StreamException(StreamErrorCode.MALFORMED_REQUEST, "text frames only")));
    ws.pongHandler(b -> session.onActivity());
    ws.closeHandler(v -> session.onClosed());
    ws.exceptionHandler(e -> session.onClosed());
    if (options.pingIntervalMs > 0) {
      long timer = vertx.setPeriodic(options.pingIntervalMs, t -> {
        if (!ws.isClosed()) ws.writePing(Buffer.buffer()).onFailure(e -> { });
      });
      ws.closeHandler(v -> {
        vertx.cancelTimer(timer);
        session.onClosed();
      });
    }
  }

  private void onText(StreamSession session, String text) {
    int size = text.length() > options.maxFrameBytes / 3 ? text.getBytes(StandardCharsets.UTF_8).length : text.length();
    if (size > options.maxFrameBytes) {
      session.onOversized(size);
      return;
    }
    JsonObject o;
    try {
      Object v = io.vertx.core.json.Json.decodeValue(text);
      if (!(v instanceof JsonObject jo)) {
        session.onUndecodable("", new StreamException(StreamErrorCode.MALFORMED_REQUEST, "a request is a JSON object"));
        return;
      }
      o = jo;
    } catch (RuntimeException e) {
      session.onUndecodable("", new StreamException(StreamErrorCode.MALFORMED_REQUEST, "not valid JSON"));
      return;
    }
    ClientMessage m;
    try {
      m = StreamJson.requestFromJson(o);
    } catch (StreamException e) {
      Object id = o.getValue("id");
      session.onUndecodable(id instanceof String s && s.length() <= 64 ? s : "", e);
      return;
    }
    session.onRequest(m, size);
  }

  private static final class WebSocketTransport implements StreamSession.Transport {
    private final ServerWebSocket ws;

    WebSocketTransport(ServerWebSocket ws) {
      this.ws = ws;
    }

    @Override
    public boolean grpc() {
      return false;
    }

    @Override
    public void write(ServerMessage m) {
      if (ws.isClosed()) return;
      try {
        ws.writeTextMessage(StreamJson.eventToJson(m).encode());
      } catch (IllegalStateException e) {
        // closed meanwhile
      }
    }

    @Override
    public boolean writeQueueFull() {
      // A closed socket drops writes: report room so the session's queue empties (it closes next).
      try {
        return !ws.isClosed() && ws.writeQueueFull();
      } catch (IllegalStateException e) {
        return false;
      }
    }

    @Override
    public void drainHandler(Handler<Void> h) {
      ws.drainHandler(h);
    }

    @Override
    public void close(StreamErrorCode reason) {
      // Close codes 4000 + (code - 100000): 4015 slow consumer, 4016 idle timeout.
      if (ws.isClosed()) return;
      try {
        ws.close((short) (4000 + reason.code() - 100000), reason.name());
      } catch (IllegalStateException e) {
        // closed meanwhile
      }
    }
  }

  // ------------------------------------------------------------------ gRPC

  private static final class GrpcTransport implements StreamSession.Transport {
    private final GrpcServerResponse<ClientMessage, ServerMessage> resp;
    private boolean ended;

    GrpcTransport(GrpcServerResponse<ClientMessage, ServerMessage> resp) {
      this.resp = resp;
    }

    @Override
    public boolean grpc() {
      return true;
    }

    @Override
    public void write(ServerMessage m) {
      if (ended) return;
      try {
        resp.write(m);
      } catch (IllegalStateException e) {
        ended = true; // the stream was reset under us
      }
    }

    @Override
    public boolean writeQueueFull() {
      try {
        return !ended && resp.writeQueueFull();
      } catch (IllegalStateException e) {
        return false;
      }
    }

    @Override
    public void drainHandler(Handler<Void> h) {
      resp.drainHandler(h);
    }

    void end() {
      if (ended) return;
      ended = true;
      resp.end();
    }

    @Override
    public void close(StreamErrorCode reason) {
      if (ended) return;
      ended = true;
      GrpcStatus status = reason == StreamErrorCode.SLOW_CONSUMER ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.UNAVAILABLE;
      resp.status(status).statusMessage(reason.name()).end();
    }
  }
}
