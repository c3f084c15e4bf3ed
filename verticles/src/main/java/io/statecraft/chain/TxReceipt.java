package io.statecraft.chain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a committed transaction: its hash, the block height and index it was
 * committed at, the result (kind-specific, for example the join sequence number), and the
 * events it emitted.
 */
public record TxReceipt(String txHash, long height, int txIndex, JsonObject result, List<ChainEvent> events) {
  public TxReceipt {
    events = List.copyOf(events);
  }

  public JsonObject toJson() {
    JsonArray ev = new JsonArray();
    events.forEach(e -> ev.add(e.toJson()));
    return new JsonObject()
        .put("txHash", txHash)
        .put("height", height)
        .put("txIndex", txIndex)
        .put("result", result == null ? new JsonObject() : result)
        .put("events", ev);
  }

  public static TxReceipt fromJson(JsonObject j) {
    List<ChainEvent> ev = new ArrayList<>();
    JsonArray arr = j.getJsonArray("events", new JsonArray());
    for (int i = 0; i < arr.size(); i++) {
      ev.add(ChainEvent.fromJson(arr.getJsonObject(i)));
    }
    return new TxReceipt(j.getString("txHash"), j.getLong("height"), j.getInteger("txIndex"),
        j.getJsonObject("result", new JsonObject()), ev);
  }
}
