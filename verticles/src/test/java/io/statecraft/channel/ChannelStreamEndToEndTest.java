package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.sdk.CallResult;
import io.statecraft.sdk.ClientOptions;
import io.statecraft.sdk.MemberKey;
import io.statecraft.sdk.StateChannelClient;
import io.statecraft.sdk.StreamSubscription;
import io.statecraft.sdk.SubscriptionItem;
import io.statecraft.verticle.stream.StreamOptions;
import io.statecraft.verticle.stream.StreamVerticle;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java SDK → stream verticle → the real channel core on a Follower node → the Leader, and back. */
class ChannelStreamEndToEndTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(ClientOptions.Transport.class)
  void sdkClientOfAFollowerCallsWithEveryConfirmationLevelAndSubscribes(ClientOptions.Transport t) {
    try (ChannelCluster c = new ChannelCluster(dir, 2, new JsonObject(), i -> LeaderFaults.NONE)) {
      c.startAll();
      ChannelCluster.Node f = c.nodes.get(1);
      StreamOptions o = new StreamOptions();
      o.host = "127.0.0.1";
      o.port = 0;
      o.pingIntervalMs = 0;
      StreamVerticle stream = new StreamVerticle(f.node, o, new SimpleMeterRegistry());
      await(f.vertx.deployVerticle(stream));
      ClientOptions co = new ClientOptions().transport(t).host("127.0.0.1").port(stream.actualPort());
      co.requestTimeoutMs = 20_000;
      MemberKey key = MemberKey.fromSeed(f.key.seed());
      StateChannelClient client = await(StateChannelClient.connect(f.vertx, co, key, c.channelId));
      assertThat(await(client.join()).getHeight()).isEqualTo(2);
      StreamSubscription sub = await(client.subscribe());
      SubscriptionItem first = await(sub.next());
      assertThat(first.isSnapshot()).isTrue();

      CallResult r = await(client.call("0x2::counter::increment", List.of(), List.of(), ConfirmationLevel.VERIFIED));
      assertThat(r.accepted().getHeight()).isEqualTo(3);
      assertThat(await(sub.next()).height()).isEqualTo(3);
      assertThat(f.counter()).isEqualTo(1);

      byte[] code = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array();
      assertThatThrownBy(() -> await(client.call("0x2::counter::fail", List.of(), List.of(code), ConfirmationLevel.EXECUTED)))
          .isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.code()).isEqualTo(StreamErrorCode.ABORTED);
            assertThat(e.abortCode()).isEqualTo(42);
          });
      assertThat(await(client.entry(3)).getKind()).isEqualTo("call");
      client.close();
    }
  }
}
