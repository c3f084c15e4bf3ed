package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.rpc.JsonRpcErrors;
import io.statecraft.chain.rpc.JsonRpcException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed JSON-RPC 2.0 requests (single or batch) into responses. Shared by the HTTP and
 * WebSocket transports; a transport adds its own methods (the WebSocket's subscriptions) per
 * call. A returned future never fails: every failure becomes an error response.
 */
public final class RpcDispatcher {
  private final Map<String, RpcMethod> methods;
  private final Set<String> webSocketOnly;
  private final RpcMetrics metrics;
  private final int maxBatchSize;

  public RpcDispatcher(Map<String, RpcMethod> methods, Set<String> webSocketOnly, RpcMetrics metrics, int maxBatchSize) {
    this.methods = Map.copyOf(methods);
    this.webSocketOnly = Set.copyOf(webSocketOnly);
    this.metrics = metrics;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * Handles a parsed body. Completes with the response to send: a JsonObject, a JsonArray
   * (batch), or null when there is nothing to send (only notifications).
   *
   * @param extra the transport's own methods, or an empty map
   */
  public Future<Object> handle(Object body, String transport, Map<String, RpcMethod> extra) {
    if (body instanceof JsonArray batch) {
      if (batch.isEmpty()) {
        metrics.rejected("invalid");
        return Future.succeededFuture(JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST, "invalid request: empty batch"));
      }
      if (batch.size() > maxBatchSize) {
        metrics.rejected("batch-too-large");
        return Future.succeededFuture(JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST,
            "invalid request: batch larger than " + maxBatchSize));
      }
      List<Future<JsonObject>> parts = new ArrayList<>(batch.size());
      for (Object item : batch) parts.add(handleOne(item, transport, extra));
      return Future.all(parts).map(cf -> {
        JsonArray out = new JsonArray();
        for (Future<JsonObject> f : parts) {
          if (f.result() != null) out.add(f.result());
        }
        return out.isEmpty() ? null : out;
      });
    }
    return handleOne(body, transport, extra).map(o -> o);
  }

  private Future<JsonObject> handleOne(Object item, String transport, Map<String, RpcMethod> extra) {
    if (!(item instanceof JsonObject req)) {
      metrics.rejected("invalid");
      return Future.succeededFuture(JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST, "invalid request"));
    }
    Object id = req.getValue("id");
    boolean notification = !req.containsKey("id");
    Object method = req.getValue("method");
    Object params = req.getValue("params");
    if (!JsonRpc.VERSION.equals(req.getValue("jsonrpc")) || !(method instanceof String)
        || !JsonRpc.validId(id) || (params != null && !(params instanceof JsonObject) && !(params instanceof JsonArray))) {
      metrics.rejected("invalid");
      // The spec answers an invalid request even without an id; its id is null if unusable.
      return Future.succeededFuture(JsonRpc.error(JsonRpc.validId(id) ? id : null,
          JsonRpcErrors.INVALID_REQUEST, "invalid request"));
    }
    String name = (String) method;
    long start = System.nanoTime();
    Future<Object> result = invoke(name, params, transport, extra);
    return result.transform(ar -> {
      String outcome = ar.succeeded() ? "ok" : String.valueOf(JsonRpc.errorOf(ar.cause()).getInteger("code"));
      metrics.record(name, transport, outcome, System.nanoTime() - start);
      if (notification) return Future.succeededFuture(null);
      return Future.succeededFuture(ar.succeeded() ? JsonRpc.result(id, ar.result()) : JsonRpc.error(id, JsonRpc.errorOf(ar.cause())));
    });
  }

  private Future<Object> invoke(String name, Object params, String transport, Map<String, RpcMethod> extra) {
    RpcMethod m = extra.get(name);
    if (m == null) m = methods.get(name);
    if (m == null) {
      String msg = webSocketOnly.contains(name)
          ? "method not found: " + name + " is only served over the WebSocket endpoint"
          : "method not found: " + name;
      return Future.failedFuture(new JsonRpcException(JsonRpcErrors.METHOD_NOT_FOUND, msg));
    }
    try {
      Future<Object> f = m.body().apply(RpcParams.of(params, m.paramNames()));
      return f == null ? Future.failedFuture(new IllegalStateException(name + " returned no future")) : f;
    } catch (RuntimeException e) {
      // Parameter checks and SignedTx.fromJson throw synchronously; they are answers, not crashes.
      return Future.failedFuture(e);
    }
  }

  public Set<String> methodNames() {
    return methods.keySet();
  }
}
