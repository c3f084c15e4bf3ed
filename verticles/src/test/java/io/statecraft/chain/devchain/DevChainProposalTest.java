package io.statecraft.chain.devchain;

import static io.statecraft.chain.ChainErrorCode.*;
import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Settle, punish, censorship, leave and close proposals, their thresholds and penalties. */
@ExtendWith(VertxExtension.class)
class DevChainProposalTest {
  static final long FUNDS = 10_000;
  final Ed25519.KeyPair publisher = key(1);
  final Ed25519.KeyPair alice = key(2);
  final Ed25519.KeyPair bob = key(3);
  final Ed25519.KeyPair carol = key(4);
  final Ed25519.KeyPair dave = key(5);
  ChainHarness h;
  String channel;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
    for (Ed25519.KeyPair k : new Ed25519.KeyPair[] {publisher, alice, bob, carol, dave}) h.fund(k, FUNDS);
    channel = h.createChannel(publisher, 5, 100);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** Joins each member bringing 1000 coin into the channel; the first becomes Leader. */
  void members(Ed25519.KeyPair... ks) {
    for (Ed25519.KeyPair k : ks) {
      h.ok(k, "channel.join", joinArgs(channel, 100).put("assets", new JsonObject().put("coin", "1000")));
    }
    h.applyLeader(ks[0], channel);
  }

  static JsonObject coinMove(Ed25519.KeyPair from, Ed25519.KeyPair to, long amount) {
    return new JsonObject().put("coin", new JsonObject().put(addr(from), Long.toString(-amount)).put(addr(to), Long.toString(amount)));
  }

  BigInteger deposit(Ed25519.KeyPair k) {
    return h.channel(channel).member(addr(k)).orElseThrow().deposit().coin();
  }

  // ---- settle ----

  @Test
  void settleExecutesAtExactlyTwoThirdsOfValidMembers() {
    members(alice, bob, carol);
    long id = h.propose(alice, settleArgs(channel, 0, 10, coinMove(alice, bob, 300), 1));
    assertThat(h.channel(channel).proposal(id).orElseThrow().status()).isEqualTo("open");
    TxReceipt r = h.vote(bob, channel, id, true);
    assertThat(r.result().getBoolean("executed")).isTrue();
    assertThat(r.events()).extracting(e -> e.type())
        .containsExactly("proposal.voted", "channel.settled", "proposal.executed");
    ChannelView c = h.channel(channel);
    assertThat(c.settledHeight()).isEqualTo(10);
    assertThat(c.stateRoot()).isEqualTo(root(1));
    assertThat(deposit(alice)).isEqualTo(BigInteger.valueOf(700));
    assertThat(deposit(bob)).isEqualTo(BigInteger.valueOf(1300));
    assertThat(c.proposal(id).orElseThrow().status()).isEqualTo("executed");
  }

  @Test
  void settleStaysOpenBelowTwoThirds() {
    members(alice, bob, carol, dave);
    long id = h.propose(alice, settleArgs(channel, 0, 10, coinMove(alice, bob, 1), 1));
    assertThat(h.vote(bob, channel, id, true).result().getBoolean("executed")).isFalse();
    assertThat(h.vote(carol, channel, id, false).result().getBoolean("executed")).isFalse();
    assertThat(h.vote(dave, channel, id, true).result().getBoolean("executed")).isTrue();
  }

  @Test
  void settleCountsOnlyValidMembersInTheDenominator() {
    members(alice, bob, carol);
    h.clock.advance(15_001);
    h.heartbeat(alice, channel);
    // Only Alice is valid: her own yes is 1 of 1.
    long id = h.propose(alice, settleArgs(channel, 0, 5, new JsonObject(), 2));
    assertThat(h.channel(channel).proposal(id).orElseThrow().status()).isEqualTo("executed");
  }

  @Test
  void aSingleMemberSettlesAlone() {
    members(alice);
    TxReceipt r = h.ok(alice, "channel.propose", settleArgs(channel, 0, 3, new JsonObject(), 3));
    assertThat(r.result().getBoolean("executed")).isTrue();
  }

  @Test
  void settleIsRefusedWhenCoinDeltasDoNotSumToZero() {
    members(alice, bob);
    JsonObject cs = new JsonObject().put("coin", new JsonObject().put(addr(alice), "-5").put(addr(bob), "6"));
    h.refused(CHANGESET_UNBALANCED, alice, "channel.propose", settleArgs(channel, 0, 1, cs, 1));
  }

  @Test
  void settleIsRefusedWhenAMemberWouldGoBelowItsDeposit() {
    members(alice, bob);
    h.refused(CHANGESET_EXCEEDS_DEPOSIT, alice, "channel.propose", settleArgs(channel, 0, 1, coinMove(alice, bob, 1001), 1));
  }

  @Test
  void settleIsRefusedForANonMemberInTheChangeSet() {
    members(alice, bob);
    h.refused(CHANGESET_INVALID, alice, "channel.propose", settleArgs(channel, 0, 1, coinMove(alice, carol, 1), 1));
  }

  @Test
  void settleMustStartAtTheSettledHeight() {
    members(alice);
    h.propose(alice, settleArgs(channel, 0, 10, new JsonObject(), 1));
    ChainException e = h.refused(alice, "channel.propose", settleArgs(channel, 5, 20, new JsonObject(), 2));
    assertThat(e.code()).isEqualTo(SETTLE_RANGE_INVALID);
    assertThat(e.data().getLong("settledHeight")).isEqualTo(10);
    h.refused(SETTLE_RANGE_INVALID, alice, "channel.propose", settleArgs(channel, 10, 10, new JsonObject(), 2));
    h.propose(alice, settleArgs(channel, 10, 20, new JsonObject(), 2));
    assertThat(h.channel(channel).settledHeight()).isEqualTo(20);
  }

  @Test
  void aSettleOvertakenByAnotherFailsWithoutTouchingTheChannel() {
    members(alice, bob, carol);
    long first = h.propose(alice, settleArgs(channel, 0, 10, coinMove(alice, bob, 10), 1));
    long second = h.propose(bob, settleArgs(channel, 0, 12, coinMove(bob, alice, 10), 2));
    h.vote(carol, channel, first, true);
    TxReceipt r = h.vote(carol, channel, second, true);
    assertThat(r.result().getString("status")).isEqualTo("failed");
    ChannelView c = h.channel(channel);
    assertThat(c.settledHeight()).isEqualTo(10);
    assertThat(c.proposal(second).orElseThrow().error().getInteger("code")).isEqualTo(SETTLE_RANGE_INVALID.code());
    assertThat(deposit(alice)).isEqualTo(BigInteger.valueOf(990));
  }

  // ---- votes ----

  @Test
  void aSecondVoteFromTheSameMemberIsRefused() {
    members(alice, bob, carol, dave);
    long id = h.propose(alice, settleArgs(channel, 0, 1, new JsonObject(), 1));
    h.vote(bob, channel, id, false);
    h.refused(DUPLICATE_VOTE, bob, "channel.vote", voteArgs(channel, id, true));
    h.refused(DUPLICATE_VOTE, alice, "channel.vote", voteArgs(channel, id, true));
  }

  @Test
  void votesAfterExpiryAreRefused() {
    members(alice, bob, carol);
    long id = h.propose(alice, settleArgs(channel, 0, 1, new JsonObject(), 1));
    h.clock.advance(120_000);
    h.heartbeat(bob, channel);
    ChainException e = h.refused(bob, "channel.vote", voteArgs(channel, id, true));
    assertThat(e.code()).isEqualTo(PROPOSAL_EXPIRED);
    assertThat(e.data().getLong("expiresAtMillis")).isEqualTo(h.channel(channel).proposal(id).orElseThrow().expiresAtMillis());
    assertThat(h.channel(channel).proposal(id).orElseThrow().status()).isEqualTo("expired");
  }

  @Test
  void votesFromNonMembersAreRefused() {
    members(alice, bob, carol);
    long id = h.propose(alice, settleArgs(channel, 0, 1, new JsonObject(), 1));
    h.refused(NOT_A_MEMBER, dave, "channel.vote", voteArgs(channel, id, true));
    h.refused(NOT_A_MEMBER, dave, "channel.propose", settleArgs(channel, 0, 1, new JsonObject(), 1));
  }

  @Test
  void votesOnUnknownOrClosedProposalsAreRefused() {
    members(alice, bob, carol);
    h.refused(PROPOSAL_NOT_FOUND, bob, "channel.vote", voteArgs(channel, 42, true));
    long id = h.propose(alice, settleArgs(channel, 0, 1, new JsonObject(), 1));
    h.vote(bob, channel, id, true);
    h.refused(PROPOSAL_NOT_OPEN, carol, "channel.vote", voteArgs(channel, id, true));
  }

  @Test
  void aStaleMemberMustHeartbeatBeforeVoting() {
    members(alice, bob, carol);
    long id = h.propose(alice, settleArgs(channel, 0, 1, new JsonObject(), 1));
    h.clock.advance(15_001);
    h.refused(STALE_HEARTBEAT, bob, "channel.vote", voteArgs(channel, id, true));
  }

  // ---- punish ----

  @Test
  void withTwoMembersTheFollowersReportAloneForcesTheLeaderOutWithoutAFine() {
    members(alice, bob);
    TxReceipt r = h.ok(bob, "channel.propose", new JsonObject().put("channelId", channel).put("type", "punish")
        .put("evidence", new JsonObject().put("entryHeight", 7)));
    assertThat(r.result().getBoolean("executed")).isTrue();
    JsonObject punished = r.events().stream().filter(e -> e.type().equals("member.punished")).findFirst().orElseThrow().data();
    assertThat(punished.getString("member")).isEqualTo(addr(alice));
    assertThat(punished.getString("fine")).isEqualTo("0");
    assertThat(punished.getLong("barredUntilMillis")).isEqualTo(h.clock.nowMillis() + 300_000);
    ChannelView c = h.channel(channel);
    assertThat(c.member(addr(alice))).isEmpty();
    assertThat(c.leader()).isNull();
    assertThat(c.barredUntil()).containsEntry(addr(alice), h.clock.nowMillis() + 300_000);
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(FUNDS));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(FUNDS - 1100));
  }

  @Test
  void withThreeMembersPunishNeedsTwoYesVotesAndFinesTheStakeToTheReporter() {
    members(alice, bob, carol);
    long id = h.propose(bob, new JsonObject().put("channelId", channel).put("type", "punish")
        .put("evidence", new JsonObject().put("entryHeight", 7)));
    assertThat(h.channel(channel).member(addr(alice))).isPresent();
    h.refused(CANNOT_PUNISH_SELF, alice, "channel.vote", voteArgs(channel, id, false));
    TxReceipt r = h.vote(carol, channel, id, true);
    assertThat(r.result().getBoolean("executed")).isTrue();
    ChannelView c = h.channel(channel);
    assertThat(c.member(addr(alice))).isEmpty();
    assertThat(c.barredUntil()).containsKey(addr(alice));
    // The whole 100 stake (the default fine) goes to Bob; Alice gets her 1000 deposit back.
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(FUNDS - 100));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(FUNDS - 1100 + 100));
  }

  @Test
  void aFineIsTakenFromTheSharedPoolWhenTheLeaderStakedThroughIt() {
    h.ok(alice, "pool.stake", new JsonObject().put("amount", "500"));
    h.ok(alice, "channel.join", joinArgs(channel, 0).put("stake", new JsonObject().put("pool", true)));
    h.applyLeader(alice, channel);
    h.join(bob, channel, 100);
    h.join(carol, channel, 100);
    long id = h.propose(bob, new JsonObject().put("channelId", channel).put("type", "punish")
        .put("evidence", new JsonObject()));
    h.vote(carol, channel, id, true);
    assertThat(h.account(alice).poolStake()).isEqualTo(BigInteger.valueOf(400));
    assertThat(h.account(alice).poolChannels()).isEmpty();
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(FUNDS - 500));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(FUNDS - 100 + 100));
  }

  @Test
  void aPunishedLeaderIsBarredForFiveMinutesThenMayRejoin() {
    members(alice, bob);
    h.ok(bob, "channel.propose", new JsonObject().put("channelId", channel).put("type", "punish")
        .put("evidence", new JsonObject()));
    long until = h.clock.nowMillis() + 300_000;
    h.clock.advance(299_999);
    ChainException e = h.refused(alice, "channel.join", joinArgs(channel, 100));
    assertThat(e.code()).isEqualTo(BARRED_UNTIL);
    assertThat(e.data().getLong("untilMillis")).isEqualTo(until);
    h.clock.advance(1);
    assertThat(h.join(alice, channel, 100)).isEqualTo(3);
    assertThat(h.channel(channel).barredUntil()).doesNotContainKey(addr(alice));
  }

  @Test
  void punishIsRefusedWithoutALeaderAndFromTheLeaderItself() {
    h.join(alice, channel, 100);
    h.join(bob, channel, 100);
    JsonObject args = new JsonObject().put("channelId", channel).put("type", "punish").put("evidence", new JsonObject());
    h.refused(NO_LEADER, bob, "channel.propose", args);
    h.applyLeader(alice, channel);
    h.refused(CANNOT_PUNISH_SELF, alice, "channel.propose", args);
  }

  @Test
  void theNewLeaderAfterAPunishmentStartsTheNextTerm() {
    members(alice, bob);
    h.ok(bob, "channel.propose", new JsonObject().put("channelId", channel).put("type", "punish").put("evidence", new JsonObject()));
    assertThat(h.applyLeader(bob, channel)).isEqualTo(2);
  }

  // ---- censorship ----

  @Test
  void censorshipIsRefusedBeforeTheTimeoutAndClosesTheChannelWithoutAFineAfterIt() {
    members(alice, bob, carol);
    long now = h.clock.nowMillis();
    JsonObject early = new JsonObject().put("channelId", channel).put("type", "censorship")
        .put("evidence", new JsonObject().put("txHash", root(5)).put("submittedAtMillis", now - 29_999));
    ChainException e = h.refused(bob, "channel.propose", early);
    assertThat(e.code()).isEqualTo(CENSORSHIP_TIMEOUT_NOT_REACHED);
    JsonObject due = early.copy().put("evidence", new JsonObject().put("txHash", root(5)).put("submittedAtMillis", now - 30_000));
    TxReceipt r = h.ok(bob, "channel.propose", due);
    assertThat(r.result().getBoolean("executed")).isTrue();
    ChannelView c = h.channel(channel);
    assertThat(c.status()).isEqualTo("closed");
    assertThat(c.closedReason()).isEqualTo("censorship");
    assertThat(c.barredUntil()).isEmpty();
    for (Ed25519.KeyPair k : new Ed25519.KeyPair[] {alice, bob, carol}) {
      assertThat(h.coin(k)).isEqualTo(BigInteger.valueOf(FUNDS));
    }
    h.refused(CHANNEL_CLOSED, alice, "channel.heartbeat", ch(channel));
  }

  // ---- leave and close ----

  @Test
  void leaveSettlesFirstThenReleasesTheLeaversStakeAndHoldings() {
    members(alice, bob, carol);
    JsonObject args = new JsonObject().put("channelId", channel).put("type", "leave")
        .put("settle", settleArgs(channel, 0, 8, coinMove(carol, alice, 250), 4));
    long id = h.propose(carol, args);
    TxReceipt r = h.vote(alice, channel, id, true);
    assertThat(r.events()).extracting(e -> e.type())
        .containsExactly("proposal.voted", "channel.settled", "member.left", "proposal.executed");
    ChannelView c = h.channel(channel);
    assertThat(c.member(addr(carol))).isEmpty();
    assertThat(c.settledHeight()).isEqualTo(8);
    assertThat(h.coin(carol)).isEqualTo(BigInteger.valueOf(FUNDS - 250));
    assertThat(deposit(alice)).isEqualTo(BigInteger.valueOf(1250));
  }

  @Test
  void aLeavingLeaderLeavesTheChannelWithoutALeader() {
    members(alice, bob);
    h.ok(alice, "channel.propose", new JsonObject().put("channelId", channel).put("type", "leave"));
    assertThat(h.vote(bob, channel, 1, true).result().getBoolean("executed")).isTrue();
    assertThat(h.channel(channel).leader()).isNull();
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(FUNDS));
  }

  @Test
  void closeProposalSettlesThenReleasesEveryone() {
    members(alice, bob, carol);
    long id = h.propose(alice, new JsonObject().put("channelId", channel).put("type", "close")
        .put("settle", settleArgs(channel, 0, 9, coinMove(bob, carol, 400), 6)));
    h.vote(carol, channel, id, true);
    ChannelView c = h.channel(channel);
    assertThat(c.status()).isEqualTo("closed");
    assertThat(c.closedReason()).isEqualTo("proposal");
    assertThat(c.stateRoot()).isEqualTo(root(6));
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(FUNDS));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(FUNDS - 400));
    assertThat(h.coin(carol)).isEqualTo(BigInteger.valueOf(FUNDS + 400));
  }
}
