package io.statecraft.verticle.stream;

import static io.statecraft.verticle.stream.StreamTestSupport.CH;
import static io.statecraft.verticle.stream.StreamTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.proto.CallPayload;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.JoinPayload;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.statecraft.verticle.stream.StreamTestSupport.Member;
import io.statecraft.verticle.stream.StreamTestSupport.Node;
import io.statecraft.verticle.stream.StreamTestSupport.RawGrpc;
import io.statecraft.verticle.stream.StreamTestSupport.RawWs;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** gRPC-specific limits: oversized messages, idle streams, a reader that stops reading. */
@ExtendWith(VertxExtension.class)
class GrpcAbuseTest {
  final Member alice = new Member(1);
  final Member bob = new Member(2);

  Node start(Vertx vertx, StreamOptions o) {
    Node n = new Node(vertx, o);
    n.fake.createChannel(CH, alice.address, bob.address);
    return n;
  }

  @Test
  void anOversizedMessageIsRefusedAndTheStreamSurvives(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.maxFrameBytes = 4096;
    Node n = start(vertx, o);
    RawGrpc c = RawGrpc.connect(n);
    ClientMessage big = alice.sign(b -> b.setCall(CallPayload.newBuilder().setFunction("0x1::counter::incr")
        .addArgs(ByteString.copyFrom(new byte[5000]))));
    assertError(c.request(big), StreamErrorCode.FRAME_TOO_LARGE.code());
    assertThat(c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
    c.close();
  }

  @Test
  void aGiantMessageIsRefusedAndTheStreamSurvives(Vertx vertx) throws Exception {
    StreamOptions o = StreamTestSupport.testOptions();
    o.maxFrameBytes = 4096;
    Node n = start(vertx, o);
    var client = io.vertx.grpc.client.GrpcClient.client(vertx, new io.vertx.core.http.HttpClientOptions()
        .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    var req = StreamTestSupport.await(client.request(io.vertx.core.net.SocketAddress.inetSocketAddress(n.port, "127.0.0.1")));
    req.fullMethodName("statecraft.stream.v1.StateChannelStream/Stream");
    java.util.concurrent.LinkedBlockingQueue<ServerMessage> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
    CompletableFuture<io.vertx.grpc.common.GrpcStatus> status = new CompletableFuture<>();
    req.response().onSuccess(r -> {
      r.handler(b -> {
        try {
          inbox.add(ServerMessage.parseFrom(b.getBytes()));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      r.endHandler(v -> status.complete(r.status()));
      r.exceptionHandler(e -> status.complete(null));
    }).onFailure(e -> status.complete(null));
    req.write(io.vertx.core.buffer.Buffer.buffer(new byte[20_000])); // above twice the limit
    assertError(inbox.poll(10, TimeUnit.SECONDS), StreamErrorCode.FRAME_TOO_LARGE.code());
    req.write(io.vertx.core.buffer.Buffer.buffer(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toByteArray()));
    assertThat(inbox.poll(10, TimeUnit.SECONDS).hasSnapshot()).isTrue();
    client.close();
  }

  @Test
  void anIdleStreamIsToldAndEnded(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.idleTimeoutMs = 300;
    Node n = start(vertx, o);
    RawGrpc c = RawGrpc.connect(n);
    c.send(ClientMessage.newBuilder().setId("p").setPing(io.statecraft.codec.stream.proto.PingPayload.getDefaultInstance()).build());
    assertThat(c.next().hasPong()).isTrue();
    assertError(c.next(), StreamErrorCode.IDLE_TIMEOUT.code());
    c.awaitClosed();
    c.close();
  }

  /** A gRPC reader that stops reading is cut (RESOURCE_EXHAUSTED); a WebSocket subscriber keeps up. */
  @Test
  void aSlowGrpcConsumerIsCutWithoutStallingOthers(Vertx vertx) throws Exception {
    Node n = start(vertx, WebSocketAbuseTest.flowOptions());
    RawGrpc slow = RawGrpc.connect(n);
    RawWs healthy = RawWs.connect(n);
    ClientMessage s1 = alice.sign(b -> b.setSubscribe(SubscribePayload.getDefaultInstance()));
    assertThat(slow.request(s1).hasSnapshot()).isTrue();
    ClientMessage s2 = bob.sign(b -> b.setSubscribe(SubscribePayload.getDefaultInstance()));
    assertThat(healthy.request(s2).hasSnapshot()).isTrue();
    GrpcClientResponse<ClientMessage, ServerMessage> resp = StreamTestSupport.await(slow.req.response());
    CompletableFuture<io.vertx.grpc.common.GrpcStatus> status = new CompletableFuture<>();
    resp.endHandler(v -> status.complete(resp.status()));
    resp.exceptionHandler(e -> status.complete(null));
    resp.pause();
    int h = 0;
    for (int batch = 0; batch < 40 && n.counter("statecraft.stream.slow_consumers", "action", "cut") == 0; batch++) {
      for (int i = 0; i < 20; i++) n.fake.tick(CH, 4096);
      for (int i = 0; i < 20; i++) {
        ServerMessage m = healthy.next(x -> x.getId().equals(s2.getId()));
        assertThat(m.getChange().getHeight()).isEqualTo(++h);
      }
      StreamTestSupport.await(n.fake.delivered(CH));
    }
    assertThat(n.counter("statecraft.stream.slow_consumers", "action", "cut")).isEqualTo(1);
    resp.resume();
    assertThat(status.get(10, TimeUnit.SECONDS)).isIn(io.vertx.grpc.common.GrpcStatus.RESOURCE_EXHAUSTED, null);
    n.fake.tick(CH, 16);
    assertThat(healthy.next(x -> x.getId().equals(s2.getId())).getChange().getHeight()).isEqualTo(h + 1);
    slow.close();
    healthy.close();
  }
}
