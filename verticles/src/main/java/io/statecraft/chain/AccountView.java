package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/** An account as the chain holds it. (Typed accessors are filled in with the devchain.) */
public record AccountView(JsonObject json) {
  public JsonObject toJson() {
    return json.copy();
  }

  public static AccountView fromJson(JsonObject j) {
    return new AccountView(j.copy());
  }
}
