package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/**
 * A channel proposal: settle, punish, censorship, leave or close. The body holds the
 * type-specific content (see DEVCHAIN.md); votes map each voter to yes/no.
 */
public final class Proposal {
  public static final String OPEN = "open";
  public static final String EXECUTED = "executed";
  public static final String FAILED = "failed";

  public final long id;
  public final String type;
  public final String proposer;
  public final long createdAtMillis;
  public final long expiresAtMillis;
  /** Member count when proposed: punish takes its rule (n = 2 or n >= 3) from it. */
  public final int membersAtCreation;
  public final JsonObject body;
  public final TreeMap<String, Boolean> votes = new TreeMap<>();
  public String status = OPEN;
  public long closedAtMillis;
  /** Why execution failed (the refusal's JSON), for FAILED proposals. */
  public JsonObject error;

  public Proposal(long id, String type, String proposer, long createdAtMillis, long expiresAtMillis,
      int membersAtCreation, JsonObject body) {
    this.id = id;
    this.type = type;
    this.proposer = proposer;
    this.createdAtMillis = createdAtMillis;
    this.expiresAtMillis = expiresAtMillis;
    this.membersAtCreation = membersAtCreation;
    this.body = body;
  }

  public Proposal copy() {
    Proposal p = new Proposal(id, type, proposer, createdAtMillis, expiresAtMillis, membersAtCreation, body);
    p.votes.putAll(votes);
    p.status = status;
    p.closedAtMillis = closedAtMillis;
    p.error = error;
    return p;
  }

  /** Votes are refused from this chain time on. */
  public boolean isExpired(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  public JsonObject toJson() {
    JsonObject v = new JsonObject();
    votes.forEach(v::put);
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("proposer", proposer)
        .put("createdAtMillis", createdAtMillis)
        .put("expiresAtMillis", expiresAtMillis)
        .put("membersAtCreation", membersAtCreation)
        .put("body", body.copy())
        .put("votes", v)
        .put("status", status)
        .put("closedAtMillis", closedAtMillis);
    if (error != null) j.put("error", error.copy());
    return j;
  }

  public static Proposal fromJson(JsonObject j) {
    Proposal p = new Proposal(j.getLong("id"), j.getString("type"), j.getString("proposer"),
        j.getLong("createdAtMillis"), j.getLong("expiresAtMillis"), j.getInteger("membersAtCreation"),
        j.getJsonObject("body"));
    j.getJsonObject("votes").forEach(e -> p.votes.put(e.getKey(), (Boolean) e.getValue()));
    p.status = j.getString("status");
    p.closedAtMillis = j.getLong("closedAtMillis", 0L);
    p.error = j.getJsonObject("error");
    return p;
  }
}
