package io.statecraft.verticle.stream;

import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.RequestSigning;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.Accepted;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.Executed;
import io.statecraft.codec.stream.proto.Ok;
import io.statecraft.codec.stream.proto.Pong;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.Settled;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.codec.stream.proto.Verified;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, whatever its transport: checks every request (size, rate, shape,
 * signature, membership, nonce), runs it against the {@link ChannelGateway}, and writes the
 * answers through a bounded outbound queue with the slow-consumer policy of
 * docs/PROTOCOL.md §Flow control. Runs on its verticle's event loop only; nothing blocks.
 */
final class StreamSession {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);

  /** What a transport offers the session. */
  interface Transport {
    boolean grpc();

    void write(ServerMessage m);

    boolean writeQueueFull();

    void drainHandler(Handler<Void> h);

    /** Ends the connection after a fatal error (already written). */
    void close(StreamErrorCode reason);
  }

  private record Out(ServerMessage msg, Sub sub) {}

  private static final class Sub {
    final String id;
    final String channel;
    final Address member;
    final boolean resyncPolicy;
    ChannelGateway.ChannelSubscription handle;
    boolean started;
    boolean cancelled;
    boolean resyncing;
    long lastHeight = -1;
    List<ChannelGateway.VerifiedChange> early = new ArrayList<>();

    Sub(String id, String channel, Address member, boolean resyncPolicy) {
      this.id = id;
      this.channel = channel;
      this.member = member;
      this.resyncPolicy = resyncPolicy;
    }
  }

  private final StreamVerticle.Shared shared;
  private final Transport transport;
  private final Context ctx;
  private final boolean grpc;
  private final TokenBucket bucket;
  private final ArrayDeque<Out> pending = new ArrayDeque<>();
  private final Map<String, Sub> subs = new HashMap<>();
  private long lastActivityNanos;
  private long idleTimer = -1;
  private boolean closed;

  StreamSession(StreamVerticle.Shared shared, Transport transport, Context ctx) {
    this.shared = shared;
    this.transport = transport;
    this.ctx = ctx;
    this.grpc = transport.grpc();
    this.bucket = new TokenBucket(shared.options.connectionRatePerSecond, shared.options.connectionBurst, System.nanoTime());
    this.lastActivityNanos = System.nanoTime();
    transport.drainHandler(v -> flush());
    shared.metrics.connections(grpc).incrementAndGet();
    long idle = shared.options.idleTimeoutMs;
    if (idle > 0) {
      long period = Math.max(10, Math.min(1000, idle / 4));
      idleTimer = shared.vertx.setPeriodic(period, t -> checkIdle());
    }
  }

  // ------------------------------------------------------------------ inbound

  void onActivity() {
    lastActivityNanos = System.nanoTime();
  }

  /** A frame too large to even parse. */
  void onOversized(int size) {
    if (closed) return;
    onActivity();
    shared.metrics.in(grpc);
    sendError("", new StreamException(StreamErrorCode.FRAME_TOO_LARGE,
        "a request is at most " + shared.options.maxFrameBytes + " bytes, got " + size));
  }

  /** A frame that could not be decoded; {@code id} is the request id if it could be read. */
  void onUndecodable(String id, StreamException e) {
    if (closed) return;
    onActivity();
    shared.metrics.in(grpc);
    if (!bucket.tryTake(System.nanoTime())) {
      sendError(id, new StreamException(StreamErrorCode.RATE_LIMITED, "connection rate limit"));
      return;
    }
    sendError(id, e);
  }

  void onRequest(ClientMessage m, int sizeBytes) {
    if (closed) return;
    onActivity();
    shared.metrics.in(grpc);
    String id = m.getId();
    if (sizeBytes > shared.options.maxFrameBytes) {
      sendError(id, new StreamException(StreamErrorCode.FRAME_TOO_LARGE,
          "a request is at most " + shared.options.maxFrameBytes + " bytes, got " + sizeBytes));
      return;
    }
    if (!bucket.tryTake(System.nanoTime())) {
      sendError(id, new StreamException(StreamErrorCode.RATE_LIMITED, "connection rate limit"));
      return;
    }
    try {
      handle(m);
    } catch (StreamException e) {
      sendError(id, e);
    } catch (RuntimeException e) {
      LOG.warn("stream request failed", e);
      sendError(id, new StreamException(StreamErrorCode.INTERNAL_ERROR, "internal error"));
    }
  }

  private void handle(ClientMessage m) {
    String id = m.getId();
    if (id.isEmpty() || id.length() > 64) throw malformed("id must be 1..64 characters");
    ClientMessage.PayloadCase pc = m.getPayloadCase();
    if (pc == ClientMessage.PayloadCase.PAYLOAD_NOT_SET) {
      throw new StreamException(StreamErrorCode.UNKNOWN_COMMAND, "no command");
    }
    if (pc == ClientMessage.PayloadCase.PING) {
      enqueue(ServerMessage.newBuilder().setId(id).setPong(Pong.getDefaultInstance()).build(), null);
      return;
    }
    if (!RequestSigning.isCanonicalAddress(m.getMember())) throw malformed("member must be 0x and 64 lower-case hex digits");
    int channelBytes = m.getChannel().getBytes(StandardCharsets.UTF_8).length;
    if (channelBytes == 0 || channelBytes > 128) throw malformed("channel must be 1..128 UTF-8 bytes");
    if (m.getNonce() < 1 || m.getNonce() > io.statecraft.codec.CanonicalJson.MAX_SAFE_INTEGER) {
      throw malformed("nonce must be in 1..2^53-1");
    }
    if (m.getSignature().size() != 64) throw malformed("signature must be 64 bytes");
    if (pc == ClientMessage.PayloadCase.CALL) {
      ConfirmationLevel level = m.getCall().getLevel();
      if (level == ConfirmationLevel.UNRECOGNIZED) {
        throw new StreamException(StreamErrorCode.UNSUPPORTED_CONFIRMATION_LEVEL, "unknown confirmation level");
      }
      RequestSigning.toMoveCall(m.getCall()); // MALFORMED_REQUEST for bad function or type text
    }
    if (!shared.memberBucket(m.getMember()).tryTake(System.nanoTime())) {
      throw new StreamException(StreamErrorCode.RATE_LIMITED, "member rate limit");
    }
    if (!RequestSigning.verify(m)) {
      throw new StreamException(StreamErrorCode.BAD_SIGNATURE, "bad signature");
    }
    Address member = Address.parse(m.getMember());
    on(shared.gateway.checkMember(m.getChannel(), member), ar -> {
      if (ar.failed()) {
        sendError(id, ar.cause());
        return;
      }
      StreamErrorCode nonceError = shared.nonces.check(m.getChannel(), m.getMember(), m.getNonce());
      if (nonceError != null) {
        sendError(id, new StreamException(nonceError, nonceError.meaning()));
        return;
      }
      try {
        dispatch(m, member);
      } catch (StreamException e) {
        sendError(id, e);
      }
    });
  }

  private void dispatch(ClientMessage m, Address member) {
    String id = m.getId();
    String ch = m.getChannel();
    ChannelGateway g = shared.gateway;
    switch (m.getPayloadCase()) {
      case JOIN -> on(g.join(ch, member), ar -> {
        if (ar.failed()) sendError(id, ar.cause());
        else enqueue(ServerMessage.newBuilder().setId(id).setSnapshot(ProtoViews.snapshot(ar.result())).build(), null);
      });
      case CALL -> call(m);
      case SUBSCRIBE -> subscribe(m, member);
      case UNSUBSCRIBE -> {
        Sub s = subs.remove(m.getUnsubscribe().getSubscription());
        if (s != null) cancel(s);
        enqueue(ok(id, 0), null);
      }
      case LEAVE -> on(g.leave(ch, member), ar -> {
        if (ar.failed()) sendError(id, ar.cause());
        else enqueue(ok(id, ar.result()), null);
      });
      case CLOSE -> on(g.close(ch, member), ar -> {
        if (ar.failed()) sendError(id, ar.cause());
        else enqueue(ok(id, ar.result()), null);
      });
      case QUERY_STATE -> on(g.state(ch, opt(m.getQueryState().hasHeight(), m.getQueryState().getHeight())), ar -> {
        if (ar.failed()) sendError(id, ar.cause());
        else enqueue(ServerMessage.newBuilder().setId(id).setSnapshot(ProtoViews.snapshot(ar.result())).build(), null);
      });
      case QUERY_ENTRY -> on(g.entry(ch, m.getQueryEntry().getHeight()), ar -> {
        if (ar.failed()) sendError(id, ar.cause());
        else enqueue(ServerMessage.newBuilder().setId(id).setEntry(ProtoViews.entry(ar.result())).build(), null);
      });
      case QUERY_RESOURCES -> {
        Address who;
        try {
          who = Address.parse(m.getQueryResources().getAddress());
        } catch (RuntimeException e) {
          throw malformed("bad address");
        }
        on(g.resources(ch, who, opt(m.getQueryResources().hasHeight(), m.getQueryResources().getHeight())), ar -> {
          if (ar.failed()) sendError(id, ar.cause());
          else enqueue(ServerMessage.newBuilder().setId(id).setResources(ProtoViews.resources(ar.result())).build(), null);
        });
      }
      default -> throw new StreamException(StreamErrorCode.UNKNOWN_COMMAND, "unknown command");
    }
  }

  private static OptionalLong opt(boolean has, long v) {
    return has ? OptionalLong.of(v) : OptionalLong.empty();
  }

  private static ServerMessage ok(String id, long height) {
    return ServerMessage.newBuilder().setId(id).setOk(Ok.newBuilder().setHeight(height)).build();
  }

  // ------------------------------------------------------------------ call

  private void call(ClientMessage m) {
    String id = m.getId();
    ConfirmationLevel level = m.getCall().getLevel() == ConfirmationLevel.CONFIRMATION_LEVEL_UNSPECIFIED
        ? ConfirmationLevel.ACCEPTED : m.getCall().getLevel();
    Transaction.Call tx = RequestSigning.toTransaction(m);
    on(shared.gateway.call(m.getChannel(), tx, level), ar -> {
      if (ar.failed()) {
        sendError(id, ar.cause());
        return;
      }
      ChannelGateway.CallProgress p = ar.result();
      var txHash = ProtoViews.bytes(p.txHash());
      enqueue(ServerMessage.newBuilder().setId(id)
          .setAccepted(Accepted.newBuilder().setHeight(p.height()).setTxHash(txHash)).build(), null);
      if (level.getNumber() < ConfirmationLevel.EXECUTED_VALUE) return;
      on(p.executed(), ex -> {
        if (ex.failed()) {
          sendError(id, ex.cause());
          return;
        }
        Effects eff = ex.result();
        if (eff.aborted()) {
          sendError(id, ProtoViews.abortError(eff.abort()));
          return;
        }
        enqueue(ServerMessage.newBuilder().setId(id).setExecuted(Executed.newBuilder()
            .setHeight(p.height()).setTxHash(txHash).setEffects(ProtoViews.effects(eff))).build(), null);
        if (level.getNumber() < ConfirmationLevel.VERIFIED_VALUE) return;
        on(p.verified(), ve -> {
          if (ve.failed()) {
            sendError(id, ve.cause());
            return;
          }
          enqueue(ServerMessage.newBuilder().setId(id).setVerified(Verified.newBuilder()
              .setHeight(p.height()).setTxHash(txHash).setStateRoot(ProtoViews.bytes(ve.result()))).build(), null);
          if (level.getNumber() < ConfirmationLevel.SETTLED_VALUE) return;
          on(p.settled(), se -> {
            if (se.failed()) sendError(id, se.cause());
            else enqueue(ServerMessage.newBuilder().setId(id).setSettled(Settled.newBuilder()
                .setHeight(p.height()).setTxHash(txHash).setSettledHeight(se.result())).build(), null);
          });
        });
      });
    });
  }

  // ------------------------------------------------------------------ subscriptions

  private void subscribe(ClientMessage m, Address member) {
    String id = m.getId();
    if (subs.containsKey(id)) throw malformed("a subscription with this id is active");
    if (subs.size() >= shared.options.maxSubscriptionsPerConnection) {
      throw new StreamException(StreamErrorCode.RATE_LIMITED, "too many subscriptions on this connection");
    }
    boolean resync = m.getSubscribe().getOnSlow() == SlowConsumerPolicy.RESYNC;
    Sub s = new Sub(id, m.getChannel(), member, resync);
    subs.put(id, s);
    OptionalLong from = opt(m.getSubscribe().hasFromHeight(), m.getSubscribe().getFromHeight());
    start(s, from);
  }

  private void start(Sub s, OptionalLong from) {
    s.started = false;
    s.early = new ArrayList<>();
    s.lastHeight = from.isPresent() ? from.getAsLong() : -1;
    ChannelGateway.SubscriptionListener listener = new ChannelGateway.SubscriptionListener() {
      @Override
      public void onChange(ChannelGateway.VerifiedChange c) {
        onContext(() -> deliver(s, c));
      }

      @Override
      public void onEnd(StreamException reason) {
        onContext(() -> {
          if (s.cancelled || subs.get(s.id) != s) return;
          subs.remove(s.id);
          s.cancelled = true;
          sendError(s.id, reason);
        });
      }
    };
    on(shared.gateway.subscribe(s.channel, s.member, from, listener), ar -> {
      if (ar.failed()) {
        if (subs.get(s.id) == s) subs.remove(s.id);
        s.cancelled = true;
        sendError(s.id, ar.cause());
        return;
      }
      s.handle = ar.result();
      if (s.cancelled || closed) {
        s.handle.cancel();
        return;
      }
      ChannelGateway.ChannelSnapshot snap = s.handle.snapshot();
      if (snap != null) {
        s.lastHeight = snap.height();
        enqueue(ServerMessage.newBuilder().setId(s.id).setSnapshot(ProtoViews.snapshot(snap)).build(), s);
      }
      s.started = true;
      List<ChannelGateway.VerifiedChange> early = s.early;
      s.early = null;
      for (ChannelGateway.VerifiedChange c : early) deliver(s, c);
    });
  }

  private void deliver(Sub s, ChannelGateway.VerifiedChange c) {
    if (s.cancelled || s.resyncing || closed) return;
    if (!s.started) {
      if (s.early.size() >= shared.options.maxQueuedMessages) {
        // Bounded like the outbound queue: a start that lags this far is a slow consumer.
        if (s.resyncPolicy) resync(s);
        else cut();
        return;
      }
      s.early.add(c);
      return;
    }
    if (s.lastHeight >= 0 && c.height() <= s.lastHeight) return; // never a duplicate
    if (s.lastHeight >= 0 && c.height() != s.lastHeight + 1) {
      LOG.error("gateway skipped heights {}..{} on channel {}", s.lastHeight + 1, c.height() - 1, s.channel);
    }
    s.lastHeight = c.height();
    enqueue(ServerMessage.newBuilder().setId(s.id).setChange(ProtoViews.change(c)).build(), s);
  }

  private void cancel(Sub s) {
    s.cancelled = true;
    if (s.handle != null) s.handle.cancel();
  }

  // ------------------------------------------------------------------ outbound

  private void sendError(String id, Throwable t) {
    StreamException e = StreamException.of(t);
    if (!(t instanceof StreamException)) LOG.warn("gateway failure", t);
    shared.metrics.error(e.code());
    enqueue(ServerMessage.newBuilder().setId(id == null ? "" : id).setError(e.toProto()).build(), null);
  }

  private void enqueue(ServerMessage msg, Sub sub) {
    if (closed) return;
    if (pending.size() >= shared.options.maxQueuedMessages) {
      if (sub != null && sub.resyncPolicy) {
        resync(sub);
      } else {
        cut();
      }
      return;
    }
    pending.add(new Out(msg, sub));
    flush();
  }

  private void flush() {
    while (!closed && !pending.isEmpty() && !transport.writeQueueFull()) {
      shared.metrics.out(grpc);
      transport.write(pending.poll().msg());
    }
    if (!closed && pending.isEmpty()) restartResyncs();
  }

  /** RESYNC: drop the subscription's queued changes, tell the client, restart with a snapshot once drained. */
  private void resync(Sub s) {
    shared.metrics.slowConsumer(true);
    shared.metrics.error(StreamErrorCode.SLOW_CONSUMER);
    s.resyncing = true;
    if (s.handle != null) s.handle.cancel();
    s.handle = null;
    for (Iterator<Out> it = pending.iterator(); it.hasNext(); ) {
      if (it.next().sub() == s) it.remove();
    }
    StreamException e = new StreamException(StreamErrorCode.SLOW_CONSUMER,
        "fell behind: queued changes dropped, a fresh snapshot follows");
    if (pending.size() >= shared.options.maxQueuedMessages) {
      cut();
      return;
    }
    pending.add(new Out(ServerMessage.newBuilder().setId(s.id).setError(e.toProto()).build(), null));
    flush();
  }

  private void restartResyncs() {
    for (Sub s : List.copyOf(subs.values())) {
      if (s.resyncing && !s.cancelled) {
        s.resyncing = false;
        start(s, OptionalLong.empty());
      }
    }
  }

  /** CUT: tell the client (past the queue) and end the connection. */
  private void cut() {
    shared.metrics.slowConsumer(false);
    fatal(new StreamException(StreamErrorCode.SLOW_CONSUMER, "fell behind: connection cut, reconnect and resume"));
  }

  private void fatal(StreamException e) {
    if (closed) return;
    shared.metrics.error(e.code());
    shared.metrics.out(grpc);
    transport.write(ServerMessage.newBuilder().setId("").setError(e.toProto()).build());
    StreamErrorCode code = e.code();
    onClosed();
    transport.close(code);
  }

  private void checkIdle() {
    if (closed) return;
    if (System.nanoTime() - lastActivityNanos > shared.options.idleTimeoutMs * 1_000_000L) {
      fatal(new StreamException(StreamErrorCode.IDLE_TIMEOUT, "idle for " + shared.options.idleTimeoutMs + " ms"));
    }
  }

  /** The connection is gone: cancel everything. Idempotent. */
  void onClosed() {
    if (closed) return;
    closed = true;
    if (idleTimer >= 0) shared.vertx.cancelTimer(idleTimer);
    for (Sub s : subs.values()) cancel(s);
    subs.clear();
    pending.clear();
    shared.metrics.connections(grpc).decrementAndGet();
  }

  // ------------------------------------------------------------------ helpers

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == ctx) {
      r.run();
    } else {
      ctx.runOnContext(v -> r.run());
    }
  }

  private <T> void on(Future<T> f, Handler<AsyncResult<T>> h) {
    f.onComplete(ar -> onContext(() -> {
      if (!closed) h.handle(ar);
    }));
  }

  private static StreamException malformed(String why) {
    return new StreamException(StreamErrorCode.MALFORMED_REQUEST, why);
  }
}
