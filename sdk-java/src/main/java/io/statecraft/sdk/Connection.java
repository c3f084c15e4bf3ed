package io.statecraft.sdk;

import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.StreamGrpc;
import io.statecraft.codec.stream.StreamJson;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;

/** One transport connection of a client: WebSocket (JSON) or gRPC (protobuf). */
abstract class Connection {
  Handler<ServerMessage> messageHandler = m -> {};
  Handler<Void> closeHandler = v -> {};
  Sent sentListener = () -> {};
  private boolean closedFired;

  interface Sent {
    void sent();
  }

  /** Sends a request; every transport calls {@link #sentListener} (keep-alive bookkeeping). */
  final void send(ClientMessage m) {
    sentListener.sent();
    doSend(m);
  }

  abstract void doSend(ClientMessage m);

  abstract void close();

  final void fireClosed() {
    if (closedFired) return;
    closedFired = true;
    closeHandler.handle(null);
  }

  static Future<Connection> open(Vertx vertx, ClientOptions o) {
    return o.transport == ClientOptions.Transport.GRPC ? Grpc.open(vertx, o) : Ws.open(vertx, o);
  }

  private static PemTrustOptions trust(ClientOptions o) {
    return o.trustPem == null ? null : new PemTrustOptions().addCertValue(Buffer.buffer(o.trustPem));
  }

  static final class Ws extends Connection {
    private final WebSocketClient client;
    private WebSocket ws;

    private Ws(WebSocketClient client) {
      this.client = client;
    }

    static Future<Connection> open(Vertx vertx, ClientOptions o) {
      WebSocketClientOptions wo = new WebSocketClientOptions().setMaxMessageSize(64 * 1024 * 1024).setMaxFrameSize(64 * 1024 * 1024);
      if (o.tls) {
        wo.setSsl(true).setVerifyHost(false);
        if (o.trustPem != null) wo.setTrustOptions(trust(o));
      }
      WebSocketClient client = vertx.createWebSocketClient(wo);
      Ws c = new Ws(client);
      return client.connect(new WebSocketConnectOptions().setHost(o.host).setPort(o.port).setURI(o.path).setSsl(o.tls))
          .map(ws -> {
            c.ws = ws;
            ws.textMessageHandler(t -> {
              ServerMessage m;
              try {
                m = StreamJson.parseEvent(t);
              } catch (StreamException e) {
                return; // a newer node's event this SDK does not know
              }
              c.messageHandler.handle(m);
            });
            ws.closeHandler(v -> {
              c.fireClosed();
              client.close();
            });
            ws.exceptionHandler(e -> { });
            return (Connection) c;
          })
          .onFailure(e -> client.close());
    }

    @Override
    void doSend(ClientMessage m) {
      try {
        ws.writeTextMessage(StreamJson.requestToJson(m).encode()).onFailure(e -> { });
      } catch (IllegalStateException e) {
        fireClosed(); // closed under us: the close handler may not have run yet
      }
    }

    @Override
    void close() {
      try {
        ws.close();
      } catch (IllegalStateException e) {
        // already closed
      }
    }
  }

  static final class Grpc extends Connection {
    private final GrpcClient client;
    private GrpcClientRequest<ClientMessage, ServerMessage> req;

    private Grpc(GrpcClient client) {
      this.client = client;
    }

    static Future<Connection> open(Vertx vertx, ClientOptions o) {
      HttpClientOptions ho = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
      if (o.tls) {
        ho.setSsl(true).setUseAlpn(true).setVerifyHost(false);
        if (o.trustPem != null) ho.setTrustOptions(trust(o));
      }
      GrpcClient client = GrpcClient.client(vertx, ho);
      Grpc c = new Grpc(client);
      return client.request(SocketAddress.inetSocketAddress(o.port, o.host), StreamGrpc.CLIENT_STREAM)
          .map(req -> {
            c.req = req;
            req.exceptionHandler(e -> c.shutdown());
            req.response().onComplete(ar -> {
              if (ar.failed()) {
                c.shutdown();
                return;
              }
              ar.result().handler(m -> c.messageHandler.handle(m));
              ar.result().endHandler(v -> c.shutdown());
              ar.result().exceptionHandler(e -> c.shutdown());
            });
            return (Connection) c;
          })
          .onFailure(e -> client.close());
    }

    private void shutdown() {
      fireClosed();
      client.close();
    }

    @Override
    void doSend(ClientMessage m) {
      try {
        req.write(m);
      } catch (IllegalStateException e) {
        shutdown();
      }
    }

    @Override
    void close() {
      try {
        req.end();
      } catch (IllegalStateException e) {
        // already ended
      }
      shutdown();
    }
  }

  static StreamException lost() {
    return new StreamException(StreamErrorCode.INTERNAL_ERROR, "connection lost");
  }
}
