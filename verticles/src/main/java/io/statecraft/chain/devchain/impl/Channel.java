package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** A channel's on-chain record: the publisher's pinned rules and the members' shared state. */
public final class Channel {
  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  public final String id;
  public final String publisher;
  public final String codeHash;
  public final List<String> modules;
  public final String initFunction;
  public final String tickFunction;
  public final long tickIntervalMillis;
  public final int memberLimit;
  public final BigInteger stake;
  public final boolean acceptsCoin;
  public final TreeSet<String> acceptedFungible;
  public final TreeSet<String> acceptedNftCreators;
  public final ChannelParams params;
  public final long createdAtMillis;

  public String status = OPEN;
  public String closedReason;
  public long closedAtMillis;
  public final TreeMap<String, Member> members = new TreeMap<>();
  public long highestJoinSeq;
  public String leader;
  public long term;
  /** Forced-out members and the chain time their re-entry bar ends. */
  public final TreeMap<String, Long> barredUntil = new TreeMap<>();
  public final TreeMap<Long, Proposal> proposals = new TreeMap<>();
  public long nextProposalId = 1;
  /** The channel-log height of the last executed settlement and its state root. */
  public long settledHeight;
  public String stateRoot;

  public Channel(String id, String publisher, String codeHash, List<String> modules, String initFunction,
      String tickFunction, long tickIntervalMillis, int memberLimit, BigInteger stake, boolean acceptsCoin,
      TreeSet<String> acceptedFungible, TreeSet<String> acceptedNftCreators, ChannelParams params,
      long createdAtMillis) {
    this.id = id;
    this.publisher = publisher;
    this.codeHash = codeHash;
    this.modules = List.copyOf(modules);
    this.initFunction = initFunction;
    this.tickFunction = tickFunction;
    this.tickIntervalMillis = tickIntervalMillis;
    this.memberLimit = memberLimit;
    this.stake = stake;
    this.acceptsCoin = acceptsCoin;
    this.acceptedFungible = acceptedFungible;
    this.acceptedNftCreators = acceptedNftCreators;
    this.params = params;
    this.createdAtMillis = createdAtMillis;
  }

  public Channel copy() {
    Channel c = new Channel(id, publisher, codeHash, modules, initFunction, tickFunction, tickIntervalMillis,
        memberLimit, stake, acceptsCoin, new TreeSet<>(acceptedFungible), new TreeSet<>(acceptedNftCreators),
        params, createdAtMillis);
    c.status = status;
    c.closedReason = closedReason;
    c.closedAtMillis = closedAtMillis;
    members.forEach((k, v) -> c.members.put(k, v.copy()));
    c.highestJoinSeq = highestJoinSeq;
    c.leader = leader;
    c.term = term;
    c.barredUntil.putAll(barredUntil);
    proposals.forEach((k, v) -> c.proposals.put(k, v.copy()));
    c.nextProposalId = nextProposalId;
    c.settledHeight = settledHeight;
    c.stateRoot = stateRoot;
    return c;
  }

  public boolean isOpen() {
    return OPEN.equals(status);
  }

  public boolean isValid(Member m, long nowMillis) {
    return m.isValid(nowMillis, params.heartbeatWindowMillis());
  }

  /** Candidates matter only above this many members (seed §3). */
  public boolean usesCandidates() {
    return members.size() > 5;
  }

  public List<Member> candidates() {
    List<Member> out = new ArrayList<>();
    for (Member m : members.values()) if (m.candidate) out.add(m);
    return out;
  }

  public int delegationsTo(String candidate) {
    int n = 0;
    for (Member m : members.values()) if (candidate.equals(m.delegateTo)) n++;
    return n;
  }

  /**
   * How many delegations one candidate may take: the seed's n/5 - 1, with n/5 rounded up so
   * that the five candidates together can always take every other member (for n = 6 the
   * floor would leave the sixth member no candidate to delegate to).
   */
  public int delegationLimit() {
    int n = members.size();
    return Math.max(0, (n + 4) / 5 - 1);
  }

  public JsonObject toJson() {
    JsonObject ms = new JsonObject();
    members.forEach((k, v) -> ms.put(k, v.toJson()));
    JsonObject barred = new JsonObject();
    barredUntil.forEach(barred::put);
    JsonArray props = new JsonArray();
    proposals.values().forEach(p -> props.add(p.toJson()));
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("publisher", publisher)
        .put("codeHash", codeHash)
        .put("modules", new JsonArray(new ArrayList<>(modules)))
        .put("initFunction", initFunction)
        .put("tickIntervalMillis", tickIntervalMillis)
        .put("memberLimit", memberLimit)
        .put("stake", stake.toString())
        .put("assetsAccepted", new JsonObject().put("coin", acceptsCoin)
            .put("fungible", new JsonArray(new ArrayList<>(acceptedFungible)))
            .put("nftCreators", new JsonArray(new ArrayList<>(acceptedNftCreators))))
        .put("params", params.toJson())
        .put("createdAtMillis", createdAtMillis)
        .put("status", status)
        .put("closedAtMillis", closedAtMillis)
        .put("members", ms)
        .put("highestJoinSeq", highestJoinSeq)
        .put("term", term)
        .put("barredUntil", barred)
        .put("proposals", props)
        .put("nextProposalId", nextProposalId)
        .put("settledHeight", settledHeight);
    if (tickFunction != null) j.put("tickFunction", tickFunction);
    if (closedReason != null) j.put("closedReason", closedReason);
    if (leader != null) j.put("leader", leader);
    if (stateRoot != null) j.put("stateRoot", stateRoot);
    return j;
  }

  public static Channel fromJson(JsonObject j) {
    JsonObject acc = j.getJsonObject("assetsAccepted");
    TreeSet<String> fungible = new TreeSet<>();
    acc.getJsonArray("fungible").forEach(x -> fungible.add((String) x));
    TreeSet<String> creators = new TreeSet<>();
    acc.getJsonArray("nftCreators").forEach(x -> creators.add((String) x));
    List<String> modules = new ArrayList<>();
    j.getJsonArray("modules").forEach(x -> modules.add((String) x));
    Channel c = new Channel(j.getString("id"), j.getString("publisher"), j.getString("codeHash"), modules,
        j.getString("initFunction"), j.getString("tickFunction"), j.getLong("tickIntervalMillis"),
        j.getInteger("memberLimit"), new BigInteger(j.getString("stake")), acc.getBoolean("coin"), fungible,
        creators, ChannelParams.fromJson(j.getJsonObject("params")), j.getLong("createdAtMillis"));
    c.status = j.getString("status");
    c.closedReason = j.getString("closedReason");
    c.closedAtMillis = j.getLong("closedAtMillis", 0L);
    j.getJsonObject("members").forEach(e -> c.members.put(e.getKey(), Member.fromJson((JsonObject) e.getValue())));
    c.highestJoinSeq = j.getLong("highestJoinSeq");
    c.leader = j.getString("leader");
    c.term = j.getLong("term");
    j.getJsonObject("barredUntil").forEach(e -> c.barredUntil.put(e.getKey(), ((Number) e.getValue()).longValue()));
    j.getJsonArray("proposals").forEach(p -> {
      Proposal pr = Proposal.fromJson((JsonObject) p);
      c.proposals.put(pr.id, pr);
    });
    c.nextProposalId = j.getLong("nextProposalId");
    c.settledHeight = j.getLong("settledHeight");
    c.stateRoot = j.getString("stateRoot");
    return c;
  }
}
