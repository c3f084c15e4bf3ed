package io.statecraft.chain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A channel's full on-chain state as of chain time {@link #viewTimeMillis()} (the head
 * block's timestamp): the publisher's pinned rules (modules, code hash, functions, limits,
 * stake, params), the status, members in join order with their validity at the view time,
 * the Leader and term, barred members, proposals with their votes, and the last settlement.
 */
public record ChannelView(
    String id,
    String publisher,
    String codeHash,
    List<String> modules,
    String initFunction,
    String tickFunction,
    long tickIntervalMillis,
    int memberLimit,
    BigInteger stake,
    AssetsAccepted assetsAccepted,
    Params params,
    String status,
    String closedReason,
    long createdAtMillis,
    long viewTimeMillis,
    List<MemberView> members,
    String leader,
    long term,
    Map<String, Long> barredUntil,
    List<ProposalView> proposals,
    long settledHeight,
    String stateRoot,
    long highestJoinSeq) {

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  public ChannelView {
    modules = List.copyOf(modules);
    members = List.copyOf(members);
    barredUntil = Collections.unmodifiableMap(new TreeMap<>(barredUntil));
    proposals = List.copyOf(proposals);
  }

  /** What members may bring in: coin, listed fungible assets, NFTs of listed creators. */
  public record AssetsAccepted(boolean coin, List<String> fungible, List<String> nftCreators) {
    public JsonObject toJson() {
      return new JsonObject().put("coin", coin).put("fungible", new JsonArray(new ArrayList<>(fungible)))
          .put("nftCreators", new JsonArray(new ArrayList<>(nftCreators)));
    }

    public static AssetsAccepted fromJson(JsonObject j) {
      return new AssetsAccepted(j.getBoolean("coin", true), strings(j.getJsonArray("fungible")),
          strings(j.getJsonArray("nftCreators")));
    }
  }

  /** Protocol parameters fixed at creation (defaults: the seed's numbers). */
  public record Params(long heartbeatWindowMillis, long reentryBarMillis, BigInteger fine,
      long censorshipTimeoutMillis, long tickDriftToleranceMillis, long settlePeriodBlocks, long proposalTtlMillis,
      long settleQuorumNumerator, long settleQuorumDenominator, long punishVotes, long candidateCount) {
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

    public static Params fromJson(JsonObject j) {
      return new Params(j.getLong("heartbeatWindowMillis"), j.getLong("reentryBarMillis"),
          new BigInteger(j.getString("fine")), j.getLong("censorshipTimeoutMillis"),
          j.getLong("tickDriftToleranceMillis"), j.getLong("settlePeriodBlocks"), j.getLong("proposalTtlMillis"),
          j.getLong("settleQuorumNumerator"), j.getLong("settleQuorumDenominator"), j.getLong("punishVotes"),
          j.getLong("candidateCount"));
    }
  }

  /** What a member holds in the channel: brought in at join, re-divided by settlements. */
  public record Holdings(BigInteger coin, Map<String, BigInteger> fungible, List<String> nfts) {
    public Holdings {
      fungible = Collections.unmodifiableMap(new TreeMap<>(fungible));
      nfts = List.copyOf(nfts);
    }

    public JsonObject toJson() {
      JsonObject f = new JsonObject();
      fungible.forEach((k, v) -> f.put(k, v.toString()));
      return new JsonObject().put("coin", coin.toString()).put("fungible", f)
          .put("nfts", new JsonArray(new ArrayList<>(nfts)));
    }

    public static Holdings fromJson(JsonObject j) {
      Map<String, BigInteger> f = new TreeMap<>();
      j.getJsonObject("fungible", new JsonObject()).forEach(e -> f.put(e.getKey(), new BigInteger(e.getValue().toString())));
      return new Holdings(new BigInteger(j.getString("coin", "0")), f, strings(j.getJsonArray("nfts")));
    }
  }

  /**
   * A member: join sequence, stake source ({@code direct} or {@code pool}) and amount, what it
   * holds in the channel, its node's key and endpoint, its last heartbeat and whether that is
   * within the window at the view time, and its candidate / delegation standing.
   */
  public record MemberView(String address, long joinSeq, long joinedAtMillis, String stakeSource, BigInteger stake,
      Holdings deposit, String nodeKey, String endpoint, long lastHeartbeatMillis, boolean valid, boolean candidate,
      String delegateTo, int delegations) {
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
          .put("valid", valid)
          .put("candidate", candidate)
          .put("delegations", delegations);
      if (delegateTo != null) j.put("delegateTo", delegateTo);
      return j;
    }

    public static MemberView fromJson(JsonObject j) {
      return new MemberView(j.getString("address"), j.getLong("joinSeq"), j.getLong("joinedAtMillis", 0L),
          j.getString("stakeSource"), new BigInteger(j.getString("stake", "0")),
          Holdings.fromJson(j.getJsonObject("deposit", new JsonObject())), j.getString("nodeKey"),
          j.getString("endpoint"), j.getLong("lastHeartbeatMillis"), j.getBoolean("valid", false),
          j.getBoolean("candidate", false), j.getString("delegateTo"), j.getInteger("delegations", 0));
    }
  }

  /**
   * A proposal: {@code status} is {@code open}, {@code expired} (open past its expiry, votes
   * refused), {@code executed} or {@code failed} (threshold reached but it no longer applied;
   * {@code error} says why). The body is type-specific (see DEVCHAIN.md).
   */
  public record ProposalView(long id, String type, String proposer, long createdAtMillis, long expiresAtMillis,
      String status, Map<String, Boolean> votes, JsonObject body, JsonObject error) {
    public ProposalView {
      votes = Collections.unmodifiableMap(new TreeMap<>(votes));
    }

    public JsonObject toJson() {
      JsonObject v = new JsonObject();
      votes.forEach(v::put);
      JsonObject j = new JsonObject().put("id", id).put("type", type).put("proposer", proposer)
          .put("createdAtMillis", createdAtMillis).put("expiresAtMillis", expiresAtMillis).put("status", status)
          .put("votes", v).put("body", body == null ? new JsonObject() : body.copy());
      if (error != null) j.put("error", error.copy());
      return j;
    }

    public static ProposalView fromJson(JsonObject j) {
      Map<String, Boolean> v = new TreeMap<>();
      j.getJsonObject("votes", new JsonObject()).forEach(e -> v.put(e.getKey(), (Boolean) e.getValue()));
      return new ProposalView(j.getLong("id"), j.getString("type"), j.getString("proposer"),
          j.getLong("createdAtMillis"), j.getLong("expiresAtMillis"), j.getString("status"), v,
          j.getJsonObject("body", new JsonObject()), j.getJsonObject("error"));
    }
  }

  public boolean isOpen() {
    return OPEN.equals(status);
  }

  public Optional<MemberView> member(String address) {
    return members.stream().filter(m -> m.address().equals(address)).findFirst();
  }

  public Optional<ProposalView> proposal(long proposalId) {
    return proposals.stream().filter(p -> p.id() == proposalId).findFirst();
  }

  /** The candidates (for channels over five members), in join order. */
  public List<String> candidates() {
    return members.stream().filter(MemberView::candidate).map(MemberView::address).toList();
  }

  public long validMemberCount() {
    return members.stream().filter(MemberView::valid).count();
  }

  public JsonObject toJson() {
    JsonArray ms = new JsonArray();
    members.forEach(m -> ms.add(m.toJson()));
    JsonObject barred = new JsonObject();
    barredUntil.forEach(barred::put);
    JsonArray ps = new JsonArray();
    proposals.forEach(p -> ps.add(p.toJson()));
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("publisher", publisher)
        .put("codeHash", codeHash)
        .put("modules", new JsonArray(new ArrayList<>(modules)))
        .put("initFunction", initFunction)
        .put("tickIntervalMillis", tickIntervalMillis)
        .put("memberLimit", memberLimit)
        .put("stake", stake.toString())
        .put("assetsAccepted", assetsAccepted.toJson())
        .put("params", params.toJson())
        .put("status", status)
        .put("createdAtMillis", createdAtMillis)
        .put("viewTimeMillis", viewTimeMillis)
        .put("members", ms)
        .put("term", term)
        .put("barredUntil", barred)
        .put("proposals", ps)
        .put("settledHeight", settledHeight)
        .put("highestJoinSeq", highestJoinSeq);
    if (tickFunction != null) j.put("tickFunction", tickFunction);
    if (closedReason != null) j.put("closedReason", closedReason);
    if (leader != null) j.put("leader", leader);
    if (stateRoot != null) j.put("stateRoot", stateRoot);
    return j;
  }

  public static ChannelView fromJson(JsonObject j) {
    List<MemberView> ms = new ArrayList<>();
    j.getJsonArray("members", new JsonArray()).forEach(x -> ms.add(MemberView.fromJson((JsonObject) x)));
    Map<String, Long> barred = new TreeMap<>();
    j.getJsonObject("barredUntil", new JsonObject()).forEach(e -> barred.put(e.getKey(), ((Number) e.getValue()).longValue()));
    List<ProposalView> ps = new ArrayList<>();
    j.getJsonArray("proposals", new JsonArray()).forEach(x -> ps.add(ProposalView.fromJson((JsonObject) x)));
    return new ChannelView(j.getString("id"), j.getString("publisher"), j.getString("codeHash"),
        strings(j.getJsonArray("modules")), j.getString("initFunction"), j.getString("tickFunction"),
        j.getLong("tickIntervalMillis", 0L), j.getInteger("memberLimit"), new BigInteger(j.getString("stake", "0")),
        AssetsAccepted.fromJson(j.getJsonObject("assetsAccepted", new JsonObject())),
        Params.fromJson(j.getJsonObject("params")), j.getString("status"), j.getString("closedReason"),
        j.getLong("createdAtMillis", 0L), j.getLong("viewTimeMillis", 0L), ms, j.getString("leader"),
        j.getLong("term", 0L), barred, ps, j.getLong("settledHeight", 0L), j.getString("stateRoot"),
        j.getLong("highestJoinSeq", 0L));
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) a.forEach(x -> out.add((String) x));
    return out;
  }
}
