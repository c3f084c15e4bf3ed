package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static io.statecraft.channel.ChannelCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.chain.ChannelView;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §2's table, row by row, with the penalties checked on the devchain. */
class ChannelCheatingTest {
  @TempDir
  Path dir;

  /** Alters the gas of every entry's effects from a height on (after the joins). */
  static LeaderFaults alteredEffects(long fromHeight) {
    return new LeaderFaults() {
      @Override
      public Effects alterEffects(long height, Effects honest) {
        return height >= fromHeight
            ? new Effects(honest.writeSet(), honest.events(), honest.gasUsed() + 1, honest.abort()) : honest;
      }
    };
  }

  /** Signs a wrong state root into every entry after the joins. */
  static LeaderFaults alteredRoot(long fromHeight) {
    return new LeaderFaults() {
      @Override
      public Hash32 alterStateRoot(long height, Hash32 honest) {
        return height >= fromHeight ? Hash32.sha256(honest.toByteArray()) : honest;
      }
    };
  }

  /** Runs a modified contract: increment adds 2. */
  static final LeaderFaults ALTERED_CODE = new LeaderFaults() {
    @Override
    public List<byte[]> alterModules(List<byte[]> chainModules) {
      return List.of(chainModules.get(0), ChannelCluster.asm("counter.masm", 2));
    }
  };

  static LeaderFaults leaderOnly(LeaderFaults f) {
    return f;
  }

  @Test
  void oneMemberNothingToDetect() {
    try (ChannelCluster c = new ChannelCluster(dir, 1, new JsonObject(), i -> alteredEffects(2))) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)).verified());
      assertThat(l.c().frozen()).isFalse();
      assertThat(c.view().leader()).isEqualTo(l.address());
    }
  }

  @Test
  void twoMembersAlteredEffectsLeaderForcedOutAndBarredWithoutFine() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> i == 0 ? alteredEffects(3) : LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node leader = c.nodes.get(0);
      ChannelCluster.Node follower = c.nodes.get(1);
      var p = await(follower.node.call(c.channelId, follower.increment(), ConfirmationLevel.ACCEPTED));
      assertThat(p.height()).isEqualTo(3);
      eventually("Leader forced out", () -> c.view().member(leader.address()).isEmpty());
      ChannelView v = c.view();
      assertThat(v.barredUntil()).containsKey(leader.address());
      assertThat(v.barredUntil().get(leader.address())).isEqualTo(c.clock.nowMillis() + v.params().reentryBarMillis());
      assertThat(c.coin(leader)).as("no fine with two members").isEqualTo(BigInteger.valueOf(ChannelCluster.FUND));
      // The honest member takes over from its verified log and the channel runs on.
      eventually("Follower leads", () -> follower.c().role() == ChannelController.Role.LEADER && !follower.c().frozen());
      // Its log holds only the verified joins; the new Leader sequences the old one's Leave.
      eventually("leave of the punished Leader", () -> follower.c().height() == 3);
      assertThat(await(follower.node.entry(c.channelId, 3)).tx()).isEqualTo(
          new Transaction.Leave(io.statecraft.codec.channel.Address.parse(leader.address())));
      var q = await(follower.node.call(c.channelId, follower.increment(), ConfirmationLevel.VERIFIED));
      await(q.verified());
      assertThat(follower.counter()).isEqualTo(1);
    }
  }

  @Test
  void threeMembersAlteredStateRootTwoVotesForceOutBarAndFine() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> i == 0 ? alteredRoot(4) : LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node leader = c.nodes.get(0);
      ChannelCluster.Node f1 = c.nodes.get(1);
      ChannelCluster.Node f2 = c.nodes.get(2);
      await(f1.node.call(c.channelId, f1.increment(), ConfirmationLevel.ACCEPTED));
      eventually("Leader forced out", () -> c.view().member(leader.address()).isEmpty());
      ChannelView v = c.view();
      assertThat(v.barredUntil()).containsKey(leader.address());
      assertThat(c.coin(leader)).as("fined its whole stake").isEqualTo(BigInteger.valueOf(ChannelCluster.FUND - ChannelCluster.STAKE));
      assertThat(c.coin(f1).add(c.coin(f2))).as("the reporter got the fine")
          .isEqualTo(BigInteger.valueOf(2 * (ChannelCluster.FUND - ChannelCluster.STAKE) + ChannelCluster.STAKE));
      eventually("a new Leader among the honest", () -> (f1.c().role() == ChannelController.Role.LEADER
          && f2.c().role() == ChannelController.Role.FOLLOWER) || (f2.c().role() == ChannelController.Role.LEADER
          && f1.c().role() == ChannelController.Role.FOLLOWER));
      eventually("unfrozen", () -> !f1.c().frozen() && !f2.c().frozen());
      await(await(f2.node.call(c.channelId, f2.increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("same root", () -> f1.root().equals(f2.root()));
    }
  }

  @Test
  void threeMembersAlteredCodeIsDetectedAndPunished() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> i == 0 ? ALTERED_CODE : LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node leader = c.nodes.get(0);
      ChannelCluster.Node f2 = c.nodes.get(2);
      await(f2.node.call(c.channelId, f2.increment(), ConfirmationLevel.ACCEPTED));
      eventually("Leader forced out", () -> c.view().member(leader.address()).isEmpty());
      assertThat(c.coin(leader)).isEqualTo(BigInteger.valueOf(ChannelCluster.FUND - ChannelCluster.STAKE));
      assertThat(c.view().barredUntil()).containsKey(leader.address());
    }
  }

  static LeaderFaults censoring(String victim, long delay) {
    return new LeaderFaults() {
      @Override
      public boolean drop(Transaction tx) {
        return delay == 0 && tx instanceof Transaction.Call call && call.sender().toHex().equals(victim);
      }

      @Override
      public long delayMillis(Transaction tx) {
        return tx instanceof Transaction.Call call && call.sender().toHex().equals(victim) ? delay : 0;
      }
    };
  }

  private void censorshipClosesTheChannel(int n, long delay) {
    JsonObject params = new JsonObject().put("censorshipTimeoutMillis", 3000);
    String victim = ChannelCluster.key(1) != null
        ? io.statecraft.chain.SignedTx.addressOf(ChannelCluster.key(1).publicKey()) : null;
    try (ChannelCluster c = new ChannelCluster(dir, n, params, i -> i == 0 ? censoring(victim, delay) : LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      f.node.call(c.channelId, f.increment(), ConfirmationLevel.ACCEPTED); // never answered in time
      c.advance(4000, 500);
      eventually("channel closed for censorship", () -> "closed".equals(c.view().status()));
      assertThat(c.view().closedReason()).isEqualTo("censorship");
      for (ChannelCluster.Node node : c.nodes) {
        assertThat(c.coin(node)).as("no fine").isEqualTo(BigInteger.valueOf(ChannelCluster.FUND));
        eventually("node drops the channel", () -> node.c().role() == ChannelController.Role.CLOSED);
      }
    }
  }

  @Test
  void aCallTheLeaderRefusesIsNotReportedAsCensorship() {
    JsonObject params = new JsonObject().put("censorshipTimeoutMillis", 3000);
    try (ChannelCluster c = new ChannelCluster(dir, 2, params, i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      Transaction.Call call = f.increment();
      await(f.node.call(c.channelId, call, ConfirmationLevel.ACCEPTED));
      // The same signed call again, through the Follower: the Leader refuses the replayed
      // nonce, and that answer ends the Follower's wait for it to be sequenced.
      assertThatThrownBy(() -> await(f.node.call(c.channelId, call, ConfirmationLevel.ACCEPTED)))
          .isInstanceOfSatisfying(StreamException.class,
              e -> assertThat(e.code()).isEqualTo(StreamErrorCode.REPLAYED_NONCE));
      c.advance(4000, 500);
      // Past the censorship timeout a new call is still sequenced: no false report closed it.
      await(f.node.call(c.channelId, f.increment(), ConfirmationLevel.ACCEPTED));
      assertThat(c.view().status()).isEqualTo("open");
      assertThat(c.view().proposals()).noneMatch(pr -> "censorship".equals(pr.type()));
    }
  }

  @Test
  void twoMembersDroppedTransactionClosesTheChannelWithoutFine() {
    censorshipClosesTheChannel(2, 0);
  }

  @Test
  void threeMembersDelayedTransactionClosesTheChannelWithoutFine() {
    censorshipClosesTheChannel(3, 10_000);
  }
}
