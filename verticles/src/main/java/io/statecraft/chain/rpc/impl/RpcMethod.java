package io.statecraft.chain.rpc.impl;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * One JSON-RPC method: its parameter names in positional order and what it does. The result
 * is any JSON value (JsonObject, JsonArray, String, Number, Boolean).
 */
public record RpcMethod(String name, List<String> paramNames, Function<RpcParams, Future<Object>> body) {
  public RpcMethod {
    paramNames = List.copyOf(paramNames);
  }
}
