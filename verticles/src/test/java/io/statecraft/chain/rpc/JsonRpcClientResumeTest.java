package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static io.statecraft.chain.rpc.RpcTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainSubscription;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's resume rule against a scripted server that drops the socket in the middle of a
 * block: the client must ask again from that block's height and skip exactly the events it
 * already delivered, including events that share a position.
 */
@ExtendWith(VertxExtension.class)
class JsonRpcClientResumeTest {

  /** Block h has three events; two of them share (txIndex, eventIndex) to defeat position-based dedup. */
  static List<ChainEvent> block(long h) {
    return List.of(
        new ChainEvent(h, 0, 0, "a", null, new JsonObject().put("h", h).put("n", 0)),
        new ChainEvent(h, 0, 0, "b", null, new JsonObject().put("h", h).put("n", 1)),
        new ChainEvent(h, 1, 0, "c", null, new JsonObject().put("h", h).put("n", 2)));
  }

  @Test
  void resumesMidBlockWithoutGapOrDuplicate(Vertx vertx) {
    List<Long> fromHeights = new CopyOnWriteArrayList<>();
    HttpServer scripted = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
      JsonObject req = new JsonObject(text);
      long from = req.getJsonObject("params").getLong("fromHeight");
      fromHeights.add(from);
      ws.writeTextMessage(new JsonObject().put("jsonrpc", "2.0").put("id", req.getValue("id"))
          .put("result", new JsonObject().put("subscription", "1").put("fromHeight", from)).encode());
      if (fromHeights.size() == 1) {
        // First connection: block 5 whole, then two of block 6's three events, then drop.
        block(5).forEach(e -> send(ws, e));
        send(ws, block(6).get(0));
        send(ws, block(6).get(1));
        ws.close();
      } else {
        // Replay from what was asked, whole blocks, then one more block.
        for (long h = from; h <= 7; h++) block(h).forEach(e -> send(ws, e));
      }
    }));
    int port = await(scripted.listen(0, "127.0.0.1")).actualPort();
    JsonRpcChainClient client = new JsonRpcChainClient(vertx, new JsonRpcClientOptions().setPort(port)
        .setReconnectDelayMillis(10));
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = client.subscribe(5, seen::add);
    eventually(() -> seen.size() == 9, "blocks 5, 6 and 7");
    assertThat(fromHeights).containsExactly(5L, 6L);
    assertThat(seen).containsExactlyElementsOf(concat(block(5), block(6), block(7)));
    assertThat(sub.deliveredHeight()).isEqualTo(6);
    await(sub.cancel());
    await(client.close());
    await(scripted.close());
  }

  private static void send(ServerWebSocket ws, ChainEvent e) {
    ws.writeTextMessage(new JsonObject().put("jsonrpc", "2.0").put("method", "chain_event")
        .put("params", new JsonObject().put("subscription", "1").put("event", e.toJson())).encode());
  }

  @SafeVarargs
  private static List<ChainEvent> concat(List<ChainEvent>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
