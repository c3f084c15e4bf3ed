package io.statecraft.chain.rpc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a development chain lets a test or a developer drive by hand. The JSON-RPC server
 * exposes the {@code dev_*} methods only when it is given one, that is only for a devchain
 * started in dev mode; a production-like devchain has none and answers them
 * {@link JsonRpcErrors#METHOD_NOT_FOUND}.
 */
public interface DevControl {
  /** Seals a block now with whatever is pending; completes with the block's JSON. */
  Future<JsonObject> produceBlock();

  /** Moves a manual chain clock forward; completes with the chain status JSON. */
  Future<JsonObject> advanceTime(long millis);

  /** False when the chain runs on the system clock: {@code dev_advanceTime} is then not offered. */
  default boolean canAdvanceTime() {
    return true;
  }
}
