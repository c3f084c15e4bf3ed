package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static io.statecraft.chain.rpc.RpcTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WebSocket transport: methods, subscriptions, error paths and slow subscribers. */
@ExtendWith(VertxExtension.class)
class JsonRpcWebSocketTest {
  static final int MAX_MESSAGE = 16 * 1024;
  static final int MAX_QUEUED = 50;

  Vertx vertx;
  FakeChain chain;
  JsonRpcServerVerticle server;
  WebSocketClient wsClient;
  int port;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    chain = new FakeChain(vertx);
    server = new JsonRpcServerVerticle(chain, new JsonRpcServerOptions().setPort(0).setMaxBodyBytes(MAX_MESSAGE)
        .setMaxQueuedNotifications(MAX_QUEUED).setMaxSubscriptionsPerConnection(2));
    await(vertx.deployVerticle(server));
    port = server.actualPort();
    wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 * 1024 * 1024)
        .setMaxFrameSize(1024 * 1024));
  }

  @AfterEach
  void tearDown() {
    await(wsClient.close());
  }

  /** A raw WebSocket connection whose incoming messages queue up for the test thread. */
  final class Conn {
    final WebSocket ws;
    final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    final AtomicReference<Short> closeStatus = new AtomicReference<>();

    Conn() {
      ws = await(wsClient.connect(port, "127.0.0.1", "/rpc/ws"));
      ws.textMessageHandler(t -> {
        Object v = io.vertx.core.json.Json.decodeValue(t);
        inbox.add(v instanceof JsonObject o ? o : new JsonObject().put("batch", v));
      });
      ws.closeHandler(v -> closeStatus.set(ws.closeStatusCode() == null ? (short) -1 : ws.closeStatusCode()));
    }

    void send(String text) {
      await(ws.writeTextMessage(text));
    }

    JsonObject next() {
      try {
        JsonObject j = inbox.poll(RpcTestSupport.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(j).as("a message within the deadline").isNotNull();
        return j;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    JsonObject call(int id, String method, Object params) {
      JsonObject req = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
      if (params != null) req.put("params", params);
      send(req.encode());
      // Skip notifications that may interleave.
      for (int i = 0; i < 10_000; i++) {
        JsonObject m = next();
        if (!m.containsKey("method") && Integer.valueOf(id).equals(m.getValue("id"))) return m;
      }
      throw new AssertionError("no response to " + id);
    }
  }

  @Test
  void methodsAndErrorsOverWebSocket() {
    Conn c = new Conn();
    assertThat(c.call(1, "chain_status", null).getJsonObject("result").getString("chainId")).isEqualTo(FakeChain.CHAIN_ID);
    c.send("{not json");
    assertThat(c.next().getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.PARSE_ERROR);
    assertThat(c.call(2, "nope", null).getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    assertThat(c.call(3, "chain_block", new JsonObject().put("height", "x")).getJsonObject("error").getInteger("code"))
        .isEqualTo(JsonRpcErrors.INVALID_PARAMS);
    c.send("[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"chain_status\"},{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"chain_block\",\"params\":[0]}]");
    JsonArray batch = c.next().getJsonArray("batch");
    assertThat(batch).hasSize(2);
    assertThat(c.call(6, "chain_unsubscribe", new JsonObject().put("subscription", "42")).getBoolean("result")).isFalse();
    // Still the same, working connection.
    assertThat(c.call(7, "chain_status", null).containsKey("result")).isTrue();
    assertThat(c.closeStatus.get()).isNull();
  }

  @Test
  void subscribeNotifyUnsubscribe() {
    Conn c = new Conn();
    Ed25519.KeyPair key = Ed25519.generate();
    chain.submit(RpcTestSupport.faucet(key, 0, 5));
    chain.produceBlock();
    JsonObject sub = c.call(1, "chain_subscribe", new JsonObject().put("fromHeight", 0)).getJsonObject("result");
    String id = sub.getString("subscription");
    JsonObject first = c.next();
    assertThat(first.getString("method")).isEqualTo("chain_event");
    assertThat(first.getJsonObject("params").getString("subscription")).isEqualTo(id);
    assertThat(first.getJsonObject("params").getJsonObject("event").getString("type")).isEqualTo("coin.minted");
    chain.submit(RpcTestSupport.faucet(key, 1, 5));
    chain.produceBlock();
    JsonObject live = c.next();
    assertThat(live.getJsonObject("params").getJsonObject("event").getLong("height")).isEqualTo(2);
    assertThat(server.liveSubscriptions()).isEqualTo(1);
    assertThat(c.call(2, "chain_unsubscribe", new JsonObject().put("subscription", id)).getBoolean("result")).isTrue();
    assertThat(server.liveSubscriptions()).isZero();
    eventually(() -> chain.subscriberCount() == 0, "the chain subscription cancelled");
  }

  @Test
  void subscriptionLimitPerConnection() {
    Conn c = new Conn();
    assertThat(c.call(1, "chain_subscribe", new JsonObject().put("fromHeight", 0)).containsKey("result")).isTrue();
    assertThat(c.call(2, "chain_subscribe", null).containsKey("result")).isTrue();
    assertThat(c.call(3, "chain_subscribe", new JsonObject().put("fromHeight", 0)).getJsonObject("error").getInteger("code"))
        .isEqualTo(JsonRpcErrors.INVALID_REQUEST);
  }

  @Test
  void closingTheSocketCancelsItsSubscriptions() {
    Conn c = new Conn();
    c.call(1, "chain_subscribe", new JsonObject().put("fromHeight", 0));
    eventually(() -> chain.subscriberCount() == 1, "live subscription");
    await(c.ws.close());
    eventually(() -> server.liveSubscriptions() == 0 && chain.subscriberCount() == 0, "cleanup");
  }

  @Test
  void oversizedMessageClosesTheConnectionButNotTheServer() {
    Conn c = new Conn();
    c.ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\",\"pad\":\"" + "x".repeat(MAX_MESSAGE * 2) + "\"}");
    eventually(() -> c.closeStatus.get() != null, "the server closing the connection");
    Conn other = new Conn();
    assertThat(other.call(1, "chain_status", null).containsKey("result")).isTrue();
  }

  @Test
  void unknownPathIsRefused() {
    Throwable t = RpcTestSupport.awaitFailure(wsClient.connect(port, "127.0.0.1", "/elsewhere"));
    assertThat(t).isNotNull();
  }

  @Test
  void aReplayGoesAtTheReadersPaceAndIsNeverDropped() {
    // Far more history than MAX_QUEUED notifications and than the socket buffers hold.
    Ed25519.KeyPair key = Ed25519.generate();
    int blocks = 12;
    int perBlock = 400;
    for (int i = 0; i < blocks; i++) {
      chain.submit(SignedTx.sign(key, FakeChain.CHAIN_ID, i, "spam", new JsonObject().put("count", perBlock).put("size", 2048)));
      chain.produceBlock();
    }
    Conn c = new Conn();
    c.ws.pause();
    c.ws.writeTextMessage(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "chain_subscribe")
        .put("params", new JsonObject().put("fromHeight", 0)).encode());
    eventually(() -> server.liveSubscriptions() == 1, "the subscription");
    // While nobody reads, the replay must stall, not queue up and not give up.
    assertThat(RpcTestSupport.waitUntil(() -> server.liveSubscriptions() == 0, 1_500)).isFalse();
    c.ws.resume();
    int events = 0;
    for (int i = 0; i < blocks * perBlock + 1; i++) {
      if ("chain_event".equals(c.next().getString("method"))) events++;
    }
    assertThat(events).isEqualTo(blocks * perBlock);
    assertThat(c.closeStatus.get()).isNull();
    assertThat(server.liveSubscriptions()).isEqualTo(1);
  }

  @Test
  void slowSubscriberIsToldAndClosedWhileOthersAreServed() {
    Conn slow = new Conn();
    JsonObject sub = slow.call(1, "chain_subscribe", null).getJsonObject("result");
    eventually(() -> chain.subscriberCount() == 1, "live subscription");
    // Stop reading: TCP buffers fill, the server's socket stops being writable, notifications
    // queue up, and past MAX_QUEUED the server must give up on this subscriber.
    slow.ws.pause();
    Ed25519.KeyPair key = Ed25519.generate();
    AtomicBoolean gaveUp = new AtomicBoolean();
    for (int round = 0; round < 40 && !gaveUp.get(); round++) {
      chain.submit(SignedTx.sign(key, FakeChain.CHAIN_ID, round, "spam", new JsonObject().put("count", 500).put("size", 2048)));
      chain.produceBlock();
      gaveUp.set(RpcTestSupport.waitUntil(() -> server.liveSubscriptions() == 0, 500));
    }
    assertThat(gaveUp).as("the server dropped the slow subscriber").isTrue();
    eventually(() -> chain.subscriberCount() == 0, "chain subscription cancelled");

    // Others are served meanwhile.
    Conn other = new Conn();
    assertThat(other.call(1, "chain_status", null).containsKey("result")).isTrue();

    // The slow one, reading again, finds the notice after what was already sent, then the close.
    slow.ws.resume();
    JsonObject notice = null;
    for (int i = 0; i < 100_000 && notice == null; i++) {
      JsonObject m = slow.next();
      if ("chain_subscriptionClosed".equals(m.getString("method"))) notice = m;
    }
    assertThat(notice).isNotNull();
    assertThat(notice.getJsonObject("params").getString("subscription")).isEqualTo(sub.getString("subscription"));
    assertThat(notice.getJsonObject("params").getInteger("code")).isEqualTo(JsonRpcErrors.SUBSCRIBER_TOO_SLOW);
    eventually(() -> slow.closeStatus.get() != null, "close");
    assertThat(slow.closeStatus.get()).isEqualTo((short) 1008);
  }
}
