package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.ChainException;
import io.statecraft.chain.CodeHash;
import io.statecraft.codec.Hex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The channel contract's publisher and membership kinds (SPEC §3): create, close, join,
 * heartbeat, applyLeader, standCandidate, delegate. Proposals are in {@link ProposalRules}.
 */
public final class ChannelRules {
  static final int MAX_MODULE_BYTES = 1 << 20;
  static final int MAX_TOTAL_MODULE_BYTES = 4 << 20;
  static final int MAX_MEMBER_LIMIT = 10_000;

  private ChannelRules() {}

  // ---- shared checks ----

  static Channel requireChannel(TxScope s, String id) {
    Channel c = s.channel(id);
    if (c == null) throw new ChainException(CHANNEL_NOT_FOUND, "no channel " + id);
    return c;
  }

  static Channel requireOpenChannel(TxScope s, String id) {
    Channel c = requireChannel(s, id);
    if (!c.isOpen()) {
      throw new ChainException(CHANNEL_CLOSED, "the channel is closed (" + c.closedReason + ")",
          new JsonObject().put("closedAtMillis", c.closedAtMillis).put("reason", c.closedReason));
    }
    return c;
  }

  static Member requireMember(Channel c, String address) {
    Member m = c.members.get(address);
    if (m == null) throw new ChainException(NOT_A_MEMBER, address + " is not a member of channel " + c.id);
    return m;
  }

  static Member requireValidMember(Channel c, String address, long now) {
    Member m = requireMember(c, address);
    if (!c.isValid(m, now)) {
      throw new ChainException(STALE_HEARTBEAT, "the last heartbeat is older than "
          + c.params.heartbeatWindowMillis() + " ms; heartbeat first",
          new JsonObject().put("lastHeartbeatMillis", m.lastHeartbeatMillis)
              .put("heartbeatWindowMillis", c.params.heartbeatWindowMillis()));
    }
    return m;
  }

  // ---- publisher ----

  static JsonObject create(TxScope s, Args a) {
    JsonArray mods = a.arr("modules");
    if (mods.isEmpty()) throw Args.malformed("channel.create: modules must not be empty");
    List<String> modules = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    long total = 0;
    for (Object o : mods) {
      if (!(o instanceof String hex)) throw Args.malformed("channel.create: modules must be hex strings");
      byte[] b;
      try {
        b = Hex.decode(hex);
      } catch (IllegalArgumentException e) {
        throw Args.malformed("channel.create: a module is not hex");
      }
      if (b.length == 0 || b.length > MAX_MODULE_BYTES) throw Args.malformed("channel.create: a module is empty or over 1 MiB");
      total += b.length;
      bytes.add(b);
      modules.add("0x" + Hex.encode(b));
    }
    if (total > MAX_TOTAL_MODULE_BYTES) throw Args.malformed("channel.create: modules exceed 4 MiB in total");
    String codeHash = a.str("codeHash").toLowerCase();
    String initFunction = a.str("initFunction");
    String tickFunction = a.optStr("tickFunction");
    long tickInterval = a.optLong("tickIntervalMillis", 0);
    if (tickFunction != null && tickInterval < 1) {
      throw Args.malformed("channel.create: tickIntervalMillis (>= 1) is required with a tickFunction");
    }
    if (tickFunction == null && tickInterval != 0) {
      throw Args.malformed("channel.create: tickIntervalMillis without a tickFunction");
    }
    long limit = a.longVal("memberLimit");
    if (limit < 1 || limit > MAX_MEMBER_LIMIT) throw Args.malformed("channel.create: memberLimit must be in 1..10000");
    BigInteger stake = a.amount("stake");
    boolean acceptsCoin = true;
    TreeSet<String> fungible = new TreeSet<>();
    TreeSet<String> creators = new TreeSet<>();
    if (a.has("assetsAccepted")) {
      Args acc = a.sub("assetsAccepted");
      if (acc.has("coin")) acceptsCoin = acc.bool("coin");
      if (acc.has("fungible")) {
        for (Object o : acc.arr("fungible")) fungible.add(idString("assetsAccepted.fungible", o));
      }
      if (acc.has("nftCreators")) {
        for (Object o : acc.arr("nftCreators")) {
          if (!(o instanceof String str)) throw Args.malformed("assetsAccepted.nftCreators must be addresses");
          creators.add(Args.checkAddress("assetsAccepted.nftCreators", str));
        }
      }
    }
    Args params = new Args("channel.create.params", a.has("params") ? a.obj("params") : new JsonObject());
    ChannelParams p = ChannelParams.fromArgs(params, stake);

    String expected = CodeHash.of(bytes);
    if (!expected.equals(codeHash)) {
      throw new ChainException(CODE_HASH_MISMATCH, "codeHash does not match the modules' SHA-256",
          new JsonObject().put("expected", expected).put("given", codeHash));
    }
    String id = Ids.of("channel", s.sender(), s.tx.nonce());
    Channel c = new Channel(id, s.sender(), codeHash, modules, initFunction, tickFunction, tickInterval, (int) limit,
        stake, acceptsCoin, fungible, creators, p, s.nowMillis);
    s.putChannel(c);
    s.emit("channel.created", id, new JsonObject().put("channelId", id).put("publisher", s.sender())
        .put("codeHash", codeHash).put("memberLimit", limit).put("stake", stake.toString()));
    return new JsonObject().put("channelId", id);
  }

  private static String idString(String where, Object o) {
    if (!(o instanceof String str) || !str.matches("0x[0-9a-fA-F]{64}")) {
      throw Args.malformed(where + " entries must be ids (0x + 64 hex digits)");
    }
    return str.toLowerCase();
  }

  /**
   * The publisher closes the channel: every member gets back what it holds at the last
   * settled allocation and its stake. Members settle first (a settle proposal) to carry
   * later play into the allocation; the publisher cannot settle for them.
   */
  static JsonObject close(TxScope s, Args a) {
    String id = a.id("channelId");
    Channel c = requireOpenChannel(s, id);
    if (!c.publisher.equals(s.sender())) throw new ChainException(NOT_PUBLISHER, "only the publisher closes the channel");
    Membership.close(s, c, "publisher");
    return new JsonObject().put("settledHeight", c.settledHeight);
  }

  // ---- members ----

  static JsonObject join(TxScope s, Args a) {
    String id = a.id("channelId");
    Args stakeArgs = a.sub("stake");
    boolean pool = stakeArgs.has("pool") && stakeArgs.bool("pool");
    BigInteger directStake = pool ? BigInteger.ZERO : stakeArgs.amount("amount");
    BigInteger coinIn = BigInteger.ZERO;
    TreeMap<String, BigInteger> fungibleIn = new TreeMap<>();
    TreeSet<String> nftsIn = new TreeSet<>();
    if (a.has("assets")) {
      Args assets = a.sub("assets");
      if (assets.has("coin")) coinIn = assets.amount("coin");
      if (assets.has("fungible")) {
        JsonObject f = assets.obj("fungible");
        for (String assetId : f.fieldNames()) {
          String aid = idString("assets.fungible key", assetId);
          BigInteger amt = Amounts.parse("assets.fungible." + assetId, f.getValue(assetId));
          if (amt.signum() > 0) fungibleIn.put(aid, amt);
        }
      }
      if (assets.has("nfts")) {
        for (Object o : assets.arr("nfts")) nftsIn.add(idString("assets.nfts", o));
      }
    }
    byte[] nodeKey = a.hex("nodeKey");
    if (nodeKey.length != 32) throw Args.malformed("channel.join: nodeKey must be a 32-byte Ed25519 public key");
    String endpoint = a.str("endpoint");
    if (endpoint.length() > 512) throw Args.malformed("channel.join: endpoint is over 512 characters");

    Channel c = requireOpenChannel(s, id);
    String who = s.sender();
    if (c.members.containsKey(who)) throw new ChainException(ALREADY_MEMBER, "already a member of channel " + id);
    Long until = c.barredUntil.get(who);
    if (until != null) {
      if (s.nowMillis < until) {
        throw new ChainException(BARRED_UNTIL, "forced out; re-entry is barred until " + until,
            new JsonObject().put("untilMillis", until));
      }
      c.barredUntil.remove(who);
    }
    if (c.members.size() >= c.memberLimit) {
      throw new ChainException(CHANNEL_FULL, "the channel has its " + c.memberLimit + " members");
    }
    Account acc = s.account(who);
    if (pool) {
      if (acc.poolStake.compareTo(c.stake) < 0) {
        throw new ChainException(INSUFFICIENT_STAKE, "shared pool stake " + acc.poolStake + " is below the channel's "
            + c.stake, new JsonObject().put("required", c.stake.toString()).put("offered", acc.poolStake.toString()));
      }
    } else if (directStake.compareTo(c.stake) < 0) {
      throw new ChainException(INSUFFICIENT_STAKE, "stake " + directStake + " is below the channel's " + c.stake,
          new JsonObject().put("required", c.stake.toString()).put("offered", directStake.toString()));
    }
    if (coinIn.signum() > 0 && !c.acceptsCoin) throw new ChainException(ASSET_NOT_ACCEPTED, "the channel takes no coin");
    for (String assetId : fungibleIn.keySet()) {
      if (!c.acceptedFungible.contains(assetId)) {
        throw new ChainException(ASSET_NOT_ACCEPTED, "the channel does not take asset " + assetId);
      }
    }
    acc.coin = Amounts.sub(acc.coin, Amounts.add(directStake, coinIn), "coin balance (stake + coin brought in)");
    for (Map.Entry<String, BigInteger> e : fungibleIn.entrySet()) {
      acc.setFungible(e.getKey(), Amounts.sub(acc.fungible(e.getKey()), e.getValue(), "balance of " + e.getKey()));
    }
    for (String nftId : nftsIn) {
      Nft nft = s.nft(nftId);
      if (nft == null) throw new ChainException(NFT_NOT_FOUND, "no NFT " + nftId);
      if (!who.equals(nft.owner)) throw new ChainException(NOT_NFT_OWNER, "you do not own NFT " + nftId);
      if (nft.lockedIn != null) throw new ChainException(NFT_LOCKED, "NFT " + nftId + " is held by channel " + nft.lockedIn);
      if (!c.acceptedNftCreators.contains(nft.creator)) {
        throw new ChainException(ASSET_NOT_ACCEPTED, "the channel does not take NFTs of creator " + nft.creator);
      }
      nft.lockedIn = c.id;
      acc.nfts.remove(nftId);
    }
    if (pool) acc.poolChannels.add(c.id);
    Holdings deposit = new Holdings();
    deposit.coin = coinIn;
    deposit.fungible.putAll(fungibleIn);
    deposit.nfts.addAll(nftsIn);
    long seq = ++c.highestJoinSeq;
    Member m = new Member(who, seq, s.nowMillis, pool ? Member.STAKE_POOL : Member.STAKE_DIRECT,
        pool ? c.stake : directStake, deposit, "0x" + Hex.encode(nodeKey), endpoint);
    m.lastHeartbeatMillis = s.nowMillis;
    c.members.put(who, m);
    s.emit("channel.joined", c.id, new JsonObject().put("member", who).put("joinSeq", seq)
        .put("stakeSource", m.stakeSource).put("stake", m.stake.toString()).put("deposit", deposit.toJson())
        .put("nodeKey", m.nodeKey).put("endpoint", endpoint));
    return new JsonObject().put("joinSeq", seq);
  }

  static JsonObject heartbeat(TxScope s, Args a) {
    String id = a.id("channelId");
    Channel c = requireOpenChannel(s, id);
    Member m = requireMember(c, s.sender());
    m.lastHeartbeatMillis = s.nowMillis;
    long validUntil = s.nowMillis + c.params.heartbeatWindowMillis();
    s.emit("channel.heartbeat", c.id, new JsonObject().put("member", m.address).put("timeMillis", s.nowMillis));
    return new JsonObject().put("validUntilMillis", validUntil);
  }

  /**
   * Granted when there is no valid Leader: none yet (the first member of the channel), or
   * the current one's heartbeat is stale. Each grant starts a new term; terms only grow.
   * Above five members only a candidate may lead.
   */
  static JsonObject applyLeader(TxScope s, Args a) {
    String id = a.id("channelId");
    Channel c = requireOpenChannel(s, id);
    requireValidMember(c, s.sender(), s.nowMillis);
    Member me = c.members.get(s.sender());
    if (c.usesCandidates() && !me.candidate) {
      throw new ChainException(NOT_A_CANDIDATE, "above five members the Leader must be one of the candidates");
    }
    if (c.leader != null) {
      Member leader = c.members.get(c.leader);
      if (leader != null && c.isValid(leader, s.nowMillis)) {
        throw new ChainException(LEADER_STILL_VALID, "the Leader " + c.leader + " (term " + c.term
            + ") heartbeat is valid until " + (leader.lastHeartbeatMillis + c.params.heartbeatWindowMillis()),
            new JsonObject().put("leader", c.leader).put("term", c.term)
                .put("validUntilMillis", leader.lastHeartbeatMillis + c.params.heartbeatWindowMillis()));
      }
    }
    String previous = c.leader;
    c.leader = s.sender();
    c.term++;
    JsonObject data = new JsonObject().put("leader", c.leader).put("term", c.term);
    if (previous != null) data.put("previous", previous);
    s.emit("channel.leader", c.id, data);
    return new JsonObject().put("term", c.term);
  }

  /**
   * Candidates (for channels over five members): the first {@code candidateCount} (5) valid
   * members to stand. When all seats are taken, a stale candidate's seat goes to the new
   * one (the stalest first) and its delegations lapse.
   */
  static JsonObject standCandidate(TxScope s, Args a) {
    String id = a.id("channelId");
    Channel c = requireOpenChannel(s, id);
    Member me = requireValidMember(c, s.sender(), s.nowMillis);
    if (me.candidate) throw new ChainException(ALREADY_CANDIDATE, "already a candidate");
    List<Member> seats = c.candidates();
    Member replaced = null;
    if (seats.size() >= c.params.candidateCount()) {
      for (Member cand : seats) {
        if (!c.isValid(cand, s.nowMillis)
            && (replaced == null || cand.lastHeartbeatMillis < replaced.lastHeartbeatMillis)) {
          replaced = cand;
        }
      }
      if (replaced == null) {
        throw new ChainException(CANDIDATES_FULL, "all " + c.params.candidateCount() + " candidate seats are held by valid members");
      }
      replaced.candidate = false;
      for (Member m : c.members.values()) if (replaced.address.equals(m.delegateTo)) m.delegateTo = null;
    }
    me.candidate = true;
    me.candidateSinceMillis = s.nowMillis;
    me.delegateTo = null;
    JsonObject data = new JsonObject().put("candidate", me.address);
    if (replaced != null) data.put("replaced", replaced.address);
    s.emit("channel.candidate", c.id, data);
    return new JsonObject().put("candidates", c.candidates().size());
  }

  /** A non-candidate hands its vote to a candidate, which takes at most ceil(n/5)-1 delegations. */
  static JsonObject delegate(TxScope s, Args a) {
    String id = a.id("channelId");
    String to = a.address("candidate");
    Channel c = requireOpenChannel(s, id);
    Member me = requireMember(c, s.sender());
    if (me.candidate) throw new ChainException(CANDIDATE_CANNOT_DELEGATE, "a candidate votes itself and cannot delegate");
    Member cand = requireMember(c, to);
    if (!cand.candidate) throw new ChainException(NOT_A_CANDIDATE, to + " is not a candidate");
    if (!to.equals(me.delegateTo)) {
      int limit = c.delegationLimit();
      if (c.delegationsTo(to) >= limit) {
        throw new ChainException(DELEGATION_LIMIT, "candidate " + to + " already holds " + limit
            + " delegations (n/5-1 for " + c.members.size() + " members)",
            new JsonObject().put("limit", limit).put("members", c.members.size()));
      }
      me.delegateTo = to;
    }
    s.emit("channel.delegated", c.id, new JsonObject().put("member", me.address).put("candidate", to));
    return new JsonObject().put("delegations", c.delegationsTo(to));
  }
}
