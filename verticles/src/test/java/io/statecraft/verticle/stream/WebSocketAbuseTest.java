package io.statecraft.verticle.stream;

import static io.statecraft.verticle.stream.StreamTestSupport.CH;
import static io.statecraft.verticle.stream.StreamTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamJson;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.JoinPayload;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.statecraft.verticle.stream.StreamTestSupport.Member;
import io.statecraft.verticle.stream.StreamTestSupport.Node;
import io.statecraft.verticle.stream.StreamTestSupport.RawWs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile and broken WebSocket clients; JSON-specific checks and flow control. */
@ExtendWith(VertxExtension.class)
class WebSocketAbuseTest {
  final Member alice = new Member(1);
  final Member bob = new Member(2);
  final List<RawWs> clients = new ArrayList<>();

  Node start(Vertx vertx, StreamOptions o) {
    Node n = new Node(vertx, o);
    n.fake.createChannel(CH, alice.address, bob.address);
    return n;
  }

  RawWs client(Node n) {
    RawWs c = RawWs.connect(n);
    clients.add(c);
    return c;
  }

  @AfterEach
  void stop() {
    for (RawWs c : clients) c.close();
  }

  JsonObject signedJoin() {
    return StreamJson.requestToJson(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())));
  }

  @Test
  void brokenJsonWrongTypesUnknownCommandsAndFields(Vertx vertx) {
    Node n = start(vertx, StreamTestSupport.testOptions());
    RawWs c = client(n);
    c.sendText("{not json");
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    c.sendText("[1,2,3]");
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    c.sendJson(signedJoin().put("nonce", "12"));
    ServerMessage m = c.next();
    assertError(m, StreamErrorCode.WRONG_TYPE.code());
    assertThat(m.getId()).isNotEmpty(); // the id is echoed when it could be read
    c.sendJson(signedJoin().put("payload", "x"));
    assertError(c.next(), StreamErrorCode.WRONG_TYPE.code());
    c.sendJson(signedJoin().put("nonce", 1.5));
    assertError(c.next(), StreamErrorCode.WRONG_TYPE.code());
    c.sendJson(signedJoin().put("command", "state_channel.teleport"));
    assertError(c.next(), StreamErrorCode.UNKNOWN_COMMAND.code());
    c.sendJson(signedJoin().put("extra", 1));
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    c.sendJson(signedJoin().put("signature", "ABCD"));
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    c.sendJson(signedJoin().put("nonce", -1));
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    JsonObject call = StreamJson.requestToJson(alice.sign(b -> b.setCall(
        io.statecraft.codec.stream.proto.CallPayload.newBuilder().setFunction("0x1::counter::incr"))));
    call.getJsonObject("payload").put("level", "final");
    c.sendJson(call);
    assertError(c.next(), StreamErrorCode.UNSUPPORTED_CONFIRMATION_LEVEL.code());
    c.ws.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3}));
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    // After all that the connection still serves good requests.
    c.sendJson(signedJoin());
    assertThat(c.next().hasSnapshot()).isTrue();
    // Nesting bombs are refused without a stack overflow.
    c.sendText("[".repeat(5000) + "]".repeat(5000));
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
  }

  @Test
  void aConnectionFloodIsRateLimitedPerConnection(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.connectionRatePerSecond = 10;
    o.connectionBurst = 20;
    Node n = start(vertx, o);
    RawWs c = client(n);
    int sent = 100;
    for (int i = 0; i < sent; i++) c.sendJson(new JsonObject().put("id", "p" + i).put("command", "ping"));
    int limited = 0;
    for (int i = 0; i < sent; i++) {
      ServerMessage m = c.next();
      if (m.hasError()) {
        assertError(m, StreamErrorCode.RATE_LIMITED.code());
        limited++;
      } else {
        assertThat(m.hasPong()).isTrue();
      }
    }
    assertThat(limited).isGreaterThanOrEqualTo(50);
    // Another connection has its own bucket.
    RawWs other = client(n);
    other.sendJson(new JsonObject().put("id", "q").put("command", "ping"));
    assertThat(other.next().hasPong()).isTrue();
  }

  @Test
  void hugeFramesAreRefusedAndGiantOnesCloseTheConnection(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.maxFrameBytes = 4096;
    Node n = start(vertx, o);
    RawWs c = client(n);
    JsonObject big = signedJoin().put("id", "big");
    big.getJsonObject("payload"); // the padding makes it too large before any other check
    String text = big.encode();
    String padded = text.substring(0, text.length() - 1) + ",\"pad\":\"" + "x".repeat(5000) + "\"}";
    c.sendText(padded);
    assertError(c.next(), StreamErrorCode.FRAME_TOO_LARGE.code());
    c.sendJson(signedJoin());
    assertThat(c.next().hasSnapshot()).isTrue();
    // Beyond twice the limit the WebSocket layer itself refuses the message and closes.
    c.ws.writeTextMessage("x".repeat(64 * 1024));
    c.awaitClosed(); // 1009 (message too big) or an abrupt close, depending on timing
  }

  @Test
  void anIdleConnectionIsToldAndClosed(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.idleTimeoutMs = 300;
    Node n = start(vertx, o);
    RawWs c = client(n);
    assertError(c.next(), StreamErrorCode.IDLE_TIMEOUT.code());
    c.awaitClosed();
    assertThat(c.closeStatus).isEqualTo((short) 4016);
  }

  @Test
  void pongsKeepALiveConnectionOpen(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.idleTimeoutMs = 400;
    o.pingIntervalMs = 50;
    Node n = start(vertx, o);
    RawWs c = client(n);
    // Vert.x clients answer pings; after several idle timeouts the connection still works.
    long deadline = System.nanoTime() + 1_500_000_000L;
    int rounds = 0;
    while (System.nanoTime() < deadline && rounds < 1000) {
      c.sendJson(new JsonObject().put("id", "p" + rounds).put("command", "ping"));
      assertThat(c.next().hasPong()).isTrue();
      rounds++;
      StreamTestSupport.await(vertx.timer(100));
    }
    assertThat(c.closed).isNotDone();
  }

  /** A client that never reads: cut off; the channel and a healthy subscriber are unaffected. */
  @Test
  void aSlowConsumerIsCutOffWithoutStallingOthers(Vertx vertx) {
    StreamOptions o = flowOptions();
    Node n = start(vertx, o);
    RawWs slow = RawWs.connect(n, new WebSocketClientOptions().setReceiveBufferSize(4096), false);
    clients.add(slow);
    RawWs healthy = client(n);
    ClientMessage s1 = alice.sign(b -> b.setSubscribe(SubscribePayload.getDefaultInstance()));
    assertThat(slow.request(s1).hasSnapshot()).isTrue();
    ClientMessage s2 = bob.sign(b -> b.setSubscribe(SubscribePayload.getDefaultInstance()));
    assertThat(healthy.request(s2).hasSnapshot()).isTrue();
    slow.ws.pause();
    int ticks = 400;
    int h = 0;
    for (int batch = 0; batch < ticks / 20; batch++) {
      // The healthy client keeps up (at most 20 behind); the slow one never reads.
      for (int i = 0; i < 20; i++) n.fake.tick(CH, 2048);
      for (int i = 0; i < 20; i++) {
        ServerMessage m = healthy.next(x -> x.getId().equals(s2.getId()));
        assertThat(m.getChange().getHeight()).isEqualTo(++h);
      }
    }
    assertThat(n.counter("statecraft.stream.slow_consumers", "action", "cut")).isEqualTo(1);
    assertThat(n.fake.subscriberCount(CH)).isEqualTo(1);
    slow.ws.resume();
    ServerMessage err = slow.next(ServerMessage::hasError);
    assertError(err, StreamErrorCode.SLOW_CONSUMER.code());
    slow.awaitClosed();
    assertThat(slow.closeStatus).isEqualTo((short) 4015);
  }

  /** With on_slow = resync the laggard gets SLOW_CONSUMER, then a fresh snapshot and live changes. */
  @Test
  void aSlowConsumerWithResyncSkipsAheadToAFreshSnapshot(Vertx vertx) {
    Node n = start(vertx, flowOptions());
    RawWs slow = RawWs.connect(n, new WebSocketClientOptions().setReceiveBufferSize(4096), false);
    clients.add(slow);
    ClientMessage s1 = alice.sign(b -> b.setSubscribe(SubscribePayload.newBuilder().setOnSlow(SlowConsumerPolicy.RESYNC)));
    assertThat(slow.request(s1).hasSnapshot()).isTrue();
    slow.ws.pause();
    int ticks = 400;
    for (int i = 0; i < ticks; i++) n.fake.tick(CH, 2048);
    StreamTestSupport.await(n.fake.delivered(CH));
    assertThat(n.counter("statecraft.stream.slow_consumers", "action", "resync")).isGreaterThanOrEqualTo(1);
    slow.ws.resume();
    // Invariant: changes follow the previous item without gap; after SLOW_CONSUMER the next item
    // is a fresh snapshot; in the end the client is live again.
    long last = 0;
    boolean afterError = false;
    int errors = 0;
    int snapshots = 0;
    for (int i = 0; i < 100_000 && last < ticks; i++) {
      ServerMessage m = slow.next();
      if (m.hasChange()) {
        assertThat(afterError).as("no change between SLOW_CONSUMER and the snapshot").isFalse();
        assertThat(m.getChange().getHeight()).isEqualTo(last + 1);
        last = m.getChange().getHeight();
      } else if (m.hasError()) {
        assertError(m, StreamErrorCode.SLOW_CONSUMER.code());
        assertThat(m.getId()).isEqualTo(s1.getId());
        afterError = true;
        errors++;
      } else if (m.hasSnapshot()) {
        assertThat(afterError).isTrue();
        afterError = false;
        snapshots++;
        last = m.getSnapshot().getHeight();
      }
    }
    assertThat(errors).isGreaterThanOrEqualTo(1);
    assertThat(snapshots).isEqualTo(errors);
    assertThat(last).isEqualTo(ticks);
    n.fake.tick(CH, 16);
    assertThat(slow.next().getChange().getHeight()).isEqualTo(ticks + 1);
    assertThat(slow.closed).isNotDone();
  }

  static StreamOptions flowOptions() {
    StreamOptions o = StreamTestSupport.testOptions();
    o.maxQueuedMessages = 32;
    o.writeQueueMaxBytes = 16 * 1024;
    o.sendBufferSize = 8 * 1024;
    return o;
  }
}
