package io.statecraft.chain.rpc;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.rpc.impl.ChainMethods;
import io.statecraft.chain.rpc.impl.ClientSubscription;
import io.statecraft.chain.rpc.impl.JsonRpc;
import io.statecraft.chain.rpc.impl.RemoteErrors;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SettlementChain} in another process, reached over the devchain's JSON-RPC server:
 * calls go over HTTP ({@code POST /rpc}), subscriptions over the WebSocket {@code /rpc/ws},
 * each of which reconnects on its own and resumes from the last delivered event.
 *
 * <p>A chain refusal fails the call with the same {@link io.statecraft.chain.ChainException}
 * (same {@link io.statecraft.chain.ChainErrorCode}) the chain raised; a protocol failure with
 * a {@link JsonRpcException}; an unreachable server with the transport's exception.
 */
public final class JsonRpcChainClient implements SettlementChain {
  private final Vertx vertx;
  private final JsonRpcClientOptions options;
  private final WebClient http;
  private final WebSocketClient webSockets;
  private final AtomicLong ids = new AtomicLong();
  private final Set<ClientSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public JsonRpcChainClient(Vertx vertx, JsonRpcClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    WebClientOptions web = new WebClientOptions()
        .setDefaultHost(options.getHost())
        .setDefaultPort(options.getPort())
        .setKeepAlive(true);
    if (options.isSsl()) {
      web.setSsl(true).setUseAlpn(options.isHttp2());
    }
    if (options.isHttp2()) {
      web.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    }
    this.http = WebClient.create(vertx, web, new PoolOptions()
        .setHttp1MaxSize(options.getMaxConnections())
        // Each HTTP/2 connection carries up to the server's stream limit (100 by default).
        .setHttp2MaxSize(Math.max(1, options.getMaxConnections() / 64)));
    this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxMessageSize(options.getMaxMessageBytes())
        .setMaxFrameSize(Math.min(options.getMaxMessageBytes(), 1024 * 1024)));
  }

  @Override
  public Future<ChainStatus> status() {
    return call(ChainMethods.STATUS, null).map(r -> ChainStatus.fromJson(object(r)));
  }

  @Override
  public Future<TxReceipt> submit(SignedTx tx) {
    return call(ChainMethods.SUBMIT, tx.toJson()).map(r -> TxReceipt.fromJson(object(r)));
  }

  @Override
  public Future<AccountView> account(String address) {
    return call(ChainMethods.ACCOUNT, new JsonObject().put("address", address)).map(r -> AccountView.fromJson(object(r)));
  }

  @Override
  public Future<ChannelView> channel(String channelId) {
    return call(ChainMethods.CHANNEL, new JsonObject().put("channelId", channelId)).map(r -> ChannelView.fromJson(object(r)));
  }

  @Override
  public Future<Block> block(long height) {
    return call(ChainMethods.BLOCK, new JsonObject().put("height", height)).map(r -> Block.fromJson(object(r)));
  }

  /** Committed events of whole blocks from {@code fromHeight}, for clients that poll. */
  public Future<EventPage> events(long fromHeight, int limit) {
    return call(ChainMethods.EVENTS, new JsonObject().put("fromHeight", fromHeight).put("limit", limit)).map(r -> {
      JsonObject o = object(r);
      List<ChainEvent> events = new ArrayList<>();
      JsonArray arr = o.getJsonArray("events");
      for (int i = 0; i < arr.size(); i++) events.add(ChainEvent.fromJson(arr.getJsonObject(i)));
      return new EventPage(events, o.getLong("nextHeight"), o.getLong("head"));
    });
  }

  /** A page of {@link #events}: continue from {@code nextHeight}; {@code head} is the chain head. */
  public record EventPage(List<ChainEvent> events, long nextHeight, long head) {}

  /**
   * {@inheritDoc}
   *
   * <p>The handler runs on the caller's context (or a new event-loop context if called off
   * one). {@link ChainSubscription#deliveredHeight()} lags by one block: a block is known
   * complete only when an event of a later one arrives.
   */
  @Override
  public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    if (closed) throw new IllegalStateException("client closed");
    ClientSubscription s = new ClientSubscription(vertx, vertx.getOrCreateContext(), webSockets, options,
        Math.max(0, fromHeight), handler, subscriptions::remove);
    subscriptions.add(s);
    s.start();
    return s;
  }

  /** Seals a block now; only on a devchain in dev mode. Completes with the block's JSON. */
  public Future<JsonObject> devProduceBlock() {
    return call(ChainMethods.DEV_PRODUCE_BLOCK, null).map(JsonRpcChainClient::object);
  }

  /** Moves a manual chain clock; only on a devchain in dev mode. Completes with the status JSON. */
  public Future<JsonObject> devAdvanceTime(long millis) {
    return call(ChainMethods.DEV_ADVANCE_TIME, new JsonObject().put("millis", millis)).map(JsonRpcChainClient::object);
  }

  /**
   * Calls any method and completes with its {@code result}. Fails with a
   * {@link io.statecraft.chain.ChainException} or {@link JsonRpcException} for an error response.
   */
  public Future<Object> call(String method, Object params) {
    JsonObject req = JsonRpc.request(ids.incrementAndGet(), method, params);
    return http.post("/rpc")
        .timeout(options.getRequestTimeoutMillis())
        .putHeader("content-type", "application/json")
        .sendBuffer(req.toBuffer())
        .compose(JsonRpcChainClient::unwrap);
  }

  private static Future<Object> unwrap(HttpResponse<Buffer> resp) {
    Buffer body = resp.body();
    JsonObject json;
    try {
      json = body == null ? null : new JsonObject(body);
    } catch (DecodeException e) {
      json = null;
    }
    if (json == null) {
      return Future.failedFuture(new JsonRpcException(JsonRpcErrors.INTERNAL_ERROR,
          "HTTP " + resp.statusCode() + " without a JSON-RPC response"));
    }
    JsonObject error = json.getJsonObject("error");
    if (error != null) return Future.failedFuture(RemoteErrors.toException(error));
    return Future.succeededFuture(json.getValue("result"));
  }

  private static JsonObject object(Object result) {
    if (result instanceof JsonObject o) return o;
    throw new JsonRpcException(JsonRpcErrors.INTERNAL_ERROR, "expected an object result");
  }

  /** Cancels every subscription (no more reconnects), then closes the HTTP and WebSocket clients. */
  public Future<Void> close() {
    closed = true;
    List<Future<Void>> cancels = new ArrayList<>();
    for (ClientSubscription s : subscriptions) cancels.add(s.cancel());
    return Future.join(cancels).transform(ar -> {
      http.close();
      return webSockets.close();
    });
  }
}
