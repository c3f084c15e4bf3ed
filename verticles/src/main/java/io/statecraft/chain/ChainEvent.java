package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/**
 * One event of a committed block: its position (height, transaction index, event index),
 * its type (for example {@code channel.joined}), the channel it concerns or null, and data.
 */
public record ChainEvent(long height, int txIndex, int eventIndex, String type, String channelId, JsonObject data) {
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("height", height)
        .put("txIndex", txIndex)
        .put("eventIndex", eventIndex)
        .put("type", type)
        .put("data", data == null ? new JsonObject() : data);
    if (channelId != null) j.put("channelId", channelId);
    return j;
  }

  public static ChainEvent fromJson(JsonObject j) {
    return new ChainEvent(j.getLong("height"), j.getInteger("txIndex"), j.getInteger("eventIndex"),
        j.getString("type"), j.getString("channelId"), j.getJsonObject("data", new JsonObject()));
  }
}
