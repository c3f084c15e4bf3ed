package io.statecraft.verticle.stream;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.AbortInfo;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryHeader;
import io.statecraft.codec.channel.Event;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.channel.TypeTag;
import io.statecraft.codec.channel.WriteOp;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory channel core that behaves like a real one as the stream layer sees it: channels
 * with members, a log of heights with Leader-signed entries, a verified change stream in order,
 * replay from a height, pruned history, frozen channels, an unreachable Leader, per-member call
 * nonces, and a tiny built-in contract:
 *
 * <ul>
 *   <li>{@code 0x1::counter::incr(u64 by)}: adds {@code by} to the sender's {@code 0x1::counter::Counter};
 *   <li>{@code 0x1::counter::fail(u64 code)}: aborts with {@code code} in {@code 0x1::counter};
 *   <li>{@code 0x1::counter::spin()}: runs out of gas.
 * </ul>
 *
 * <p>Calls are sequenced (accepted) at once, executed and verified on the next event-loop turn;
 * settlement happens when {@link #settle} is called, or at once with {@link #autoSettle}.
 * Thread-safe; subscription callbacks run on the subscriber's context in height order.
 */
final class FakeChannelGateway implements ChannelGateway {
  static final StructTag COUNTER = StructTag.parseStruct("0x1::counter::Counter");
  static final TypeTag INCR_EVENT = StructTag.parseStruct("0x1::counter::Incremented");

  private final Vertx vertx;
  private final Ed25519.KeyPair leader = Ed25519.fromSeed(new byte[32]);
  private final Map<String, Chan> channels = new HashMap<>();
  volatile boolean autoSettle = true;
  /** Every context a subscription was made from (for {@link #delivered}). */
  private final Set<Context> contexts = new HashSet<>();

  FakeChannelGateway(Vertx vertx) {
    this.vertx = vertx;
  }

  private final class Chan {
    final String id;
    final Set<Address> members = new HashSet<>();
    final TreeMap<String, ResourceValue> state = new TreeMap<>();
    /** Entries by height; heights below prunedBelow are gone. */
    final TreeMap<Long, Entry> log = new TreeMap<>();
    final Map<Long, ChannelSnapshot> snapshots = new HashMap<>();
    final Map<Address, Set<Long>> usedNonces = new HashMap<>();
    final List<Sub> subs = new CopyOnWriteArrayList<>();
    final List<Runnable> unsettled = new ArrayList<>();
    long height;
    long prunedBelow = 1;
    Hash32 lastHash = Hash32.ZERO;
    boolean frozen;
    boolean leaderDown;
    boolean closed;

    Chan(String id) {
      this.id = id;
      snapshots.put(0L, snapshotNow());
    }

    ChannelSnapshot snapshotNow() {
      return new ChannelSnapshot(height, root(), List.copyOf(state.values()));
    }

    Hash32 root() {
      List<byte[]> parts = new ArrayList<>();
      for (ResourceValue v : state.values()) {
        parts.add(v.address().toByteArray());
        parts.add(v.type().bcsBytes());
        parts.add(v.value().toByteArray());
      }
      return Hash32.sha256(parts.toArray(new byte[0][]));
    }

    /** Appends a verified entry and streams its change. Caller holds the gateway lock. */
    Entry append(Transaction tx, Effects effects) {
      height++;
      if (!effects.aborted()) {
        for (WriteOp w : effects.writeSet()) {
          String key = w.address().toHex() + "/" + w.type();
          if (w.isDeletion()) state.remove(key);
          else state.put(key, new ResourceValue(w.address(), w.type(), w.value()));
        }
      }
      Hash32 root = root();
      Entry e = Entry.sign(new EntryHeader(id, height, lastHash, 1, 1_700_000_000_000L + height), tx, effects, root, leader);
      lastHash = e.entryHash();
      log.put(height, e);
      snapshots.put(height, snapshotNow());
      VerifiedChange c = new VerifiedChange(height, ProtoViews.kind(tx), e.txHash(), root, effects);
      for (Sub s : subs) s.push(c);
      return e;
    }
  }

  private static final class Sub implements ChannelSubscription {
    final Chan chan;
    final Context ctx;
    final SubscriptionListener listener;
    final Address member;
    final ChannelSnapshot snapshot;
    volatile boolean cancelled;

    Sub(Chan chan, Context ctx, SubscriptionListener listener, Address member, ChannelSnapshot snapshot) {
      this.chan = chan;
      this.ctx = ctx;
      this.listener = listener;
      this.member = member;
      this.snapshot = snapshot;
    }

    void push(VerifiedChange c) {
      ctx.runOnContext(v -> {
        if (!cancelled) listener.onChange(c);
      });
    }

    void end(StreamException reason) {
      ctx.runOnContext(v -> {
        if (!cancelled) {
          cancelled = true;
          listener.onEnd(reason);
        }
      });
    }

    @Override
    public ChannelSnapshot snapshot() {
      return snapshot;
    }

    @Override
    public void cancel() {
      cancelled = true;
      chan.subs.remove(this);
    }
  }

  // ------------------------------------------------------------------ test controls

  synchronized void createChannel(String id, Address... members) {
    Chan c = new Chan(id);
    c.members.addAll(List.of(members));
    channels.put(id, c);
  }

  synchronized void addMember(String channel, Address member) {
    channels.get(channel).members.add(member);
  }

  /** A tick entry writing a {@code payloadBytes}-byte value under 0x1: a verified change for every subscriber. */
  synchronized long tick(String channel, int payloadBytes) {
    Chan c = channels.get(channel);
    byte[] v = new byte[payloadBytes];
    ByteBuffer.wrap(v, 0, Math.min(8, payloadBytes)).order(ByteOrder.LITTLE_ENDIAN).putLong(0, c.height + 1);
    Effects eff = new Effects(List.of(WriteOp.put(Address.ofShort(1), StructTag.parseStruct("0x1::clock::Tick"), Blob.of(v))),
        List.of(), 1, null);
    return c.append(new Transaction.Tick(c.height + 1, 1_000 * (c.height + 1)), eff).height();
  }

  synchronized void prune(String channel, long belowHeight) {
    Chan c = channels.get(channel);
    c.prunedBelow = belowHeight;
    c.log.headMap(belowHeight).clear();
    c.snapshots.keySet().removeIf(h -> h < belowHeight - 1);
  }

  synchronized void freeze(String channel, boolean frozen) {
    channels.get(channel).frozen = frozen;
  }

  synchronized void leaderDown(String channel, boolean down) {
    channels.get(channel).leaderDown = down;
  }

  synchronized long height(String channel) {
    return channels.get(channel).height;
  }

  /** Settles every accepted call of the channel so far. */
  void settle(String channel) {
    List<Runnable> r;
    synchronized (this) {
      Chan c = channels.get(channel);
      r = List.copyOf(c.unsettled);
      c.unsettled.clear();
    }
    r.forEach(Runnable::run);
  }

  /** Completes once every subscriber's context has run the changes pushed so far. */
  Future<Void> delivered(String channel) {
    List<Future<Void>> all = new ArrayList<>();
    synchronized (this) {
      for (Context ctx : contexts) {
        Promise<Void> p = Promise.promise();
        ctx.runOnContext(v -> p.complete());
        all.add(p.future());
      }
    }
    return Future.all(all).mapEmpty();
  }

  synchronized int subscriberCount(String channel) {
    return channels.get(channel).subs.size();
  }

  // ------------------------------------------------------------------ the gateway

  private Chan chan(String id) {
    Chan c = channels.get(id);
    if (c == null || c.closed) throw new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, "channel does not exist");
    return c;
  }

  private Chan memberChan(String id, Address member) {
    Chan c = chan(id);
    if (!c.members.contains(member)) throw new StreamException(StreamErrorCode.NOT_A_MEMBER, "not a member");
    return c;
  }

  private static <T> Future<T> attempt(java.util.function.Supplier<T> s) {
    try {
      return Future.succeededFuture(s.get());
    } catch (StreamException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public synchronized Future<Void> checkMember(String channelId, Address member) {
    return attempt(() -> {
      memberChan(channelId, member);
      return null;
    });
  }

  @Override
  public synchronized Future<ChannelSnapshot> join(String channelId, Address member) {
    return attempt(() -> memberChan(channelId, member).snapshotNow());
  }

  @Override
  public synchronized Future<CallProgress> call(String channelId, Transaction.Call call, ConfirmationLevel upTo) {
    return attempt(() -> {
      Chan c = memberChan(channelId, call.sender());
      if (!call.verifySignature(channelId)) throw new StreamException(StreamErrorCode.BAD_SIGNATURE, "call signature");
      if (c.frozen) throw new StreamException(StreamErrorCode.CHANNEL_FROZEN, "channel frozen");
      if (c.leaderDown) throw new StreamException(StreamErrorCode.LEADER_UNREACHABLE, "leader unreachable");
      if (!c.usedNonces.computeIfAbsent(call.sender(), k -> new HashSet<>()).add(call.nonce())) {
        throw new StreamException(StreamErrorCode.REPLAYED_NONCE, "call nonce already in the log");
      }
      Effects eff = execute(call);
      Entry e = c.append(call, eff);
      Promise<Effects> executed = Promise.promise();
      Promise<Hash32> verified = Promise.promise();
      Promise<Long> settled = Promise.promise();
      // Executed and verified on later turns, as a real Leader and its Followers would report.
      vertx.runOnContext(v -> {
        executed.complete(eff);
        vertx.runOnContext(v2 -> verified.complete(e.stateRoot()));
      });
      long h = e.height();
      c.unsettled.add(() -> settled.complete(h));
      if (autoSettle) vertx.runOnContext(v -> settle(channelId));
      return new CallProgress() {
        public long height() {
          return h;
        }

        public Hash32 txHash() {
          return e.txHash();
        }

        public Future<Effects> executed() {
          return executed.future();
        }

        public Future<Hash32> verified() {
          return verified.future();
        }

        public Future<Long> settled() {
          return settled.future();
        }
      };
    });
  }

  private Effects execute(Transaction.Call call) {
    var f = call.call().function();
    if (!f.address().equals(Address.ofShort(1)) || !f.module().equals("counter")) {
      return new Effects(List.of(), List.of(), 1, new AbortInfo(1, 0, null));
    }
    long arg = call.call().args().isEmpty() ? 0
        : ByteBuffer.wrap(call.call().args().get(0).toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    switch (f.function()) {
      case "incr": {
        Chan c = channels.values().stream().filter(ch -> ch.members.contains(call.sender())).findFirst().orElseThrow();
        ResourceValue old = c.state.get(call.sender().toHex() + "/" + COUNTER);
        long prev = old == null ? 0 : ByteBuffer.wrap(old.value().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] nv = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(prev + arg).array();
        return new Effects(List.of(WriteOp.put(call.sender(), COUNTER, Blob.of(nv))),
            List.of(new Event(INCR_EVENT, Blob.of(nv))), 7, null);
      }
      case "fail":
        return new Effects(List.of(), List.of(), 3,
            new AbortInfo(4016, arg, new AbortInfo.Location(Address.ofShort(1), "counter", "fail", 2)));
      case "spin":
        return new Effects(List.of(), List.of(), 1_000_000, new AbortInfo(ProtoViews.STATUS_OUT_OF_GAS, 0, null));
      default:
        return new Effects(List.of(), List.of(), 1, new AbortInfo(4016, 1, null));
    }
  }

  @Override
  public synchronized Future<ChannelSubscription> subscribe(String channelId, Address member, OptionalLong afterHeight,
      SubscriptionListener listener) {
    return attempt(() -> {
      Chan c = memberChan(channelId, member);
      Context ctx = Vertx.currentContext();
      if (ctx == null) throw new IllegalStateException("subscribe from a Vert.x context");
      contexts.add(ctx);
      if (afterHeight.isEmpty()) {
        Sub s = new Sub(c, ctx, listener, member, c.snapshotNow());
        c.subs.add(s);
        return s;
      }
      long h = afterHeight.getAsLong();
      if (h > c.height) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "height " + h + " not reached");
      if (h + 1 < c.prunedBelow) throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "height " + (h + 1) + " pruned");
      Sub s = new Sub(c, ctx, listener, member, null);
      for (Entry e : c.log.tailMap(h + 1).values()) {
        s.push(new VerifiedChange(e.height(), ProtoViews.kind(e.tx()), e.txHash(), e.stateRoot(), e.effects()));
      }
      c.subs.add(s);
      return s;
    });
  }

  @Override
  public synchronized Future<ChannelSnapshot> state(String channelId, OptionalLong height) {
    return attempt(() -> {
      Chan c = chan(channelId);
      if (height.isEmpty()) return c.snapshotNow();
      long h = height.getAsLong();
      if (h > c.height) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "not reached");
      ChannelSnapshot s = c.snapshots.get(h);
      if (s == null) throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "pruned");
      return s;
    });
  }

  @Override
  public synchronized Future<Entry> entry(String channelId, long height) {
    return attempt(() -> {
      Chan c = chan(channelId);
      if (height > c.height || height < 1) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "not reached");
      Entry e = c.log.get(height);
      if (e == null) throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "pruned");
      return e;
    });
  }

  @Override
  public synchronized Future<MemberResources> resources(String channelId, Address address, OptionalLong height) {
    return state(channelId, height).map(s -> new MemberResources(address, s.height(),
        s.resources().stream().filter(r -> r.address().equals(address)).toList()));
  }

  @Override
  public synchronized Future<Long> leave(String channelId, Address member) {
    return attempt(() -> {
      Chan c = memberChan(channelId, member);
      long h = c.append(new Transaction.Leave(member), Effects.NONE).height();
      c.members.remove(member);
      for (Sub s : c.subs) {
        if (s.member.equals(member)) {
          c.subs.remove(s);
          s.end(new StreamException(StreamErrorCode.NOT_A_MEMBER, "member left the channel"));
        }
      }
      return h;
    });
  }

  @Override
  public synchronized Future<Long> close(String channelId, Address member) {
    return attempt(() -> {
      Chan c = memberChan(channelId, member);
      long h = c.append(new Transaction.Close(), Effects.NONE).height();
      c.closed = true;
      for (Sub s : c.subs) s.end(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, "channel closed"));
      c.subs.clear();
      return h;
    });
  }
}
