package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.ChannelView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Read-only views of the state at a chain time (validity flags and expiry depend on it). */
public final class Views {
  private Views() {}

  public static AccountView account(WorldState state, String address) {
    Account a = state.accounts.get(address);
    if (a == null) return AccountView.empty(address);
    List<AccountView.NftView> nfts = new ArrayList<>();
    for (String id : a.nfts) {
      Nft n = state.nfts.get(id);
      if (n != null) nfts.add(nft(n));
    }
    return new AccountView(a.address, a.nonce, a.coin, a.fungible, nfts, a.poolStake, new ArrayList<>(a.poolChannels));
  }

  public static AccountView.NftView nft(Nft n) {
    return new AccountView.NftView(n.id, n.creator, n.owner, n.user == null ? n.owner : n.user, n.userExpiresAtMillis,
        n.data.copy(), n.lockedIn);
  }

  public static ChannelView channel(Channel c, long now) {
    List<ChannelView.MemberView> members = new ArrayList<>();
    List<Member> byJoin = new ArrayList<>(c.members.values());
    byJoin.sort(Comparator.comparingLong(m -> m.joinSeq));
    for (Member m : byJoin) {
      members.add(new ChannelView.MemberView(m.address, m.joinSeq, m.joinedAtMillis, m.stakeSource, m.stake,
          new ChannelView.Holdings(m.deposit.coin, m.deposit.fungible, new ArrayList<>(m.deposit.nfts)), m.nodeKey,
          m.endpoint, m.lastHeartbeatMillis, c.isValid(m, now), m.candidate, m.delegateTo, c.delegationsTo(m.address)));
    }
    List<ChannelView.ProposalView> proposals = new ArrayList<>();
    for (Proposal p : c.proposals.values()) {
      String status = Proposal.OPEN.equals(p.status) && p.isExpired(now) ? "expired" : p.status;
      proposals.add(new ChannelView.ProposalView(p.id, p.type, p.proposer, p.createdAtMillis, p.expiresAtMillis, status,
          p.votes, p.body.copy(), p.error == null ? null : p.error.copy()));
    }
    ChannelParams pp = c.params;
    ChannelView.Params params = new ChannelView.Params(pp.heartbeatWindowMillis(), pp.reentryBarMillis(), pp.fine(),
        pp.censorshipTimeoutMillis(), pp.tickDriftToleranceMillis(), pp.settlePeriodBlocks(), pp.proposalTtlMillis(),
        pp.settleQuorumNumerator(), pp.settleQuorumDenominator(), pp.punishVotes(), pp.candidateCount());
    return new ChannelView(c.id, c.publisher, c.codeHash, c.modules, c.initFunction, c.tickFunction,
        c.tickIntervalMillis, c.memberLimit, c.stake,
        new ChannelView.AssetsAccepted(c.acceptsCoin, new ArrayList<>(c.acceptedFungible),
            new ArrayList<>(c.acceptedNftCreators)),
        params, c.status, c.closedReason, c.createdAtMillis, now, members, c.leader, c.term, c.barredUntil, proposals,
        c.settledHeight, c.stateRoot, c.highestJoinSeq);
  }
}
