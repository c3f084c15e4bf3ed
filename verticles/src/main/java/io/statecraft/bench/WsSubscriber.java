package io.statecraft.bench;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.stream.RequestSigning;
import io.statecraft.codec.stream.StreamJson;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream-API WebSocket client that subscribes to one channel (a signed
 * {@code state_channel.subscribe}) and hands every verified {@code change} to a listener as
 * (height, tx hash hex, receive time ms). The change frames are scanned, not fully parsed, so
 * thousands of these fit in one benchmark JVM.
 */
public final class WsSubscriber {
  /** Receives changes on the client's event loop. */
  public interface Listener {
    void onChange(long height, String txHash, long recvMillis);

    default void onError(String frame) {}

    default void onClosed() {}
  }

  private static final AtomicLong NONCES = new AtomicLong(System.currentTimeMillis() * 1000);
  private WebSocket ws;
  private volatile long lastHeight = -1;
  private volatile boolean closed;

  public long lastHeight() {
    return lastHeight;
  }

  public boolean closed() {
    return closed;
  }

  /** Connects and subscribes; completes once the subscribe request is written. */
  public Future<WsSubscriber> connect(WebSocketClient client, int port, String channelId, Ed25519.KeyPair member,
      OptionalLong fromHeight, Listener l) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/stream/v1");
    Promise<WsSubscriber> p = Promise.promise();
    client.connect(o).onFailure(p::fail).onSuccess(ws -> {
      this.ws = ws;
      ws.textMessageHandler(t -> onFrame(t, l));
      ws.closeHandler(v -> {
        closed = true;
        l.onClosed();
      });
      SubscribePayload.Builder sp = SubscribePayload.newBuilder();
      fromHeight.ifPresent(sp::setFromHeight);
      ClientMessage m = RequestSigning.sign(member, ClientMessage.newBuilder().setId("s").setChannel(channelId)
          .setNonce(NONCES.incrementAndGet()).setSubscribe(sp).build());
      ws.writeTextMessage(StreamJson.requestToJson(m).encode()).onComplete(ar -> {
        if (ar.succeeded()) p.complete(this);
        else p.fail(ar.cause());
      });
    });
    return p.future();
  }

  private void onFrame(String t, Listener l) {
    long now = System.currentTimeMillis();
    if (t.contains("\"event\":\"change\"")) {
      long h = number(t, "\"height\":");
      String tx = string(t, "\"txHash\":\"");
      lastHeight = h;
      l.onChange(h, tx, now);
    } else if (t.contains("\"event\":\"snapshot\"")) {
      long h = number(t, "\"height\":");
      if (h >= 0) lastHeight = h;
    } else if (t.contains("\"event\":\"error\"")) {
      l.onError(t);
    }
  }

  static long number(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return -1;
    i += key.length();
    long v = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) v = v * 10 + (t.charAt(i++) - '0');
    return v;
  }

  static String string(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return null;
    i += key.length();
    return t.substring(i, t.indexOf('"', i));
  }

  public Future<Void> close() {
    return ws == null ? Future.succeededFuture() : ws.close();
  }
}
