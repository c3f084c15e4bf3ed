package io.statecraft.chain.rpc;

import io.statecraft.chain.SignedTx;
import io.vertx.core.json.JsonObject;

/** Raw JSON-RPC request bodies for tests. */
final class RpcRequests {
  private RpcRequests() {}

  static JsonObject submit(Object id, SignedTx tx) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "chain_submit").put("params", tx.toJson());
  }
}
