package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.ChainException;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proposals (SPEC §3): settle, punish, censorship, leave, close. A proposal is created by a
 * member's {@code channel.propose} (the proposer's own yes counts), voted with
 * {@code channel.vote}, and executed inside the transaction whose vote reaches the threshold:
 *
 * <ul>
 *   <li>settle, leave, close: yes weight x den >= num x (valid members), 2/3 by default;
 *   <li>punish: the single Follower's report when the channel had 2 members, else
 *       {@code punishVotes} (2) yes voters, the accused Leader excluded;
 *   <li>censorship: the report itself, once the censorship timeout has passed.
 * </ul>
 *
 * <p>Above five members only candidates vote, each with weight 1 + its valid delegators.
 */
public final class ProposalRules {
  public static final String SETTLE = "settle";
  public static final String PUNISH = "punish";
  public static final String CENSORSHIP = "censorship";
  public static final String LEAVE = "leave";
  public static final String CLOSE = "close";
  /** Closed proposals kept in the channel for reading; older ones are dropped. */
  static final int KEEP_CLOSED = 16;

  private ProposalRules() {}

  static JsonObject propose(TxScope s, Args a) {
    String id = a.id("channelId");
    String type = a.str("type");
    JsonObject body;
    Settlement settle = null;
    switch (type) {
      case SETTLE -> {
        settle = Settlement.parse(a);
        body = settle.toJson();
      }
      case PUNISH, CENSORSHIP -> body = new JsonObject().put("evidence", a.obj("evidence").copy());
      case LEAVE -> {
        body = new JsonObject().put("member", a.has("member") ? a.address("member") : s.sender());
        if (a.has("settle")) {
          settle = Settlement.parse(a.sub("settle"));
          body.put("settle", settle.toJson());
        }
      }
      case CLOSE -> {
        body = new JsonObject();
        if (a.has("settle")) {
          settle = Settlement.parse(a.sub("settle"));
          body.put("settle", settle.toJson());
        }
      }
      default -> throw Args.malformed("channel.propose: type must be settle, punish, censorship, leave or close");
    }
    long submittedAt = 0;
    if (CENSORSHIP.equals(type)) {
      Args ev = new Args("channel.propose.evidence", body.getJsonObject("evidence"));
      submittedAt = ev.longVal("submittedAtMillis");
    }

    Channel c = ChannelRules.requireOpenChannel(s, id);
    ChannelRules.requireValidMember(c, s.sender(), s.nowMillis);
    switch (type) {
      case PUNISH, CENSORSHIP -> {
        if (c.leader == null) throw new ChainException(NO_LEADER, "the channel has no Leader to report");
        if (c.leader.equals(s.sender())) throw new ChainException(CANNOT_PUNISH_SELF, "the Leader cannot report itself");
        body.put("target", c.leader).put("term", c.term);
        if (CENSORSHIP.equals(type)) {
          long waited = s.nowMillis - submittedAt;
          if (waited < c.params.censorshipTimeoutMillis()) {
            throw new ChainException(CENSORSHIP_TIMEOUT_NOT_REACHED, "the transaction was submitted " + waited
                + " ms ago; the censorship timeout is " + c.params.censorshipTimeoutMillis() + " ms",
                new JsonObject().put("reportableAtMillis", submittedAt + c.params.censorshipTimeoutMillis()));
          }
        }
      }
      case LEAVE -> ChannelRules.requireMember(c, body.getString("member"));
      default -> { }
    }
    if (settle != null) settle.validate(c);

    pruneClosed(c, s.nowMillis);
    Proposal p = new Proposal(c.nextProposalId++, type, s.sender(), s.nowMillis,
        s.nowMillis + c.params.proposalTtlMillis(), c.members.size(), body);
    if (isEligibleVoter(c, s.sender())) p.votes.put(s.sender(), true);
    c.proposals.put(p.id, p);
    s.emit("proposal.created", c.id, new JsonObject().put("proposalId", p.id).put("type", type)
        .put("proposer", p.proposer).put("expiresAtMillis", p.expiresAtMillis).put("body", body.copy()));
    boolean executed = maybeExecute(s, c, p);
    return new JsonObject().put("proposalId", p.id).put("status", p.status).put("executed", executed);
  }

  static JsonObject vote(TxScope s, Args a) {
    String id = a.id("channelId");
    long proposalId = a.longVal("proposalId");
    boolean yes = a.bool("yes");
    Channel c = ChannelRules.requireOpenChannel(s, id);
    ChannelRules.requireMember(c, s.sender());
    Proposal p = c.proposals.get(proposalId);
    if (p == null) throw new ChainException(PROPOSAL_NOT_FOUND, "no proposal " + proposalId + " in channel " + id);
    if (!Proposal.OPEN.equals(p.status)) {
      throw new ChainException(PROPOSAL_NOT_OPEN, "proposal " + proposalId + " is " + p.status);
    }
    if (p.isExpired(s.nowMillis)) {
      throw new ChainException(PROPOSAL_EXPIRED, "proposal " + proposalId + " expired at " + p.expiresAtMillis,
          new JsonObject().put("expiresAtMillis", p.expiresAtMillis));
    }
    ChannelRules.requireValidMember(c, s.sender(), s.nowMillis);
    if (!isEligibleVoter(c, s.sender())) {
      throw new ChainException(NOT_A_CANDIDATE, "above five members only candidates vote; delegate to one");
    }
    if (PUNISH.equals(p.type) && s.sender().equals(p.body.getString("target"))) {
      throw new ChainException(CANNOT_PUNISH_SELF, "the accused Leader cannot vote on its own punishment");
    }
    if (p.votes.containsKey(s.sender())) {
      throw new ChainException(DUPLICATE_VOTE, "already voted " + (p.votes.get(s.sender()) ? "yes" : "no")
          + " on proposal " + proposalId);
    }
    p.votes.put(s.sender(), yes);
    s.emit("proposal.voted", c.id, new JsonObject().put("proposalId", p.id).put("voter", s.sender())
        .put("yes", yes).put("weight", weight(c, c.members.get(s.sender()), s.nowMillis)));
    boolean executed = maybeExecute(s, c, p);
    return new JsonObject().put("proposalId", p.id).put("status", p.status).put("executed", executed);
  }

  static boolean isEligibleVoter(Channel c, String address) {
    Member m = c.members.get(address);
    return m != null && (!c.usesCandidates() || m.candidate);
  }

  /** A voter's weight: 1, or above five members 1 + its valid delegators. */
  static long weight(Channel c, Member m, long now) {
    if (!c.usesCandidates()) return 1;
    long w = 1;
    for (Member d : c.members.values()) {
      if (m.address.equals(d.delegateTo) && c.isValid(d, now)) w++;
    }
    return w;
  }

  private static boolean thresholdReached(TxScope s, Channel c, Proposal p) {
    switch (p.type) {
      case CENSORSHIP:
        return true;
      case PUNISH: {
        if (p.membersAtCreation <= 2) return true;
        long yes = 0;
        for (Map.Entry<String, Boolean> v : p.votes.entrySet()) {
          if (v.getValue() && isEligibleVoter(c, v.getKey()) && !v.getKey().equals(p.body.getString("target"))) yes++;
        }
        return yes >= c.params.punishVotes();
      }
      default: {
        long valid = 0;
        for (Member m : c.members.values()) if (c.isValid(m, s.nowMillis)) valid++;
        long yes = 0;
        for (Map.Entry<String, Boolean> v : p.votes.entrySet()) {
          if (v.getValue() && isEligibleVoter(c, v.getKey())) yes += weight(c, c.members.get(v.getKey()), s.nowMillis);
        }
        return valid > 0 && yes * c.params.settleQuorumDenominator() >= c.params.settleQuorumNumerator() * valid;
      }
    }
  }

  /**
   * Executes the proposal if its threshold is reached. Execution validates everything
   * before changing anything, so a proposal that can no longer apply (a member left, another
   * settlement moved the settled height) is marked failed and leaves the channel untouched.
   */
  private static boolean maybeExecute(TxScope s, Channel c, Proposal p) {
    if (!thresholdReached(s, c, p)) return false;
    try {
      JsonObject outcome = execute(s, c, p);
      p.status = Proposal.EXECUTED;
      p.closedAtMillis = s.nowMillis;
      s.emit("proposal.executed", c.id, new JsonObject().put("proposalId", p.id).put("type", p.type)
          .put("outcome", outcome));
      return true;
    } catch (ChainException e) {
      p.status = Proposal.FAILED;
      p.closedAtMillis = s.nowMillis;
      p.error = e.toJson();
      s.emit("proposal.failed", c.id, new JsonObject().put("proposalId", p.id).put("type", p.type)
          .put("error", e.toJson()));
      return false;
    }
  }

  private static JsonObject execute(TxScope s, Channel c, Proposal p) {
    switch (p.type) {
      case SETTLE -> {
        Settlement st = Settlement.fromJson(p.body);
        st.validate(c);
        st.apply(c);
        emitSettled(s, c, p, st);
        return new JsonObject().put("settledHeight", c.settledHeight).put("stateRoot", c.stateRoot);
      }
      case LEAVE -> {
        Settlement st = p.body.containsKey("settle") ? Settlement.fromJson(p.body.getJsonObject("settle")) : null;
        Member leaving = ChannelRules.requireMember(c, p.body.getString("member"));
        if (st != null) st.validate(c);
        if (st != null) {
          st.apply(c);
          emitSettled(s, c, p, st);
        }
        JsonObject released = Membership.release(s, c, leaving);
        s.emit("member.left", c.id, released.copy().put("reason", "leave"));
        return released;
      }
      case CLOSE -> {
        Settlement st = p.body.containsKey("settle") ? Settlement.fromJson(p.body.getJsonObject("settle")) : null;
        if (st != null) {
          st.validate(c);
          st.apply(c);
          emitSettled(s, c, p, st);
        }
        Membership.close(s, c, "proposal");
        return new JsonObject().put("settledHeight", c.settledHeight);
      }
      case CENSORSHIP -> {
        Membership.close(s, c, "censorship");
        return new JsonObject().put("settledHeight", c.settledHeight).put("leader", p.body.getString("target"));
      }
      case PUNISH -> {
        return punish(s, c, p);
      }
      default -> throw new IllegalStateException("unknown proposal type " + p.type);
    }
  }

  /**
   * Forced exit and re-entry bar for the reported Leader; with three or more members at the
   * report, also the fine, from its direct stake or its shared-pool stake, paid to the reporter.
   */
  private static JsonObject punish(TxScope s, Channel c, Proposal p) {
    String target = p.body.getString("target");
    Member m = ChannelRules.requireMember(c, target);
    BigInteger fined = BigInteger.ZERO;
    if (p.membersAtCreation >= 3) fined = Membership.fine(s, m, c.params.fine(), p.proposer);
    long until = s.nowMillis + c.params.reentryBarMillis();
    c.barredUntil.put(target, until);
    JsonObject released = Membership.release(s, c, m);
    JsonObject data = new JsonObject().put("member", target).put("term", p.body.getLong("term"))
        .put("fine", fined.toString()).put("fineSource", m.stakeSource).put("beneficiary", p.proposer)
        .put("barredUntilMillis", until).put("released", released);
    s.emit("member.punished", c.id, data);
    return data.copy();
  }

  private static void emitSettled(TxScope s, Channel c, Proposal p, Settlement st) {
    s.emit("channel.settled", c.id, new JsonObject().put("proposalId", p.id).put("startHeight", st.startHeight())
        .put("endHeight", st.endHeight()).put("stateRoot", st.stateRoot()).put("changeSet", st.changeSet().toJson()));
  }

  /** Keeps the channel record bounded: only the latest closed proposals stay readable. */
  private static void pruneClosed(Channel c, long now) {
    List<Long> closed = new ArrayList<>();
    for (Proposal p : c.proposals.values()) {
      if (!Proposal.OPEN.equals(p.status) || p.isExpired(now)) closed.add(p.id);
    }
    for (int i = 0; i < closed.size() - KEEP_CLOSED; i++) c.proposals.remove(closed.get(i));
  }
}
