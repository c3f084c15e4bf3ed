package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/** A channel member's on-chain record. */
public final class Member {
  public static final String STAKE_DIRECT = "direct";
  public static final String STAKE_POOL = "pool";

  public final String address;
  public final long joinSeq;
  public final long joinedAtMillis;
  /** {@link #STAKE_DIRECT} (escrowed in the channel) or {@link #STAKE_POOL} (the shared pool). */
  public final String stakeSource;
  /** The escrowed stake (direct) or the requirement the pool covers (pool). */
  public BigInteger stake;
  /** What the member holds in the channel: brought in at join, moved by settlements. */
  public Holdings deposit;
  public final String nodeKey;
  public final String endpoint;
  public long lastHeartbeatMillis;
  public boolean candidate;
  public long candidateSinceMillis;
  /** The candidate this member delegated its vote to, or null. */
  public String delegateTo;

  public Member(String address, long joinSeq, long joinedAtMillis, String stakeSource, BigInteger stake,
      Holdings deposit, String nodeKey, String endpoint) {
    this.address = address;
    this.joinSeq = joinSeq;
    this.joinedAtMillis = joinedAtMillis;
    this.stakeSource = stakeSource;
    this.stake = stake;
    this.deposit = deposit;
    this.nodeKey = nodeKey;
    this.endpoint = endpoint;
  }

  public Member copy() {
    Member m = new Member(address, joinSeq, joinedAtMillis, stakeSource, stake, deposit.copy(), nodeKey, endpoint);
    m.lastHeartbeatMillis = lastHeartbeatMillis;
    m.candidate = candidate;
    m.candidateSinceMillis = candidateSinceMillis;
    m.delegateTo = delegateTo;
    return m;
  }

  /** Valid = last heartbeat within the window, by chain time (a heartbeat exactly window ago still counts). */
  public boolean isValid(long nowMillis, long windowMillis) {
    return nowMillis - lastHeartbeatMillis <= windowMillis;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("address", address)
        .put("joinSeq", joinSeq)
        .put("joinedAtMillis", joinedAtMillis)
        .put("stakeSource", stakeSource)
        .put("stake", stake.toString())
        .put("deposit", deposit.toJson())
        .put("nodeKey", nodeKey)
        .put("endpoint", endpoint)
        .put("lastHeartbeatMillis", lastHeartbeatMillis)
        .put("candidate", candidate)
        .put("candidateSinceMillis", candidateSinceMillis);
    if (delegateTo != null) j.put("delegateTo", delegateTo);
    return j;
  }

  public static Member fromJson(JsonObject j) {
    Member m = new Member(j.getString("address"), j.getLong("joinSeq"), j.getLong("joinedAtMillis"),
        j.getString("stakeSource"), new BigInteger(j.getString("stake")), Holdings.fromJson(j.getJsonObject("deposit")),
        j.getString("nodeKey"), j.getString("endpoint"));
    m.lastHeartbeatMillis = j.getLong("lastHeartbeatMillis");
    m.candidate = j.getBoolean("candidate", false);
    m.candidateSinceMillis = j.getLong("candidateSinceMillis", 0L);
    m.delegateTo = j.getString("delegateTo");
    return m;
  }
}
