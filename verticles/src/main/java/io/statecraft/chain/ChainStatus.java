package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/** Chain id, head height and chain time in milliseconds (the head block's timestamp). */
public record ChainStatus(String chainId, long height, long timeMillis) {
  public JsonObject toJson() {
    return new JsonObject().put("chainId", chainId).put("height", height).put("timeMillis", timeMillis);
  }

  public static ChainStatus fromJson(JsonObject j) {
    return new ChainStatus(j.getString("chainId"), j.getLong("height"), j.getLong("timeMillis"));
  }
}
