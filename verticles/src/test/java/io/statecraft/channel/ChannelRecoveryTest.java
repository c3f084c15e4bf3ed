package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static io.statecraft.channel.ChannelCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.verticle.stream.ChannelGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety, catch-up and Leader failover (SPEC §4, §5). */
class ChannelRecoveryTest {
  @TempDir
  Path dir;

  @Test
  void restartedFollowerRebuildsFromSnapshotAndLogThenCatchesUp() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      ChannelCluster.Node f = c.nodes.get(1);
      for (int i = 0; i < 5; i++) await(await(f.node.call(c.channelId, f.increment(), ConfirmationLevel.VERIFIED)).verified());
      Hash32 before = f.root();
      long h = f.c().height();
      f.stop();
      List<ChannelGateway.CallProgress> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) missed.add(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)));
      for (var p : missed) await(p.executed());
      assertThat(missed.get(2).verified().isComplete()).as("one of two members cannot verify alone").isFalse();
      f.restart();
      // Snapshot (every 4 heights) + log tail give the identical root; then it catches up.
      eventually("caught up", () -> f.c().height() == h + 3);
      assertThat(f.root()).isEqualTo(l.root());
      for (var p : missed) assertThat(await(p.verified())).isNotNull();
      assertThat(await(f.node.entry(c.channelId, h)).stateRoot()).isEqualTo(before);
      assertThat(f.counter()).isEqualTo(5);
    }
  }

  @Test
  void restartedLeaderContinuesItsLog() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      for (int i = 0; i < 3; i++) await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)).verified());
      Hash32 root = l.root();
      l.stop();
      l.restart();
      eventually("leads again", () -> l.c().role() == ChannelController.Role.LEADER);
      assertThat(l.root()).isEqualTo(root);
      await(await(c.nodes.get(2).node.call(c.channelId, c.nodes.get(2).increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("same roots", () -> c.nodes.get(1).root().equals(l.root()) && c.nodes.get(2).root().equals(l.root()));
    }
  }

  @Test
  void partitionedFollowerCatchesUpAndVerifiesWhatItMissed() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      ChannelCluster.Node away = c.nodes.get(2);
      c.hub.partition(Set.of(away.nodeKey()));
      for (int i = 0; i < 6; i++) await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)).verified());
      assertThat(away.c().height()).isEqualTo(3);
      c.hub.heal();
      await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("caught up", () -> away.c().height() == l.c().height());
      assertThat(away.root()).isEqualTo(l.root());
      assertThat(away.c().frozen()).isFalse();
    }
  }

  @Test
  void followersElectANewLeaderWhenTheLeaderFallsSilentAndNoVerifiedEntryIsLost() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      ChannelCluster.Node f1 = c.nodes.get(1);
      ChannelCluster.Node f2 = c.nodes.get(2);
      for (int i = 0; i < 4; i++) await(await(f1.node.call(c.channelId, f1.increment(), ConfirmationLevel.VERIFIED)).verified());
      long verified = l.c().verifiedHeight();
      l.stop();
      // A write during the election is held and replayed to the new Leader.
      var held = f2.node.call(c.channelId, f2.increment(), ConfirmationLevel.VERIFIED);
      c.advance(17_000, 1_000);
      eventually("a new Leader", () -> f1.c().role() == ChannelController.Role.LEADER
          || f2.c().role() == ChannelController.Role.LEADER);
      assertThat(c.view().term()).isEqualTo(2);
      ChannelCluster.Node nl = f1.c().role() == ChannelController.Role.LEADER ? f1 : f2;
      ChannelCluster.Node other = nl == f1 ? f2 : f1;
      eventually("the other follows", () -> other.c().role() == ChannelController.Role.FOLLOWER && other.c().term() == 2);
      assertThat(nl.c().height()).isGreaterThanOrEqualTo(verified);
      await(await(held).verified());
      await(await(f1.node.call(c.channelId, f1.increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("same roots", () -> f1.root().equals(f2.root()) && f1.c().height() == f2.c().height());
      assertThat(f1.counter()).isEqualTo(5);
      assertThat(f2.counter()).isEqualTo(1);
    }
  }

  @Test
  void aDeposedLeaderDropsItsUnverifiedTailAndFollowsTheNewLog() {
    try (ChannelCluster c = new ChannelCluster(dir, 3, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      ChannelCluster.Node f1 = c.nodes.get(1);
      ChannelCluster.Node f2 = c.nodes.get(2);
      await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.VERIFIED)).verified());
      // Cut off, the Leader still sequences its own member's calls: logged, never verified.
      c.hub.partition(Set.of(l.nodeKey()));
      for (int i = 0; i < 3; i++) await(await(l.node.call(c.channelId, l.increment(), ConfirmationLevel.EXECUTED)).executed());
      assertThat(l.c().height()).isEqualTo(7);
      assertThat(l.c().verifiedHeight()).isEqualTo(4);
      l.stop();
      c.hub.heal();
      c.hub.setDown(l.nodeKey(), true);
      c.advance(17_000, 1_000);
      eventually("a new Leader", () -> f1.c().role() == ChannelController.Role.LEADER
          || f2.c().role() == ChannelController.Role.LEADER);
      for (int i = 0; i < 4; i++) await(await(f2.node.call(c.channelId, f2.increment(), ConfirmationLevel.VERIFIED)).verified());
      l.restart();
      eventually("the deposed Leader follows the new log", () -> l.c().role() == ChannelController.Role.FOLLOWER
          && l.c().height() == f2.c().height() && l.root().equals(f2.root()));
      assertThat(l.counter()).as("its unverified calls are gone").isEqualTo(1);
      assertThat(f2.counter()).isEqualTo(4);
    }
  }

  @Test
  void aboveFiveMembersOnlyACandidateTakesOver() {
    try (ChannelCluster c = new ChannelCluster(dir, 6, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node l = c.nodes.get(0);
      ChannelCluster.Node last = c.nodes.get(5); // a delegator, never a Leader
      await(await(last.node.call(c.channelId, last.increment(), ConfirmationLevel.VERIFIED)).verified());
      l.stop();
      c.advance(17_000, 1_000);
      eventually("a candidate leads", () -> {
        for (int i = 1; i < 5; i++) if (c.nodes.get(i).c().role() == ChannelController.Role.LEADER) return true;
        return false;
      });
      assertThat(last.c().role()).isNotEqualTo(ChannelController.Role.LEADER);
      assertThat(c.view().candidates()).contains(c.view().leader());
      await(await(last.node.call(c.channelId, last.increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("same roots", () -> {
        for (int i = 2; i < 6; i++) if (!c.nodes.get(i).root().equals(c.nodes.get(1).root())) return false;
        return true;
      });
      assertThat(last.counter()).isEqualTo(2);
    }
  }
}
