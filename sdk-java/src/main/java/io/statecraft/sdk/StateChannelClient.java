package io.statecraft.sdk;

import com.google.protobuf.ByteString;
import io.statecraft.codec.stream.RequestSigning;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.CallPayload;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ClosePayload;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.JoinPayload;
import io.statecraft.codec.stream.proto.LeavePayload;
import io.statecraft.codec.stream.proto.LogEntry;
import io.statecraft.codec.stream.proto.PingPayload;
import io.statecraft.codec.stream.proto.QueryEntryPayload;
import io.statecraft.codec.stream.proto.QueryResourcesPayload;
import io.statecraft.codec.stream.proto.QueryStatePayload;
import io.statecraft.codec.stream.proto.Resources;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.codec.stream.proto.Snapshot;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.statecraft.codec.stream.proto.UnsubscribePayload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A member's client of one state channel over the stream API, on WebSocket or gRPC. Every
 * request is signed with the member key and gets a fresh nonce. After a lost connection the
 * client reconnects and resumes every subscription from its last height (nothing missed,
 * nothing twice); requests in flight at that moment fail with a retriable
 * {@link StreamException}. All futures complete on the client's Vert.x context.
 */
public final class StateChannelClient implements AutoCloseable {
  private final Vertx vertx;
  private final Context ctx;
  private final ClientOptions options;
  private final MemberKey key;
  private final String channel;
  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, StreamSubscription> subs = new LinkedHashMap<>();
  private Connection conn;
  private long lastNonce;
  private long nextId;
  private boolean closed;
  private int failedAttempts;
  private Consumer<Boolean> connectionListener = up -> {};
  private long lastSentNanos = System.nanoTime();
  private long keepAliveTimer = -1;

  /** A request awaiting answers: {@code onMessage} returns true when the request is complete. */
  private record Pending(Function<ServerMessage, Boolean> onMessage, Promise<?> promise, long timer) {}

  private StateChannelClient(Vertx vertx, Context ctx, ClientOptions options, MemberKey key, String channel) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.options = options;
    this.key = key;
    this.channel = channel;
  }

  /** Connects; the client lives on the calling Vert.x context (or a new one). */
  public static Future<StateChannelClient> connect(Vertx vertx, ClientOptions options, MemberKey key, String channel) {
    Context ctx = vertx.getOrCreateContext();
    Promise<StateChannelClient> p = Promise.promise();
    ctx.runOnContext(v -> {
      StateChannelClient c = new StateChannelClient(vertx, ctx, options, key, channel);
      Connection.open(vertx, options).onComplete(ar -> {
        if (ar.failed()) {
          p.fail(ar.cause());
        } else {
          c.attach(ar.result());
          c.startKeepAlive();
          p.complete(c);
        }
      });
    });
    return p.future();
  }

  public String member() {
    return key.address();
  }

  public String channel() {
    return channel;
  }

  /** Called with true on every reconnect, false on every loss. */
  public StateChannelClient connectionListener(Consumer<Boolean> l) {
    this.connectionListener = l;
    return this;
  }

  // ------------------------------------------------------------------ commands

  public Future<Snapshot> join() {
    return single(b -> b.setJoin(JoinPayload.getDefaultInstance()), m -> m.hasSnapshot() ? m.getSnapshot() : null);
  }

  /**
   * Calls an entry function and waits for {@code level}; {@code progress} (may be null) sees
   * each level's event as it arrives. Fails with OUT_OF_GAS, ABORTED, CHANNEL_FROZEN, … .
   */
  public Future<CallResult> call(String function, List<String> typeArgs, List<byte[]> args, ConfirmationLevel level,
      Consumer<ServerMessage> progress) {
    ConfirmationLevel target = level == null || level == ConfirmationLevel.CONFIRMATION_LEVEL_UNSPECIFIED
        ? ConfirmationLevel.ACCEPTED : level;
    CallPayload.Builder cp = CallPayload.newBuilder().setFunction(function).addAllTypeArgs(typeArgs).setLevel(target);
    for (byte[] a : args) cp.addArgs(ByteString.copyFrom(a));
    ServerMessage[] got = new ServerMessage[4];
    Promise<CallResult> p = Promise.promise();
    ctx.runOnContext(v -> send(b -> b.setCall(cp), m -> {
      int i = switch (m.getEventCase()) {
        case ACCEPTED -> 0;
        case EXECUTED -> 1;
        case VERIFIED -> 2;
        case SETTLED -> 3;
        default -> -1;
      };
      if (i < 0) return false;
      got[i] = m;
      if (progress != null) progress.accept(m);
      if (i + 1 >= target.getNumber()) {
        p.tryComplete(new CallResult(got[0] == null ? null : got[0].getAccepted(),
            got[1] == null ? null : got[1].getExecuted(), got[2] == null ? null : got[2].getVerified(),
            got[3] == null ? null : got[3].getSettled()));
        return true;
      }
      return false;
    }, p));
    return p.future();
  }

  public Future<CallResult> call(String function, List<String> typeArgs, List<byte[]> args, ConfirmationLevel level) {
    return call(function, typeArgs, args, level, null);
  }

  /**
   * Subscribes to the channel's verified changes. Without {@code fromHeight}: a snapshot first.
   * With it (the last height the caller holds): changes above it.
   */
  public Future<StreamSubscription> subscribe(OptionalLong fromHeight, SlowConsumerPolicy onSlow) {
    Promise<StreamSubscription> p = Promise.promise();
    ctx.runOnContext(v -> {
      String id = newId();
      StreamSubscription s = new StreamSubscription(this, ctx, id, onSlow == SlowConsumerPolicy.RESYNC);
      if (fromHeight.isPresent()) s.lastHeight = fromHeight.getAsLong();
      subs.put(id, s);
      sendSubscribe(s, fromHeight);
      p.complete(s);
    });
    return p.future();
  }

  public Future<StreamSubscription> subscribe() {
    return subscribe(OptionalLong.empty(), SlowConsumerPolicy.CUT);
  }

  Future<Void> unsubscribe(StreamSubscription s) {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> {
      subs.remove(s.id);
      s.end(new StreamException(StreamErrorCode.INTERNAL_ERROR, "cancelled"));
      send(b -> b.setUnsubscribe(UnsubscribePayload.newBuilder().setSubscription(s.id)), m -> {
        if (!m.hasOk()) return false;
        p.tryComplete();
        return true;
      }, p);
    });
    return p.future();
  }

  public Future<Snapshot> state(OptionalLong height) {
    QueryStatePayload.Builder q = QueryStatePayload.newBuilder();
    height.ifPresent(q::setHeight);
    return single(b -> b.setQueryState(q), m -> m.hasSnapshot() ? m.getSnapshot() : null);
  }

  public Future<LogEntry> entry(long height) {
    return single(b -> b.setQueryEntry(QueryEntryPayload.newBuilder().setHeight(height)), m -> m.hasEntry() ? m.getEntry() : null);
  }

  public Future<Resources> resources(String address, OptionalLong height) {
    QueryResourcesPayload.Builder q = QueryResourcesPayload.newBuilder().setAddress(address);
    height.ifPresent(q::setHeight);
    return single(b -> b.setQueryResources(q), m -> m.hasResources() ? m.getResources() : null);
  }

  /** Leaves the channel; yields the leave entry's height. */
  public Future<Long> leave() {
    return single(b -> b.setLeave(LeavePayload.getDefaultInstance()), m -> m.hasOk() ? m.getOk().getHeight() : null);
  }

  public Future<Long> closeChannel() {
    return single(b -> b.setClose(ClosePayload.getDefaultInstance()), m -> m.hasOk() ? m.getOk().getHeight() : null);
  }

  public Future<Void> ping() {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> {
      String id = newId();
      register(id, m -> {
        if (m.hasPong()) p.tryComplete();
        return m.hasPong();
      }, p);
      if (conn != null) conn.send(ClientMessage.newBuilder().setId(id).setPing(PingPayload.getDefaultInstance()).build());
    });
    return p.future();
  }

  /** Closes the connection for good: no reconnect; subscriptions end. */
  @Override
  public void close() {
    ctx.runOnContext(v -> {
      closed = true;
      if (keepAliveTimer >= 0) vertx.cancelTimer(keepAliveTimer);
      failAll(new StreamException(StreamErrorCode.INTERNAL_ERROR, "client closed"));
      for (StreamSubscription s : subs.values()) s.end(new StreamException(StreamErrorCode.INTERNAL_ERROR, "client closed"));
      subs.clear();
      if (conn != null) conn.close();
    });
  }

  /** Drops the connection as a network failure would (for tests and examples): the client reconnects. */
  public void simulateConnectionLoss() {
    ctx.runOnContext(v -> {
      if (conn != null) conn.close();
    });
  }

  // ------------------------------------------------------------------ plumbing

  private <T> Future<T> single(Consumer<ClientMessage.Builder> payload, Function<ServerMessage, T> pick) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> send(payload, pick, p, true));
    return p.future();
  }

  private <T> void send(Consumer<ClientMessage.Builder> payload, Function<ServerMessage, T> pick, Promise<T> p, boolean unused) {
    send(payload, m -> {
      T t = pick.apply(m);
      if (t == null) return false;
      p.tryComplete(t);
      return true;
    }, p);
  }

  private void send(Consumer<ClientMessage.Builder> payload, Function<ServerMessage, Boolean> onMessage, Promise<?> p) {
    if (closed) {
      p.tryFail(new StreamException(StreamErrorCode.INTERNAL_ERROR, "client closed"));
      return;
    }
    String id = newId();
    register(id, onMessage, p);
    ClientMessage.Builder b = ClientMessage.newBuilder().setId(id).setChannel(channel).setNonce(nextNonce());
    payload.accept(b);
    if (conn == null) {
      Pending pe = pending.remove(id);
      vertx.cancelTimer(pe.timer());
      p.tryFail(Connection.lost());
      return;
    }
    conn.send(RequestSigning.sign(key.keyPair(), b.build()));
  }

  private void register(String id, Function<ServerMessage, Boolean> onMessage, Promise<?> p) {
    long timer = vertx.setTimer(options.requestTimeoutMs, t -> {
      if (pending.remove(id) != null) {
        p.tryFail(new StreamException(StreamErrorCode.LEADER_UNREACHABLE, "no answer in " + options.requestTimeoutMs + " ms"));
      }
    });
    pending.put(id, new Pending(onMessage, p, timer));
  }

  private void sendSubscribe(StreamSubscription s, OptionalLong from) {
    if (conn == null) return;
    SubscribePayload.Builder sp = SubscribePayload.newBuilder()
        .setOnSlow(s.resync ? SlowConsumerPolicy.RESYNC : SlowConsumerPolicy.CUT);
    from.ifPresent(sp::setFromHeight);
    ClientMessage m = ClientMessage.newBuilder().setId(s.id).setChannel(channel).setNonce(nextNonce())
        .setSubscribe(sp).build();
    conn.send(RequestSigning.sign(key.keyPair(), m));
  }

  private void startKeepAlive() {
    if (options.keepAliveMs <= 0) return;
    keepAliveTimer = vertx.setPeriodic(Math.max(10, options.keepAliveMs / 2), t -> {
      if (closed) {
        vertx.cancelTimer(t);
        return;
      }
      if (conn != null && System.nanoTime() - lastSentNanos > options.keepAliveMs * 1_000_000L) {
        ping(); // its failure (connection lost) is handled by the reconnect logic
      }
    });
  }

  private void attach(Connection c) {
    conn = c;
    lastSentNanos = System.nanoTime();
    Connection.Sent sent = () -> lastSentNanos = System.nanoTime();
    c.sentListener = sent;
    c.messageHandler = this::onMessage;
    c.closeHandler = v -> onLost(c);
  }

  private void onMessage(ServerMessage m) {
    StreamSubscription s = subs.get(m.getId());
    if (s != null) {
      switch (m.getEventCase()) {
        case SNAPSHOT -> s.offer(new SubscriptionItem(m.getSnapshot(), null));
        case CHANGE -> s.offer(new SubscriptionItem(null, m.getChange()));
        case ERROR -> onSubscriptionError(s, StreamException.fromProto(m.getError()));
        default -> { }
      }
      return;
    }
    Pending p = pending.get(m.getId());
    if (p == null) return; // a connection-level error (e.g. SLOW_CONSUMER cut) or a late answer
    if (m.hasError()) {
      pending.remove(m.getId());
      vertx.cancelTimer(p.timer());
      p.promise().tryFail(StreamException.fromProto(m.getError()));
      return;
    }
    if (p.onMessage().apply(m)) {
      pending.remove(m.getId());
      vertx.cancelTimer(p.timer());
    }
  }

  private void onSubscriptionError(StreamSubscription s, StreamException e) {
    switch (e.code()) {
      case SLOW_CONSUMER -> { } // resync: the node restarts it with a snapshot
      case HEIGHT_PRUNED -> {
        // Resume point gone: start again from a snapshot; the app replaces its state.
        s.lastHeight = -1;
        sendSubscribe(s, OptionalLong.empty());
      }
      case RATE_LIMITED, LEADER_UNREACHABLE, INTERNAL_ERROR -> vertx.setTimer(options.reconnectDelayMs, t -> {
        if (subs.get(s.id) == s) sendSubscribe(s, s.lastHeight >= 0 ? OptionalLong.of(s.lastHeight) : OptionalLong.empty());
      });
      default -> {
        subs.remove(s.id);
        s.end(e);
      }
    }
  }

  private void onLost(Connection c) {
    if (conn != c) return;
    conn = null;
    failAll(Connection.lost());
    connectionListener.accept(false);
    if (closed || !options.reconnect) {
      for (StreamSubscription s : subs.values()) s.end(Connection.lost());
      subs.clear();
      return;
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay = Math.min(options.maxReconnectDelayMs, options.reconnectDelayMs << Math.min(failedAttempts, 10));
    vertx.setTimer(Math.max(1, delay), t -> {
      if (closed) return;
      Connection.open(vertx, options).onComplete(ar -> {
        if (closed) {
          if (ar.succeeded()) ar.result().close();
          return;
        }
        if (ar.failed()) {
          failedAttempts++;
          if (options.maxReconnectAttempts > 0 && failedAttempts >= options.maxReconnectAttempts) {
            for (StreamSubscription s : subs.values()) s.end(Connection.lost());
            subs.clear();
            closed = true;
            return;
          }
          scheduleReconnect();
          return;
        }
        failedAttempts = 0;
        attach(ar.result());
        connectionListener.accept(true);
        // Resume: each subscription continues after the last height it delivered.
        for (StreamSubscription s : new ArrayList<>(subs.values())) {
          sendSubscribe(s, s.lastHeight >= 0 ? OptionalLong.of(s.lastHeight) : OptionalLong.empty());
        }
      });
    });
  }

  private void failAll(StreamException e) {
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer());
      p.promise().tryFail(e);
    }
    pending.clear();
  }

  private String newId() {
    return "r" + (++nextId);
  }

  /** Fresh nonces across restarts without stored state: max(last + 1, now in µs). */
  private long nextNonce() {
    lastNonce = Math.max(lastNonce + 1, System.currentTimeMillis() * 1000);
    return lastNonce;
  }
}
