package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static io.statecraft.channel.ChannelCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.verticle.stream.ChannelGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChannelNormalOperationTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {1, 2, 3, 6})
  void everyMemberCallsAndEveryNodeEndsWithTheSameStateRoot(int n) {
    try (ChannelCluster c = new ChannelCluster(dir, n, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      List<ChannelGateway.CallProgress> calls = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (ChannelCluster.Node node : c.nodes) {
          calls.add(await(node.node.call(c.channelId, node.increment(), ConfirmationLevel.VERIFIED)));
        }
      }
      Set<Long> heights = new HashSet<>();
      for (ChannelGateway.CallProgress p : calls) {
        assertThat(p.height()).isPositive();
        heights.add(p.height());
        assertThat(await(p.executed()).aborted()).isFalse();
        assertThat(await(p.verified())).isNotNull();
      }
      assertThat(heights).hasSize(calls.size());
      long top = n + calls.size();
      eventually("all at height " + top, () -> c.allAtHeight(top));
      Hash32 root = c.nodes.get(0).root();
      for (ChannelCluster.Node node : c.nodes) {
        assertThat(node.root()).as("state root of node %d", node.index).isEqualTo(root);
        assertThat(node.counter()).isEqualTo(3);
        assertThat(await(node.node.entry(c.channelId, top)).stateRoot()).isEqualTo(root);
      }
      assertThat(c.nodes.get(0).c().verifiedHeight()).isEqualTo(top);
    }
  }

  @Test
  void abortsReplaysAndBadSignaturesAreReportedToTheCaller() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      var p = await(f.node.call(c.channelId, f.fail(77), ConfirmationLevel.EXECUTED));
      assertThatThrownBy(() -> await(p.executed())).isInstanceOf(StreamException.class)
          .satisfies(e -> assertThat(((StreamException) e).code()).isEqualTo(StreamErrorCode.ABORTED))
          .satisfies(e -> assertThat(((StreamException) e).abortCode()).isEqualTo(77));
      var call = f.increment();
      await(await(f.node.call(c.channelId, call, ConfirmationLevel.VERIFIED)).verified());
      assertThatThrownBy(() -> await(f.node.call(c.channelId, call, ConfirmationLevel.ACCEPTED)))
          .satisfies(e -> assertThat(((StreamException) e).code()).isEqualTo(StreamErrorCode.REPLAYED_NONCE));
      var forged = new io.statecraft.codec.channel.Transaction.Call(call.sender(), 99, call.call(), call.signature());
      assertThatThrownBy(() -> await(f.node.call(c.channelId, forged, ConfirmationLevel.ACCEPTED)))
          .satisfies(e -> assertThat(((StreamException) e).code()).isEqualTo(StreamErrorCode.BAD_SIGNATURE));
      assertThat(c.nodes.get(0).root()).isEqualTo(f.root());
    }
  }

  @Test
  void subscribersSeeEveryVerifiedChangeInOrderAndResumeFromAHeight() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      List<Long> seen = new CopyOnWriteArrayList<>();
      var listener = new ChannelGateway.SubscriptionListener() {
        @Override
        public void onChange(ChannelGateway.VerifiedChange change) {
          seen.add(change.height());
        }

        @Override
        public void onEnd(StreamException reason) {}
      };
      var sub = await(f.node.subscribe(c.channelId, io.statecraft.codec.channel.Address.parse(f.address()),
          OptionalLong.empty(), listener));
      assertThat(sub.snapshot().height()).isEqualTo(2);
      for (int i = 0; i < 5; i++) await(await(f.node.call(c.channelId, f.increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("5 changes", () -> seen.size() == 5);
      assertThat(seen).containsExactly(3L, 4L, 5L, 6L, 7L);
      List<Long> resumed = new CopyOnWriteArrayList<>();
      var sub2 = await(f.node.subscribe(c.channelId, io.statecraft.codec.channel.Address.parse(f.address()),
          OptionalLong.of(4), new ChannelGateway.SubscriptionListener() {
            @Override
            public void onChange(ChannelGateway.VerifiedChange change) {
              resumed.add(change.height());
            }

            @Override
            public void onEnd(StreamException reason) {}
          }));
      assertThat(sub2.snapshot()).isNull();
      await(await(c.nodes.get(0).node.call(c.channelId, c.nodes.get(0).increment(), ConfirmationLevel.VERIFIED)).verified());
      eventually("resumed 5..8", () -> resumed.size() == 4);
      assertThat(resumed).containsExactly(5L, 6L, 7L, 8L);
      sub.cancel();
      sub2.cancel();
    }
  }

  @Test
  void ticksAreSequencedByTheLeaderAndVerifiedByFollowers() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      long before = c.nodes.get(0).c().height();
      c.advance(500, 50);
      eventually("ticks sequenced", () -> c.nodes.get(0).c().height() >= before + 5);
      // The ticking verticle may still emit a due tick after the last step: wait for quiescence.
      eventually("follower verified the ticks", () -> c.nodes.get(1).c().height() == c.nodes.get(0).c().height()
          && c.nodes.get(1).root().equals(c.nodes.get(0).root())
          && c.nodes.get(1).ticks() == c.nodes.get(0).ticks());
      assertThat(c.nodes.get(1).ticks()).isGreaterThanOrEqualTo(5);
      assertThat(c.nodes.get(1).c().frozen()).isFalse();
    }
  }

  @Test
  void atomicBatchesApplyAllOrNothing() {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      var inc = io.statecraft.codec.channel.MoveCall.of("0x2::counter::increment", List.of(), List.of());
      var ok = io.statecraft.codec.channel.Transaction.Batch.sign(c.channelId, f.key, c.nonces[1]++, List.of(inc, inc, inc));
      await(await(f.node.batch(c.channelId, ok)).verified());
      assertThat(f.counter()).isEqualTo(3);
      byte[] code = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(5).array();
      var fail = io.statecraft.codec.channel.MoveCall.of("0x2::counter::fail", List.of(),
          List.of(io.statecraft.codec.channel.Blob.of(code)));
      var bad = io.statecraft.codec.channel.Transaction.Batch.sign(c.channelId, f.key, c.nonces[1]++, List.of(inc, fail));
      var p = await(f.node.batch(c.channelId, bad));
      assertThatThrownBy(() -> await(p.executed()))
          .satisfies(e -> assertThat(((StreamException) e).abortCode()).isEqualTo(5));
      await(p.verified());
      assertThat(f.counter()).isEqualTo(3);
      assertThat(c.nodes.get(0).root()).isEqualTo(f.root());
    }
  }
}
