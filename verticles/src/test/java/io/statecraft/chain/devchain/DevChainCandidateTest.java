package io.statecraft.chain.devchain;

import static io.statecraft.chain.ChainErrorCode.*;
import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChannelView;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Channels over five members: candidates, delegations (at most n/5-1 each), weighted votes. */
@ExtendWith(VertxExtension.class)
class DevChainCandidateTest {
  final Ed25519.KeyPair publisher = key(1);
  final List<Ed25519.KeyPair> m = new ArrayList<>();
  ChainHarness h;
  String channel;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
    for (int i = 0; i < 16; i++) m.add(key(100 + i));
    h.fund(publisher, 1000);
    h.okEach(m, "faucet", k -> new JsonObject().put("amount", "1000"));
    channel = h.createChannel(publisher, 20, 10);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** The first n keys join; the first five stand as candidates. */
  void members(int n) {
    h.okEach(m.subList(0, n), "channel.join", k -> joinArgs(channel, 10));
    h.okEach(m.subList(0, 5), "channel.standCandidate", k -> ch(channel));
  }

  JsonObject delegate(Ed25519.KeyPair candidate) {
    return ch(channel).put("candidate", addr(candidate));
  }

  @Test
  void theFirstFiveToStandAreTheCandidatesAndASixthIsRefused() {
    members(10);
    ChannelView c = h.channel(channel);
    assertThat(c.candidates()).hasSize(5)
        .containsExactlyInAnyOrderElementsOf(m.subList(0, 5).stream().map(ChainHarness::addr).toList());
    h.refused(CANDIDATES_FULL, m.get(5), "channel.standCandidate", ch(channel));
    h.refused(ALREADY_CANDIDATE, m.get(0), "channel.standCandidate", ch(channel));
  }

  @Test
  void aStaleCandidatesSeatGoesToTheNextMemberToStand() {
    members(10);
    h.okEach(m.subList(5, 6), "channel.delegate", k -> delegate(m.get(0)));
    h.clock.advance(15_001);
    h.okEach(m.subList(1, 7), "channel.heartbeat", k -> ch(channel));
    var r = h.ok(m.get(6), "channel.standCandidate", ch(channel));
    assertThat(r.events().get(0).data().getString("replaced")).isEqualTo(addr(m.get(0)));
    ChannelView c = h.channel(channel);
    assertThat(c.candidates()).contains(addr(m.get(6))).doesNotContain(addr(m.get(0)));
    assertThat(c.member(addr(m.get(5))).orElseThrow().delegateTo()).isNull();
  }

  @Test
  void withTenMembersACandidateTakesOneDelegation() {
    members(10);
    h.ok(m.get(5), "channel.delegate", delegate(m.get(0)));
    ChainException e = h.refused(m.get(6), "channel.delegate", delegate(m.get(0)));
    assertThat(e.code()).isEqualTo(DELEGATION_LIMIT);
    assertThat(e.data().getInteger("limit")).isEqualTo(1);
    h.ok(m.get(6), "channel.delegate", delegate(m.get(1)));
    assertThat(h.channel(channel).member(addr(m.get(0))).orElseThrow().delegations()).isEqualTo(1);
  }

  @Test
  void withFifteenMembersACandidateTakesTwoDelegations() {
    members(15);
    h.ok(m.get(5), "channel.delegate", delegate(m.get(0)));
    h.ok(m.get(6), "channel.delegate", delegate(m.get(0)));
    ChainException e = h.refused(m.get(7), "channel.delegate", delegate(m.get(0)));
    assertThat(e.code()).isEqualTo(DELEGATION_LIMIT);
    assertThat(e.data().getInteger("limit")).isEqualTo(2);
  }

  @Test
  void candidatesCannotDelegateAndDelegationsGoOnlyToCandidates() {
    members(10);
    h.refused(CANDIDATE_CANNOT_DELEGATE, m.get(0), "channel.delegate", delegate(m.get(1)));
    h.refused(NOT_A_CANDIDATE, m.get(5), "channel.delegate", delegate(m.get(6)));
    h.refused(NOT_A_MEMBER, m.get(15), "channel.delegate", delegate(m.get(0)));
  }

  @Test
  void aboveFiveMembersTheLeaderMustBeACandidate() {
    members(10);
    h.refused(NOT_A_CANDIDATE, m.get(5), "channel.applyLeader", ch(channel));
    assertThat(h.applyLeader(m.get(0), channel)).isEqualTo(1);
  }

  @Test
  void aboveFiveMembersOnlyCandidatesVoteAndTheyVoteWithTheirDelegatedWeight() {
    members(10);
    // Each candidate takes one delegation: weight 2 each, 10 valid members, 2/3 needs 7.
    for (int i = 0; i < 5; i++) {
      int cand = i;
      h.okEach(List.of(m.get(5 + i)), "channel.delegate", k -> delegate(m.get(cand)));
    }
    long id = h.propose(m.get(0), settleArgs(channel, 0, 4, new JsonObject(), 1));
    h.refused(NOT_A_CANDIDATE, m.get(5), "channel.vote", voteArgs(channel, id, true));
    var r = h.vote(m.get(1), channel, id, true);
    assertThat(r.events().get(0).data().getLong("weight")).isEqualTo(2);
    assertThat(h.vote(m.get(2), channel, id, true).result().getBoolean("executed")).isFalse();
    assertThat(h.vote(m.get(3), channel, id, true).result().getBoolean("executed")).isTrue();
    assertThat(h.channel(channel).settledHeight()).isEqualTo(4);
  }

  @Test
  void aboveFiveMembersPunishNeedsTwoCandidatesYes() {
    members(10);
    h.applyLeader(m.get(0), channel);
    // A non-candidate Follower may report; its report is not a vote.
    long id = h.propose(m.get(7), new JsonObject().put("channelId", channel).put("type", "punish")
        .put("evidence", new JsonObject()));
    assertThat(h.vote(m.get(1), channel, id, true).result().getBoolean("executed")).isFalse();
    assertThat(h.vote(m.get(2), channel, id, true).result().getBoolean("executed")).isTrue();
    assertThat(h.channel(channel).member(addr(m.get(0)))).isEmpty();
  }
}
