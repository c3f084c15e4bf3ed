package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.rpc.JsonRpcErrors;
import io.statecraft.chain.rpc.JsonRpcException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code POST /rpc}: reads the body up to the configured maximum, hands it to the dispatcher
 * and writes the response. A body over the maximum is answered 413 as soon as it is known to
 * be too large (from Content-Length, or while streaming a chunked body) and the connection is
 * closed, so a large or endless body is never held in memory.
 */
public final class HttpRpcHandler implements Handler<HttpServerRequest> {
  public static final String PATH = "/rpc";

  /** How long the rest of a refused body is drained before the connection is closed. */
  static final long LINGER_MS = 2_000;

  private final Vertx vertx;
  private final RpcDispatcher dispatcher;
  private final RpcMetrics metrics;
  private final int maxBodyBytes;

  private final long bodyTimeoutMillis;

  public HttpRpcHandler(Vertx vertx, RpcDispatcher dispatcher, RpcMetrics metrics, int maxBodyBytes,
      long bodyTimeoutMillis) {
    this.vertx = vertx;
    this.bodyTimeoutMillis = bodyTimeoutMillis;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (!PATH.equals(req.path())) {
      req.response().setStatusCode(404).end();
      return;
    }
    if (req.method() != HttpMethod.POST) {
      req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST").end();
      return;
    }
    String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && tooLarge(declared)) {
      rejectTooLarge(req);
      return;
    }
    if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
      req.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    boolean[] rejected = {false};
    long timer = vertx.setTimer(bodyTimeoutMillis, id -> {
      if (rejected[0]) return;
      rejected[0] = true;
      rejectSlow(req);
    });
    req.handler(chunk -> {
      if (rejected[0]) return;
      if (body.length() + chunk.length() > maxBodyBytes) {
        rejected[0] = true;
        vertx.cancelTimer(timer);
        rejectTooLarge(req);
      } else {
        body.appendBuffer(chunk);
      }
    });
    req.exceptionHandler(err -> {
      // The client went away mid-body; nothing to answer.
      vertx.cancelTimer(timer);
    });
    req.endHandler(v -> {
      vertx.cancelTimer(timer);
      if (!rejected[0]) process(req, body);
    });
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec rejects a malformed length before we see it
    }
  }

  private void process(HttpServerRequest req, Buffer body) {
    Object parsed;
    try {
      parsed = JsonRpc.parse(body);
    } catch (JsonRpcException e) {
      metrics.rejected(e.code() == JsonRpcErrors.PARSE_ERROR ? "parse" : "invalid");
      send(req.response(), JsonRpc.error(null, e.toJson()));
      return;
    }
    dispatcher.handle(parsed, "http", Map.of()).onComplete(ar -> {
      if (ar.failed()) {
        send(req.response(), JsonRpc.error(null, JsonRpc.errorOf(ar.cause())));
      } else if (ar.result() == null) {
        if (!req.response().closed()) req.response().setStatusCode(204).end();
      } else {
        send(req.response(), ar.result());
      }
    });
  }

  private static void send(HttpServerResponse resp, Object json) {
    if (resp.closed() || resp.ended()) return;
    Buffer out = json instanceof JsonObject o ? o.toBuffer() : ((io.vertx.core.json.JsonArray) json).toBuffer();
    resp.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(out);
  }

  private void rejectSlow(HttpServerRequest req) {
    metrics.rejected("body-timeout");
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) return;
    JsonObject err = JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST,
        "request body not received within " + bodyTimeoutMillis + " ms");
    if (req.version() == HttpVersion.HTTP_2) {
      // Other calls share the connection: end this stream only.
      resp.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(err.toBuffer())
          .onComplete(ar -> resp.reset());
      return;
    }
    resp.setStatusCode(408)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(err.toBuffer())
        .onComplete(ar -> req.connection().close());
  }

  private void rejectTooLarge(HttpServerRequest req) {
    metrics.rejected("too-large");
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) return;
    JsonObject err = JsonRpc.error(null, JsonRpcErrors.REQUEST_TOO_LARGE,
        "request body larger than " + maxBodyBytes + " bytes");
    if (req.version() == HttpVersion.HTTP_2) {
      // HTTP/2 has flow control and streams: answer, then reset this stream alone (the peer
      // stops sending it) and leave the connection to the other calls it carries.
      req.handler(chunk -> {});
      resp.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(err.toBuffer())
          .onComplete(ar -> resp.reset());
      return;
    }
    // HTTP/1.1, lingering close: closing at once while the client is still sending makes the kernel
    // reset the connection, and a reset can destroy the 413 before the client reads it. So
    // the rest of the body is read and dropped (no memory kept) until it ends or LINGER_MS
    // passes, then the connection is closed.
    req.handler(chunk -> {});
    long timer = vertx.setTimer(LINGER_MS, id -> req.connection().close());
    req.endHandler(v -> {
      vertx.cancelTimer(timer);
      req.connection().close();
    });
    resp.setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(err.toBuffer());
  }
}
