package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/** A channel as the chain holds it. (Typed accessors are filled in with the devchain.) */
public record ChannelView(JsonObject json) {
  public JsonObject toJson() {
    return json.copy();
  }

  public static ChannelView fromJson(JsonObject j) {
    return new ChannelView(j.copy());
  }
}
