package io.statecraft.verticle.stream;

import static io.statecraft.verticle.stream.StreamTestSupport.CH;
import static io.statecraft.verticle.stream.StreamTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.channel.Address;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.sdk.CallResult;
import io.statecraft.sdk.ClientOptions;
import io.statecraft.sdk.MemberKey;
import io.statecraft.sdk.StateChannelClient;
import io.statecraft.sdk.StreamSubscription;
import io.statecraft.sdk.SubscriptionItem;
import io.statecraft.verticle.stream.StreamTestSupport.Node;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java SDK against a node with the fake channel core, on both transports. */
@ExtendWith(VertxExtension.class)
class SdkEndToEndTest {
  final MemberKey alice = MemberKey.generate();

  Node start(Vertx vertx, StreamOptions o) {
    Node n = new Node(vertx, o);
    n.fake.createChannel(CH, Address.parse(alice.address()));
    return n;
  }

  static ClientOptions opts(Node n, ClientOptions.Transport t) {
    ClientOptions o = new ClientOptions().transport(t).host("127.0.0.1").port(n.port);
    o.reconnectDelayMs = 20;
    o.requestTimeoutMs = 5_000;
    return o;
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static SubscriptionItem next(StreamSubscription s) {
    return await(s.next());
  }

  @ParameterizedTest
  @EnumSource(ClientOptions.Transport.class)
  void joinCallSubscribeAndResumeAfterAConnectionLoss(ClientOptions.Transport t, Vertx vertx) throws Exception {
    Node n = start(vertx, StreamTestSupport.testOptions());
    StateChannelClient c = await(StateChannelClient.connect(vertx, opts(n, t), alice, CH));
    assertThat(await(c.join()).getHeight()).isZero();

    LinkedBlockingQueue<String> levels = new LinkedBlockingQueue<>();
    CallResult r = await(c.call("0x1::counter::incr", List.of(), List.of(u64(9)), ConfirmationLevel.SETTLED,
        m -> levels.add(m.getEventCase().name())));
    assertThat(levels).containsExactly("ACCEPTED", "EXECUTED", "VERIFIED", "SETTLED");
    assertThat(r.executed().getEffects().getWrites(0).getValue().toByteArray()).isEqualTo(u64(9));
    assertThat(r.settled().getSettledHeight()).isEqualTo(1);

    StreamSubscription sub = await(c.subscribe());
    SubscriptionItem first = next(sub);
    assertThat(first.isSnapshot()).isTrue();
    assertThat(first.height()).isEqualTo(1);
    for (int i = 0; i < 3; i++) n.fake.tick(CH, 8);
    for (long h = 2; h <= 4; h++) assertThat(next(sub).height()).isEqualTo(h);

    CompletableFuture<Void> back = new CompletableFuture<>();
    CompletableFuture<Void> lost = new CompletableFuture<>();
    c.connectionListener(up -> {
      if (up) back.complete(null);
      else lost.complete(null);
    });
    c.simulateConnectionLoss();
    lost.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) n.fake.tick(CH, 8); // while the client is away
    back.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 2; i++) n.fake.tick(CH, 8);
    for (long h = 5; h <= 11; h++) {
      SubscriptionItem item = next(sub);
      assertThat(item.isSnapshot()).isFalse();
      assertThat(item.height()).isEqualTo(h);
    }
    assertThat(sub.lastHeight()).isEqualTo(11);
    // Typed errors.
    assertThatThrownBy(() -> await(c.call("0x1::counter::fail", List.of(), List.of(u64(77)), ConfirmationLevel.EXECUTED)))
        .rootCause().isInstanceOfSatisfying(StreamException.class, e -> {
          assertThat(e.code()).isEqualTo(StreamErrorCode.ABORTED);
          assertThat(e.abortCode()).isEqualTo(77);
        });
    assertThat(await(c.state(OptionalLong.of(1))).getHeight()).isEqualTo(1);
    assertThat(await(c.entry(2)).getKind()).isEqualTo("tick");
    assertThat(await(c.resources(alice.address(), OptionalLong.empty())).getResourcesCount()).isEqualTo(1);
    await(c.ping());
    await(sub.cancel());
    assertThat(await(c.leave())).isPositive();
    c.close();
  }

  @ParameterizedTest
  @EnumSource(ClientOptions.Transport.class)
  void resumingPastPrunedHistoryRestartsFromASnapshot(ClientOptions.Transport t, Vertx vertx) throws Exception {
    Node n = start(vertx, StreamTestSupport.testOptions());
    StateChannelClient c = await(StateChannelClient.connect(vertx, opts(n, t), alice, CH));
    StreamSubscription sub = await(c.subscribe());
    assertThat(next(sub).isSnapshot()).isTrue();
    n.fake.tick(CH, 8);
    assertThat(next(sub).height()).isEqualTo(1);
    CompletableFuture<Void> lost = new CompletableFuture<>();
    c.connectionListener(up -> {
      if (!up) lost.complete(null);
    });
    c.simulateConnectionLoss();
    lost.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) n.fake.tick(CH, 8);
    n.fake.prune(CH, 8);
    SubscriptionItem item = next(sub);
    assertThat(item.isSnapshot()).isTrue();
    assertThat(item.height()).isEqualTo(11);
    n.fake.tick(CH, 8);
    assertThat(next(sub).height()).isEqualTo(12);
    c.close();
  }

  @Test
  void aCutSlowConsumerReconnectsAndResumesWithNothingMissed(Vertx vertx) {
    StreamOptions o = WebSocketAbuseTest.flowOptions();
    Node n = start(vertx, o);
    StateChannelClient c = await(StateChannelClient.connect(vertx, opts(n, ClientOptions.Transport.WEBSOCKET), alice, CH));
    StreamSubscription sub = await(c.subscribe(OptionalLong.empty(), SlowConsumerPolicy.CUT));
    assertThat(next(sub).isSnapshot()).isTrue();
    // A burst larger than the node's queue: the SDK is cut, reconnects, resumes.
    int ticks = 600;
    for (int i = 0; i < ticks; i++) n.fake.tick(CH, 2048);
    for (long h = 1; h <= ticks; h++) {
      SubscriptionItem item = next(sub);
      assertThat(item.isSnapshot()).isFalse();
      assertThat(item.height()).isEqualTo(h);
    }
    c.close();
  }

  @ParameterizedTest
  @EnumSource(ClientOptions.Transport.class)
  void keepAlivePingsHoldAQuietConnectionOpenPastTheIdleTimeout(ClientOptions.Transport t, Vertx vertx) {
    StreamOptions so = StreamTestSupport.testOptions();
    so.idleTimeoutMs = 300;
    Node n = start(vertx, so);
    ClientOptions co = opts(n, t);
    co.keepAliveMs = 100;
    StateChannelClient c = await(StateChannelClient.connect(vertx, co, alice, CH));
    java.util.concurrent.atomic.AtomicInteger losses = new java.util.concurrent.atomic.AtomicInteger();
    c.connectionListener(up -> {
      if (!up) losses.incrementAndGet();
    });
    await(vertx.timer(1200)); // four idle timeouts pass quietly
    assertThat(await(c.join()).getHeight()).isZero();
    assertThat(losses.get()).isZero();
    assertThat(n.counter("statecraft.stream.errors", "code", "IDLE_TIMEOUT")).isZero();
    c.close();
  }

  @Test
  void keysRoundTripThroughAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    MemberKey k = MemberKey.generate();
    k.save(dir.resolve("member.key"));
    assertThat(MemberKey.load(dir.resolve("member.key")).address()).isEqualTo(k.address());
  }
}
