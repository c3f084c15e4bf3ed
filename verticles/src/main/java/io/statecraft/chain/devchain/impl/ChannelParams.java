package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/**
 * A channel's protocol parameters, fixed at creation. Defaults are the seed's numbers
 * (15 s heartbeat window, 5 min re-entry bar, 2/3 settle quorum, two punish votes, five
 * candidates); the fine defaults to the whole stake requirement.
 */
public record ChannelParams(
    long heartbeatWindowMillis,
    long reentryBarMillis,
    BigInteger fine,
    long censorshipTimeoutMillis,
    long tickDriftToleranceMillis,
    long settlePeriodBlocks,
    long proposalTtlMillis,
    long settleQuorumNumerator,
    long settleQuorumDenominator,
    long punishVotes,
    long candidateCount) {

  public static final long DEFAULT_HEARTBEAT_WINDOW_MILLIS = 15_000;
  public static final long DEFAULT_REENTRY_BAR_MILLIS = 300_000;
  public static final long DEFAULT_CENSORSHIP_TIMEOUT_MILLIS = 30_000;
  public static final long DEFAULT_TICK_DRIFT_TOLERANCE_MILLIS = 1_000;
  public static final long DEFAULT_SETTLE_PERIOD_BLOCKS = 1_000;
  public static final long DEFAULT_PROPOSAL_TTL_MILLIS = 120_000;

  /** Reads params from channel.create args, filling defaults; the fine defaults to the stake. */
  public static ChannelParams fromArgs(Args a, BigInteger stake) {
    ChannelParams p = new ChannelParams(
        a.optLong("heartbeatWindowMillis", DEFAULT_HEARTBEAT_WINDOW_MILLIS),
        a.optLong("reentryBarMillis", DEFAULT_REENTRY_BAR_MILLIS),
        a.has("fine") ? a.amount("fine") : stake,
        a.optLong("censorshipTimeoutMillis", DEFAULT_CENSORSHIP_TIMEOUT_MILLIS),
        a.optLong("tickDriftToleranceMillis", DEFAULT_TICK_DRIFT_TOLERANCE_MILLIS),
        a.optLong("settlePeriodBlocks", DEFAULT_SETTLE_PERIOD_BLOCKS),
        a.optLong("proposalTtlMillis", DEFAULT_PROPOSAL_TTL_MILLIS),
        a.optLong("settleQuorumNumerator", 2),
        a.optLong("settleQuorumDenominator", 3),
        a.optLong("punishVotes", 2),
        a.optLong("candidateCount", 5));
    p.validate();
    return p;
  }

  private void validate() {
    long day = 86_400_000L;
    check(heartbeatWindowMillis >= 1 && heartbeatWindowMillis <= day, "heartbeatWindowMillis must be in 1..86400000");
    check(reentryBarMillis >= 0 && reentryBarMillis <= 30 * day, "reentryBarMillis must be in 0..30 days");
    check(censorshipTimeoutMillis >= 1 && censorshipTimeoutMillis <= day, "censorshipTimeoutMillis must be in 1..86400000");
    check(tickDriftToleranceMillis >= 0 && tickDriftToleranceMillis <= day, "tickDriftToleranceMillis must be in 0..86400000");
    check(settlePeriodBlocks >= 1, "settlePeriodBlocks must be at least 1");
    check(proposalTtlMillis >= 1 && proposalTtlMillis <= 30 * day, "proposalTtlMillis must be in 1..30 days");
    check(settleQuorumDenominator >= 1 && settleQuorumNumerator >= 1
        && settleQuorumNumerator <= settleQuorumDenominator && settleQuorumDenominator <= 1000,
        "settle quorum must be a fraction in (0, 1]");
    check(punishVotes >= 1 && punishVotes <= 1000, "punishVotes must be in 1..1000");
    check(candidateCount >= 1 && candidateCount <= 100, "candidateCount must be in 1..100");
  }

  private static void check(boolean ok, String message) {
    if (!ok) throw new ChainException(ChainErrorCode.INVALID_CHANNEL_PARAMS, message);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("heartbeatWindowMillis", heartbeatWindowMillis)
        .put("reentryBarMillis", reentryBarMillis)
        .put("fine", fine.toString())
        .put("censorshipTimeoutMillis", censorshipTimeoutMillis)
        .put("tickDriftToleranceMillis", tickDriftToleranceMillis)
        .put("settlePeriodBlocks", settlePeriodBlocks)
        .put("proposalTtlMillis", proposalTtlMillis)
        .put("settleQuorumNumerator", settleQuorumNumerator)
        .put("settleQuorumDenominator", settleQuorumDenominator)
        .put("punishVotes", punishVotes)
        .put("candidateCount", candidateCount);
  }

  public static ChannelParams fromJson(JsonObject j) {
    return new ChannelParams(j.getLong("heartbeatWindowMillis"), j.getLong("reentryBarMillis"),
        new BigInteger(j.getString("fine")), j.getLong("censorshipTimeoutMillis"),
        j.getLong("tickDriftToleranceMillis"), j.getLong("settlePeriodBlocks"), j.getLong("proposalTtlMillis"),
        j.getLong("settleQuorumNumerator"), j.getLong("settleQuorumDenominator"), j.getLong("punishVotes"),
        j.getLong("candidateCount"));
  }
}
