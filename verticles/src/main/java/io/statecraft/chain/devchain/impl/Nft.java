package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonObject;

/**
 * A non-fungible asset (SPEC §9): fixed id, creator and data; an owner; and a user (the
 * usage right, separate from ownership for renting and lending) that may expire, after which
 * the owner is the user again. An NFT brought into a channel is locked there until released.
 */
public final class Nft {
  public final String id;
  public final String creator;
  public final JsonObject data;
  public String owner;
  public String user;
  /** Chain time the usage right ends, 0 for no end. */
  public long userExpiresAtMillis;
  /** The channel holding the NFT, or null when it is free. */
  public String lockedIn;

  public Nft(String id, String creator, JsonObject data) {
    this.id = id;
    this.creator = creator;
    this.data = data;
  }

  public Nft copy() {
    Nft n = new Nft(id, creator, data);
    n.owner = owner;
    n.user = user;
    n.userExpiresAtMillis = userExpiresAtMillis;
    n.lockedIn = lockedIn;
    return n;
  }

  /** The user in force at a chain time. */
  public String effectiveUser(long nowMillis) {
    if (user == null || (userExpiresAtMillis > 0 && nowMillis >= userExpiresAtMillis)) return owner;
    return user;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("id", id).put("creator", creator).put("owner", owner)
        .put("user", user).put("userExpiresAtMillis", userExpiresAtMillis).put("data", data.copy());
    if (lockedIn != null) j.put("lockedIn", lockedIn);
    return j;
  }

  public static Nft fromJson(JsonObject j) {
    Nft n = new Nft(j.getString("id"), j.getString("creator"), j.getJsonObject("data"));
    n.owner = j.getString("owner");
    n.user = j.getString("user");
    n.userExpiresAtMillis = j.getLong("userExpiresAtMillis", 0L);
    n.lockedIn = j.getString("lockedIn");
    return n;
  }
}
