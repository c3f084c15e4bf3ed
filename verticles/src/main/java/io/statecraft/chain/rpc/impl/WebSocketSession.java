package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.rpc.JsonRpcErrors;
import io.statecraft.chain.rpc.JsonRpcException;
import io.statecraft.chain.rpc.JsonRpcServerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code /rpc/ws} connection: the shared JSON-RPC methods plus {@code chain_subscribe} and
 * {@code chain_unsubscribe}, with {@code chain_event} notifications.
 *
 * <p>Everything runs on the connection's event-loop context, so the state needs no locks.
 * Memory per connection is bounded three ways: requests in flight (reading pauses at the
 * limit), responses (reading pauses while the socket is not writable), and notifications
 * (held back in a bounded queue while the socket is not writable; past the bound the
 * subscriber is told it is too slow and the connection is closed).
 */
public final class WebSocketSession {
  /** WebSocket close status sent to a subscriber that fell too far behind (policy violation). */
  public static final short CLOSE_TOO_SLOW = 1008;

  private final ServerWebSocket ws;
  private final Context context;
  private final SettlementChain chain;
  private final RpcDispatcher dispatcher;
  private final RpcMetrics metrics;
  private final JsonRpcServerOptions options;
  private final Map<String, RpcMethod> ownMethods;

  private final Map<String, SubscriptionPump> subscriptions = new LinkedHashMap<>();
  private final List<SubscriptionPump> toStart = new ArrayList<>();
  private final ArrayDeque<String> queued = new ArrayDeque<>();
  private final List<Runnable> drainWaiters = new ArrayList<>();
  private long nextSubscriptionId = 1;
  private int inFlight;
  private boolean readPaused;
  private boolean closed;

  public WebSocketSession(ServerWebSocket ws, Context context, SettlementChain chain, RpcDispatcher dispatcher,
      RpcMetrics metrics, JsonRpcServerOptions options) {
    this.ws = ws;
    this.context = context;
    this.chain = chain;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.options = options;
    this.ownMethods = Map.of(
        ChainMethods.SUBSCRIBE, new RpcMethod(ChainMethods.SUBSCRIBE, List.of("fromHeight"), this::subscribe),
        ChainMethods.UNSUBSCRIBE, new RpcMethod(ChainMethods.UNSUBSCRIBE, List.of("subscription"), this::unsubscribe));
  }

  public void start() {
    ws.textMessageHandler(this::onMessage);
    ws.binaryMessageHandler(b -> onMessage(b.toString()));
    ws.drainHandler(v -> onDrain());
    ws.exceptionHandler(err -> {
      // A broken or misbehaving peer; the close handler cleans up.
    });
    ws.closeHandler(v -> onClosed());
  }

  private void onMessage(String text) {
    if (closed) return;
    Object parsed;
    try {
      parsed = JsonRpc.parse(Buffer.buffer(text));
    } catch (JsonRpcException e) {
      metrics.rejected(e.code() == JsonRpcErrors.PARSE_ERROR ? "parse" : "invalid");
      writeResponse(JsonRpc.error(null, e.toJson()));
      return;
    }
    inFlight++;
    updateReading();
    dispatcher.handle(parsed, "ws", ownMethods).onComplete(ar -> {
      inFlight--;
      Object resp = ar.succeeded() ? ar.result() : JsonRpc.error(null, JsonRpc.errorOf(ar.cause()));
      if (resp != null) writeResponse(resp);
      // Subscriptions start only after their id went out, so no notification precedes it.
      startPending();
      updateReading();
    });
  }

  private void writeResponse(Object json) {
    if (closed) return;
    String text = json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode();
    ws.writeTextMessage(text);
    updateReading();
  }

  /** Reading stops while too many requests run or responses cannot be written out. */
  private void updateReading() {
    if (closed) return;
    boolean shouldPause = inFlight >= options.getMaxInFlightPerConnection() || ws.writeQueueFull();
    if (shouldPause && !readPaused) {
      readPaused = true;
      ws.pause();
    } else if (!shouldPause && readPaused) {
      readPaused = false;
      ws.resume();
    }
  }

  // ---- notifications ----

  /** True while notifications are being held back; replays wait for {@link #whenDrained}. */
  boolean notificationsBlocked() {
    return !queued.isEmpty() || ws.writeQueueFull();
  }

  void whenDrained(Runnable r) {
    drainWaiters.add(r);
  }

  /**
   * A replayed event: written at once, whatever the socket's state. The replay reads a block
   * only once the socket has drained, so what this adds is bounded by one block, which is in
   * memory already; counting it against the live queue would drop a subscriber for a large
   * block of history rather than for being slow.
   */
  void replay(String subscriptionId, ChainEvent event) {
    if (closed) return;
    ws.writeTextMessage(eventText(subscriptionId, event));
  }

  private static String eventText(String subscriptionId, ChainEvent event) {
    return JsonRpc.notification(ChainMethods.EVENT_NOTIFICATION,
        new JsonObject().put("subscription", subscriptionId).put("event", event.toJson())).encode();
  }

  /** A live event: written if the socket can take it, else queued, and past the bound the subscriber is dropped. */
  void notify(String subscriptionId, ChainEvent event) {
    if (closed) return;
    String text = eventText(subscriptionId, event);
    if (!notificationsBlocked()) {
      ws.writeTextMessage(text);
      return;
    }
    queued.addLast(text);
    if (queued.size() > options.getMaxQueuedNotifications()) {
      tooSlow();
    }
  }

  private void onDrain() {
    if (closed) return;
    while (!queued.isEmpty() && !ws.writeQueueFull()) {
      ws.writeTextMessage(queued.pollFirst());
    }
    if (queued.isEmpty() && !ws.writeQueueFull() && !drainWaiters.isEmpty()) {
      List<Runnable> waiters = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      waiters.forEach(Runnable::run);
    }
    updateReading();
  }

  private void tooSlow() {
    queued.clear();
    for (String id : new ArrayList<>(subscriptions.keySet())) {
      // One last message per subscription; it joins the socket's queue, which is bounded by
      // the close that follows.
      ws.writeTextMessage(JsonRpc.notification(ChainMethods.SUBSCRIPTION_CLOSED_NOTIFICATION, new JsonObject()
          .put("subscription", id)
          .put("code", JsonRpcErrors.SUBSCRIBER_TOO_SLOW)
          .put("message", "subscriber too slow: more than " + options.getMaxQueuedNotifications()
              + " notifications held back")).encode());
    }
    cancelAll();
    closed = true;
    ws.close(CLOSE_TOO_SLOW, "subscriber too slow");
  }

  /** A subscription that cannot go on (its chain read failed) is ended and its client told. */
  void subscriptionFailed(SubscriptionPump pump, Throwable cause) {
    if (subscriptions.remove(pump.id()) == null) return;
    pump.cancel();
    metrics.subscriptionClosed();
    if (closed) return;
    JsonObject err = JsonRpc.errorOf(cause);
    ws.writeTextMessage(JsonRpc.notification(ChainMethods.SUBSCRIPTION_CLOSED_NOTIFICATION, new JsonObject()
        .put("subscription", pump.id())
        .put("code", err.getInteger("code"))
        .put("message", err.getString("message"))).encode());
  }

  // ---- subscription methods ----

  private Future<Object> subscribe(RpcParams p) {
    if (subscriptions.size() >= options.getMaxSubscriptionsPerConnection()) {
      return Future.failedFuture(new JsonRpcException(JsonRpcErrors.INVALID_REQUEST,
          "too many subscriptions on this connection (max " + options.getMaxSubscriptionsPerConnection() + ")"));
    }
    Future<Long> from = p.has("fromHeight")
        ? Future.succeededFuture(p.requireLong("fromHeight", 0, Long.MAX_VALUE))
        : chain.status().map(s -> s.height() + 1);
    return from.map(h -> {
      if (closed) throw new JsonRpcException(JsonRpcErrors.INTERNAL_ERROR, "connection closed");
      String id = Long.toString(nextSubscriptionId++);
      SubscriptionPump pump = new SubscriptionPump(id, h, chain, this, context);
      subscriptions.put(id, pump);
      toStart.add(pump);
      metrics.subscriptionOpened();
      return new JsonObject().put("subscription", id).put("fromHeight", h);
    });
  }

  private Future<Object> unsubscribe(RpcParams p) {
    Object raw = p.json().getValue("subscription");
    String id = raw instanceof Number n ? n.toString() : raw instanceof String s ? s : null;
    if (id == null) throw RpcParams.invalid("subscription must be a subscription id");
    SubscriptionPump pump = subscriptions.remove(id);
    if (pump == null) return Future.succeededFuture(false);
    toStart.remove(pump);
    pump.cancel();
    metrics.subscriptionClosed();
    return Future.succeededFuture(true);
  }

  private void startPending() {
    if (toStart.isEmpty()) return;
    List<SubscriptionPump> pumps = new ArrayList<>(toStart);
    toStart.clear();
    pumps.forEach(SubscriptionPump::start);
  }

  private void onClosed() {
    closed = true;
    queued.clear();
    drainWaiters.clear();
    cancelAll();
  }

  private void cancelAll() {
    for (SubscriptionPump pump : subscriptions.values()) {
      pump.cancel();
      metrics.subscriptionClosed();
    }
    subscriptions.clear();
    toStart.clear();
  }
}
