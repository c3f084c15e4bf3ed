package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Taking members out of a channel: releasing what they hold, fines, closing the channel. */
public final class Membership {
  private Membership() {}

  /**
   * Removes a member and gives back its holdings (at the last settled allocation) and its
   * direct stake; a pool stake is simply unpinned. Delegations to it lapse; a leaving Leader
   * leaves the channel without one (the term stays, the next grant starts a new one).
   */
  public static JsonObject release(TxScope s, Channel c, Member m) {
    Account acc = s.account(m.address);
    acc.coin = Amounts.add(acc.coin, m.deposit.coin);
    m.deposit.fungible.forEach((asset, amount) -> acc.setFungible(asset, Amounts.add(acc.fungible(asset), amount)));
    for (String nftId : m.deposit.nfts) {
      Nft nft = s.nft(nftId);
      if (!m.address.equals(nft.owner)) {
        s.account(nft.owner).nfts.remove(nftId);
        nft.user = null;
        nft.userExpiresAtMillis = 0;
      }
      nft.owner = m.address;
      nft.lockedIn = null;
      acc.nfts.add(nftId);
    }
    BigInteger stakeBack = BigInteger.ZERO;
    if (Member.STAKE_DIRECT.equals(m.stakeSource)) {
      stakeBack = m.stake;
      acc.coin = Amounts.add(acc.coin, m.stake);
    } else {
      acc.poolChannels.remove(c.id);
    }
    c.members.remove(m.address);
    for (Member other : c.members.values()) {
      if (m.address.equals(other.delegateTo)) other.delegateTo = null;
    }
    if (m.address.equals(c.leader)) c.leader = null;
    return new JsonObject().put("member", m.address).put("deposit", m.deposit.toJson())
        .put("stakeReturned", stakeBack.toString());
  }

  /**
   * Takes a fine from a member's direct stake or from its shared-pool stake, as much as is
   * there up to the fine, and pays it to the beneficiary (the reporter). Returns what was taken.
   */
  public static BigInteger fine(TxScope s, Member m, BigInteger fine, String beneficiary) {
    BigInteger taken;
    if (Member.STAKE_DIRECT.equals(m.stakeSource)) {
      taken = fine.min(m.stake);
      m.stake = m.stake.subtract(taken);
    } else {
      Account acc = s.account(m.address);
      taken = fine.min(acc.poolStake);
      acc.poolStake = acc.poolStake.subtract(taken);
    }
    Account to = s.account(beneficiary);
    to.coin = Amounts.add(to.coin, taken);
    return taken;
  }

  /** Closes the channel: every member released at the last settled allocation, no fine. */
  public static void close(TxScope s, Channel c, String reason) {
    JsonArray released = new JsonArray();
    List<Member> all = new ArrayList<>(c.members.values());
    for (Member m : all) released.add(release(s, c, m));
    c.status = Channel.CLOSED;
    c.closedReason = reason;
    c.closedAtMillis = s.nowMillis;
    c.leader = null;
    s.emit("channel.closed", c.id, new JsonObject().put("reason", reason).put("released", released)
        .put("settledHeight", c.settledHeight));
  }
}
