package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static io.statecraft.channel.ChannelCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.channel.Address;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.verticle.stream.ChannelGateway;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settlement, leave, snapshots and pruning (SPEC §7); tick drift (SPEC §4). */
class ChannelSettlementTest {
  @TempDir
  Path dir;

  @Test
  void leaderSettlesPeriodicallyMembersVoteAndLogsArePruned() {
    JsonObject params = new JsonObject().put("settlePeriodBlocks", 5);
    try (ChannelCluster c = new ChannelCluster(dir, 3, params, i -> LeaderFaults.NONE)) {
      c.startAll();
      List<ChannelGateway.CallProgress> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ChannelCluster.Node n = c.nodes.get(i % 3);
        calls.add(await(n.node.call(c.channelId, n.increment(), ConfirmationLevel.SETTLED)));
      }
      for (var p : calls) await(p.verified());
      c.settleHousekeeping();
      long settled = await(calls.get(0).settled());
      assertThat(settled).isGreaterThanOrEqualTo(calls.get(0).height());
      var v = c.view();
      assertThat(v.settledHeight()).isEqualTo(settled);
      assertThat(v.stateRoot()).isEqualTo(await(c.nodes.get(1).node.entry(c.channelId, settled)).stateRoot().toString());
      // Snapshots every 4 heights; entries before the snapshot at or below the settled height are pruned.
      for (ChannelCluster.Node n : c.nodes) {
        eventually("pruned on node " + n.index, () -> {
          try {
            await(n.node.entry(c.channelId, 1));
            return false;
          } catch (StreamException e) {
            return e.code() == StreamErrorCode.HEIGHT_PRUNED;
          }
        });
      }
      assertThat(c.nodes.get(2).root()).isEqualTo(c.nodes.get(0).root());
    }
  }

  @Test
  void memberLeavesAfterSettlingAndTheLeaderSequencesItsLeave() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node leaving = c.nodes.get(2);
      await(await(leaving.node.call(c.channelId, leaving.increment(), ConfirmationLevel.VERIFIED)).verified());
      long h = await(leaving.node.leave(c.channelId, Address.parse(leaving.address())));
      assertThat(h).isEqualTo(4);
      eventually("left on chain", () -> c.view().member(leaving.address()).isEmpty());
      assertThat(c.view().settledHeight()).isEqualTo(4);
      assertThat(c.coin(leaving)).isEqualTo(BigInteger.valueOf(ChannelCluster.FUND));
      eventually("leaving node goes offline", () -> leaving.c().role() == ChannelController.Role.REMOVED);
      eventually("leave entry everywhere", () -> c.nodes.get(0).c().height() == 5 && c.nodes.get(1).c().height() == 5);
      assertThat(await(c.nodes.get(1).node.entry(c.channelId, 5)).tx())
          .isInstanceOf(io.statecraft.codec.channel.Transaction.Leave.class);
      assertThatThrownBy(() -> await(c.nodes.get(0).node.call(c.channelId, leaving.increment(), ConfirmationLevel.ACCEPTED)))
          .satisfies(e -> assertThat(((StreamException) e).code()).isEqualTo(StreamErrorCode.NOT_A_MEMBER));
      // Two members remain and the channel runs on.
      await(await(c.nodes.get(1).node.call(c.channelId, c.nodes.get(1).increment(), ConfirmationLevel.VERIFIED)).verified());
    }
  }

  @Test
  void followerRefusesATickTimeOutsideTheDriftTolerance() {
    LeaderFaults drift = new LeaderFaults() {
      @Override
      public long tickTime(long number, long honest) {
        return number >= 3 ? honest + 5_000 : honest;
      }
    };
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> i == 0 ? drift : LeaderFaults.NONE)) {
      c.startAll();
      c.advance(300, 50);
      ChannelCluster.Node f = c.nodes.get(1);
      eventually("follower frozen", () -> f.c().frozen());
      assertThat(f.c().frozenReason()).contains("tick time");
      assertThat(f.ticks()).isEqualTo(2);
      assertThatThrownBy(() -> await(f.node.call(c.channelId, f.increment(), ConfirmationLevel.ACCEPTED)))
          .satisfies(e -> assertThat(((StreamException) e).code()).isEqualTo(StreamErrorCode.CHANNEL_FROZEN));
    }
  }
}
