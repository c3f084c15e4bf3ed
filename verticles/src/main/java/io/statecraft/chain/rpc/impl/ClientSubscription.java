package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.rpc.JsonRpcClientOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client-side subscription over {@code /rpc/ws}, one WebSocket each. When the socket drops
 * (server restart, network, or the server closing a subscriber that fell behind) it reconnects
 * with exponential backoff and resumes so that the handler sees no gap and no duplicate:
 *
 * <p>It resumes from the height of the last delivered event and skips as many events of that
 * height as were already delivered. The server delivers a block's events in a fixed order, so
 * counting is exact even for events that share a position. Resuming from the last event's
 * height rather than the one after is needed because a drop may cut a block in half.
 *
 * <p>All state lives on the subscriber's context, where the handler runs.
 */
public final class ClientSubscription implements ChainSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSubscription.class);
  private static final long SUBSCRIBE_REQUEST_ID = 1;

  private final Vertx vertx;
  private final Context context;
  private final WebSocketClient client;
  private final JsonRpcClientOptions options;
  private final Handler<ChainEvent> handler;
  private final long fromHeight;
  private final Consumer<ClientSubscription> onCancel;

  // Delivered so far (survives reconnects). Written on the context only; volatile for readers
  // of deliveredHeight() elsewhere.
  private volatile long lastHeight = -1;
  private int deliveredAtLastHeight;

  // The current connection.
  private WebSocket ws;
  private long connResume;
  private int connSkip;
  private int connSeenAtResume;

  private long reconnectDelay;
  private long timerId = -1;
  private boolean cancelled;
  private volatile int connections;

  public ClientSubscription(Vertx vertx, Context context, WebSocketClient client, JsonRpcClientOptions options,
      long fromHeight, Handler<ChainEvent> handler, Consumer<ClientSubscription> onCancel) {
    this.onCancel = onCancel;
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.options = options;
    this.fromHeight = fromHeight;
    this.handler = handler;
    this.reconnectDelay = options.getReconnectDelayMillis();
  }

  public void start() {
    context.runOnContext(v -> connect());
  }

  @Override
  public long deliveredHeight() {
    // A block is known complete only once an event of a later block arrives.
    return lastHeight < 0 ? fromHeight - 1 : lastHeight - 1;
  }

  /** WebSocket connections opened so far (1 plus reconnects); for tests and monitoring. */
  public int connections() {
    return connections;
  }

  @Override
  public Future<Void> cancel() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      cancelled = true;
      onCancel.accept(this);
      if (timerId >= 0) vertx.cancelTimer(timerId);
      WebSocket s = ws;
      ws = null;
      if (s == null) {
        done.complete();
      } else {
        s.close().onComplete(ar -> done.complete());
      }
    });
    return done.future();
  }

  private void connect() {
    if (cancelled) return;
    timerId = -1;
    connResume = lastHeight >= fromHeight ? lastHeight : fromHeight;
    connSkip = lastHeight == connResume ? deliveredAtLastHeight : 0;
    connSeenAtResume = 0;
    WebSocketConnectOptions co = new WebSocketConnectOptions()
        .setHost(options.getHost()).setPort(options.getPort()).setSsl(options.isSsl()).setURI("/rpc/ws")
        .setTimeout(options.getRequestTimeoutMillis());
    client.connect(co).onComplete(ar -> {
      if (ar.failed()) {
        scheduleReconnect();
        return;
      }
      WebSocket s = ar.result();
      if (cancelled) {
        s.close();
        return;
      }
      connections++;
      ws = s;
      s.textMessageHandler(text -> onMessage(s, text));
      s.exceptionHandler(err -> LOG.debug("subscription socket error", err));
      s.closeHandler(v -> {
        if (ws == s) {
          ws = null;
          scheduleReconnect();
        }
      });
      s.writeTextMessage(JsonRpc.request(SUBSCRIBE_REQUEST_ID, ChainMethods.SUBSCRIBE,
          new JsonObject().put("fromHeight", connResume)).encode());
    });
  }

  private void scheduleReconnect() {
    if (cancelled || timerId >= 0) return;
    long delay = reconnectDelay;
    reconnectDelay = Math.min(reconnectDelay * 2, options.getMaxReconnectDelayMillis());
    timerId = vertx.setTimer(delay, id -> connect());
  }

  private void onMessage(WebSocket s, String text) {
    if (cancelled || ws != s) return;
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("ignoring a malformed message from the devchain");
      return;
    }
    String method = msg.getString("method");
    if (method == null) {
      if (msg.containsKey("error")) {
        // Refused (e.g. too many subscriptions): drop the socket, try again later.
        LOG.warn("devchain refused a subscription: {}", msg.getValue("error"));
        s.close();
      } else {
        reconnectDelay = options.getReconnectDelayMillis();
      }
      return;
    }
    if (ChainMethods.EVENT_NOTIFICATION.equals(method)) {
      JsonObject params = msg.getJsonObject("params");
      onEvent(ChainEvent.fromJson(params.getJsonObject("event")));
    } else if (ChainMethods.SUBSCRIPTION_CLOSED_NOTIFICATION.equals(method)) {
      // The server ends this subscription (we fell behind, or its read failed); the close
      // that follows, or ours, brings a reconnect from where we are.
      LOG.info("devchain closed subscription: {}", msg.getJsonObject("params"));
      s.close();
    }
  }

  private void onEvent(ChainEvent ev) {
    long h = ev.height();
    if (h < connResume || h < lastHeight) return; // already delivered
    if (h == connResume && connSeenAtResume < connSkip) {
      connSeenAtResume++;
      return; // delivered before the reconnect
    }
    if (h == lastHeight) {
      deliveredAtLastHeight++;
    } else {
      lastHeight = h;
      deliveredAtLastHeight = 1;
    }
    try {
      handler.handle(ev);
    } catch (RuntimeException e) {
      // The event counts as delivered either way, as with the in-process chain.
      LOG.warn("chain event handler failed on {}", ev.type(), e);
    }
  }
}
