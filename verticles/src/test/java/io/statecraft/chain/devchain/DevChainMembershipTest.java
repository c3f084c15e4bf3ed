package io.statecraft.chain.devchain;

import static io.statecraft.chain.ChainErrorCode.*;
import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Channel creation, joins, heartbeats, Leader applications and the publisher's close. */
@ExtendWith(VertxExtension.class)
class DevChainMembershipTest {
  final Ed25519.KeyPair publisher = key(1);
  final Ed25519.KeyPair alice = key(2);
  final Ed25519.KeyPair bob = key(3);
  final Ed25519.KeyPair carol = key(4);
  ChainHarness h;
  String channel;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
    for (Ed25519.KeyPair k : new Ed25519.KeyPair[] {publisher, alice, bob, carol}) h.fund(k, 10_000);
    channel = h.createChannel(publisher, 3, 100);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void channelCreationPinsTheModulesAndTheSeedDefaults() {
    ChannelView c = h.channel(channel);
    assertThat(c.publisher()).isEqualTo(addr(publisher));
    assertThat(c.modules()).containsExactly("0x" + MODULE);
    assertThat(c.codeHash()).isEqualTo(io.statecraft.chain.CodeHash.ofHex(java.util.List.of(MODULE)));
    assertThat(c.initFunction()).isEqualTo("0x1::game::init");
    assertThat(c.tickFunction()).isEqualTo("0x1::game::tick");
    assertThat(c.tickIntervalMillis()).isEqualTo(50);
    assertThat(c.memberLimit()).isEqualTo(3);
    assertThat(c.stake()).isEqualTo(BigInteger.valueOf(100));
    assertThat(c.params().heartbeatWindowMillis()).isEqualTo(15_000);
    assertThat(c.params().reentryBarMillis()).isEqualTo(300_000);
    assertThat(c.params().fine()).isEqualTo(BigInteger.valueOf(100));
    assertThat(c.params().settleQuorumNumerator()).isEqualTo(2);
    assertThat(c.params().settleQuorumDenominator()).isEqualTo(3);
    assertThat(c.params().punishVotes()).isEqualTo(2);
    assertThat(c.params().candidateCount()).isEqualTo(5);
    assertThat(c.status()).isEqualTo("open");
    assertThat(c.leader()).isNull();
    assertThat(c.term()).isZero();
    assertThat(ChannelView.fromJson(c.toJson())).isEqualTo(c);
  }

  @Test
  void channelCreationIsRefusedWhenTheCodeHashDoesNotMatchTheModules() {
    JsonObject args = createArgs(3, 100).put("codeHash", root(9));
    ChainException e = h.refused(publisher, "channel.create", args);
    assertThat(e.code()).isEqualTo(CODE_HASH_MISMATCH);
    assertThat(e.data().getString("expected")).isEqualTo(io.statecraft.chain.CodeHash.ofHex(java.util.List.of(MODULE)));
  }

  @Test
  void channelCreationIsRefusedForNonsenseParams() {
    h.refused(INVALID_CHANNEL_PARAMS, publisher, "channel.create",
        createArgs(3, 100, new JsonObject().put("settleQuorumNumerator", 4).put("settleQuorumDenominator", 3)));
  }

  @Test
  void joinSequenceNumbersAreMonotonicPerChannel() {
    assertThat(h.join(alice, channel, 100)).isEqualTo(1);
    assertThat(h.join(bob, channel, 100)).isEqualTo(2);
    String other = h.createChannel(publisher, 3, 100);
    assertThat(h.join(carol, other, 100)).isEqualTo(1);
    assertThat(h.join(carol, channel, 100)).isEqualTo(3);
    ChannelView c = h.channel(channel);
    assertThat(c.highestJoinSeq()).isEqualTo(3);
    assertThat(c.members()).extracting(ChannelView.MemberView::joinSeq).containsExactly(1L, 2L, 3L);
  }

  @Test
  void joinEscrowsTheStakeAndRecordsNodeKeyAndEndpoint() {
    TxReceipt r = h.ok(alice, "channel.join", joinArgs(channel, 150).put("assets", new JsonObject().put("coin", "40")));
    assertThat(r.events()).extracting(e -> e.type()).containsExactly("channel.joined");
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(10_000 - 150 - 40));
    ChannelView.MemberView m = h.channel(channel).member(addr(alice)).orElseThrow();
    assertThat(m.stakeSource()).isEqualTo("direct");
    assertThat(m.stake()).isEqualTo(BigInteger.valueOf(150));
    assertThat(m.deposit().coin()).isEqualTo(BigInteger.valueOf(40));
    assertThat(m.nodeKey()).isEqualTo("0x" + "00".repeat(32));
    assertThat(m.endpoint()).isEqualTo("wss://node.example:7443");
    assertThat(m.valid()).isTrue();
  }

  @Test
  void joinIsRefusedBelowTheStakeRequirement() {
    ChainException e = h.refused(alice, "channel.join", joinArgs(channel, 99));
    assertThat(e.code()).isEqualTo(INSUFFICIENT_STAKE);
    assertThat(e.data().getString("required")).isEqualTo("100");
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(10_000));
  }

  @Test
  void joinIsRefusedWithoutTheCoinForTheStake() {
    Ed25519.KeyPair poor = key(20);
    h.fund(poor, 50);
    h.refused(INSUFFICIENT_BALANCE, poor, "channel.join", joinArgs(channel, 100));
  }

  @Test
  void joinIsRefusedWhenTheChannelIsFull() {
    h.join(alice, channel, 100);
    h.join(bob, channel, 100);
    h.join(carol, channel, 100);
    Ed25519.KeyPair dave = key(5);
    h.fund(dave, 1000);
    h.refused(CHANNEL_FULL, dave, "channel.join", joinArgs(channel, 100));
  }

  @Test
  void joinIsRefusedForAnExistingMemberAndAnUnknownChannel() {
    h.join(alice, channel, 100);
    h.refused(ALREADY_MEMBER, alice, "channel.join", joinArgs(channel, 100));
    h.refused(CHANNEL_NOT_FOUND, bob, "channel.join", joinArgs(root(77), 100));
  }

  @Test
  void joinIsRefusedForAssetsTheChannelDoesNotAccept() {
    String assetId = h.ok(alice, "asset.create", new JsonObject().put("symbol", "GEM")).result().getString("assetId");
    h.ok(alice, "asset.mint", new JsonObject().put("assetId", assetId).put("amount", "10"));
    h.refused(ASSET_NOT_ACCEPTED, alice, "channel.join", joinArgs(channel, 100)
        .put("assets", new JsonObject().put("fungible", new JsonObject().put(assetId, "5"))));
    String noCoin = h.createChannel(publisher, createArgs(3, 100)
        .put("assetsAccepted", new JsonObject().put("coin", false).put("fungible", new JsonArray().add(assetId))));
    h.refused(ASSET_NOT_ACCEPTED, alice, "channel.join", joinArgs(noCoin, 100).put("assets", new JsonObject().put("coin", "1")));
    h.ok(alice, "channel.join", joinArgs(noCoin, 100)
        .put("assets", new JsonObject().put("fungible", new JsonObject().put(assetId, "5"))));
    assertThat(h.account(alice).fungible(assetId)).isEqualTo(BigInteger.valueOf(5));
    assertThat(h.channel(noCoin).member(addr(alice)).orElseThrow().deposit().fungible()).containsEntry(assetId, BigInteger.valueOf(5));
  }

  @Test
  void aMemberIsValidUpToFifteenSecondsAfterItsHeartbeat() {
    h.join(alice, channel, 100);
    h.heartbeat(alice, channel);
    h.advance(14_999);
    assertThat(h.channel(channel).member(addr(alice)).orElseThrow().valid()).isTrue();
    h.advance(2);
    assertThat(h.channel(channel).member(addr(alice)).orElseThrow().valid()).isFalse();
    h.heartbeat(alice, channel);
    assertThat(h.channel(channel).member(addr(alice)).orElseThrow().valid()).isTrue();
  }

  @Test
  void heartbeatIsRefusedForANonMember() {
    h.refused(NOT_A_MEMBER, alice, "channel.heartbeat", ch(channel));
  }

  @Test
  void theFirstMemberIsGrantedLeadershipWithTermOne() {
    h.join(alice, channel, 100);
    TxReceipt r = h.ok(alice, "channel.applyLeader", ch(channel));
    assertThat(r.result().getLong("term")).isEqualTo(1);
    assertThat(r.events().get(0).type()).isEqualTo("channel.leader");
    assertThat(r.events().get(0).data().getString("leader")).isEqualTo(addr(alice));
    ChannelView c = h.channel(channel);
    assertThat(c.leader()).isEqualTo(addr(alice));
    assertThat(c.term()).isEqualTo(1);
  }

  @Test
  void leaderApplicationIsRefusedWhileTheLeaderHeartbeatIsValid() {
    h.join(alice, channel, 100);
    h.join(bob, channel, 100);
    h.applyLeader(alice, channel);
    h.heartbeat(alice, channel);
    h.clock.advance(14_999);
    h.heartbeat(bob, channel);
    ChainException e = h.refused(bob, "channel.applyLeader", ch(channel));
    assertThat(e.code()).isEqualTo(LEADER_STILL_VALID);
    assertThat(e.data().getString("leader")).isEqualTo(addr(alice));
    assertThat(e.data().getLong("term")).isEqualTo(1);
    assertThat(h.channel(channel).term()).isEqualTo(1);
  }

  @Test
  void leaderApplicationIsGrantedOnceTheLeaderHeartbeatIsStaleAndTermsGrow() {
    h.join(alice, channel, 100);
    h.join(bob, channel, 100);
    assertThat(h.applyLeader(alice, channel)).isEqualTo(1);
    h.heartbeat(alice, channel);
    h.clock.advance(15_001);
    h.heartbeat(bob, channel);
    TxReceipt r = h.ok(bob, "channel.applyLeader", ch(channel));
    assertThat(r.result().getLong("term")).isEqualTo(2);
    assertThat(r.events().get(0).data().getString("previous")).isEqualTo(addr(alice));
    // Alice comes back and finds a valid Leader: refused; later Bob goes stale and she wins term 3.
    h.heartbeat(alice, channel);
    h.refused(LEADER_STILL_VALID, alice, "channel.applyLeader", ch(channel));
    h.clock.advance(15_001);
    h.heartbeat(alice, channel);
    assertThat(h.applyLeader(alice, channel)).isEqualTo(3);
    assertThat(h.channel(channel).leader()).isEqualTo(addr(alice));
  }

  @Test
  void leaderApplicationIsRefusedToAMemberWithAStaleHeartbeat() {
    h.join(alice, channel, 100);
    h.clock.advance(15_001);
    ChainException e = h.refused(alice, "channel.applyLeader", ch(channel));
    assertThat(e.code()).isEqualTo(STALE_HEARTBEAT);
    assertThat(e.data().getLong("heartbeatWindowMillis")).isEqualTo(15_000);
  }

  @Test
  void leaderApplicationIsRefusedToANonMember() {
    h.refused(NOT_A_MEMBER, alice, "channel.applyLeader", ch(channel));
  }

  @Test
  void theValidLeaderReapplyingIsRefusedAndTheTermStays() {
    h.join(alice, channel, 100);
    h.applyLeader(alice, channel);
    h.refused(LEADER_STILL_VALID, alice, "channel.applyLeader", ch(channel));
    assertThat(h.channel(channel).term()).isEqualTo(1);
  }

  @Test
  void onlyThePublisherClosesAndClosingReleasesStakesAndDeposits() {
    h.ok(alice, "channel.join", joinArgs(channel, 100).put("assets", new JsonObject().put("coin", "30")));
    h.join(bob, channel, 120);
    h.refused(NOT_PUBLISHER, alice, "channel.close", ch(channel));
    TxReceipt r = h.ok(publisher, "channel.close", ch(channel));
    assertThat(r.events()).extracting(e -> e.type()).containsExactly("channel.closed");
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(10_000));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(10_000));
    ChannelView c = h.channel(channel);
    assertThat(c.status()).isEqualTo("closed");
    assertThat(c.closedReason()).isEqualTo("publisher");
    assertThat(c.members()).isEmpty();
    h.refused(CHANNEL_CLOSED, carol, "channel.join", joinArgs(channel, 100));
    h.refused(CHANNEL_CLOSED, publisher, "channel.close", ch(channel));
  }
}
