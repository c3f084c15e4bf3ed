package io.statecraft.verticle.chainwatch;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small in-memory settlement chain for tests: one block per accepted transaction, nonces
 * and signatures checked like the real chain, a switch that makes it unreachable, and a set
 * of channels whose heartbeats the "contract" refuses (consuming the nonce, as the chain does).
 */
final class FakeSettlementChain implements SettlementChain {
  static final String CHAIN_ID = "fake-chain";

  private final Map<String, Long> nonces = new HashMap<>();
  private final List<SignedTx> accepted = new ArrayList<>();
  private final List<ChainEvent> events = new ArrayList<>();
  private final List<Sub> subs = new ArrayList<>();
  private final Set<String> refusedChannels = new HashSet<>();
  private boolean reachable = true;
  private long height;

  private record Sub(Context ctx, Handler<ChainEvent> handler, long from, boolean[] cancelled) {}

  synchronized void setReachable(boolean reachable) {
    this.reachable = reachable;
  }

  synchronized void refuseHeartbeatsFor(String channelId) {
    refusedChannels.add(channelId);
  }

  /** Uses an account's nonce behind the watcher's back, as another client of the same key would. */
  synchronized void bumpNonce(String address) {
    nonces.merge(address, 1L, Long::sum);
  }

  synchronized List<SignedTx> accepted() {
    return List.copyOf(accepted);
  }

  /** Commits a block holding one event and delivers it to subscribers. */
  void emit(String type, String channelId) {
    ChainEvent ev;
    List<Sub> targets;
    synchronized (this) {
      height++;
      ev = new ChainEvent(height, 0, 0, type, channelId, new JsonObject().put("by", "test"));
      events.add(ev);
      targets = List.copyOf(subs);
    }
    for (Sub s : targets) {
      deliver(s, ev);
    }
  }

  private static void deliver(Sub s, ChainEvent ev) {
    if (ev.height() >= s.from()) {
      s.ctx().runOnContext(v -> {
        if (!s.cancelled()[0]) {
          s.handler().handle(ev);
        }
      });
    }
  }

  @Override
  public synchronized Future<ChainStatus> status() {
    if (!reachable) {
      return Future.failedFuture(new ConnectException("fake chain is down"));
    }
    return Future.succeededFuture(new ChainStatus(CHAIN_ID, height, System.currentTimeMillis()));
  }

  @Override
  public Future<TxReceipt> submit(SignedTx tx) {
    String channelId;
    synchronized (this) {
      if (!reachable) {
        return Future.failedFuture(new ConnectException("fake chain is down"));
      }
      if (!tx.verifySignature()) {
        return Future.failedFuture(new ChainException(ChainErrorCode.BAD_SIGNATURE, "bad signature"));
      }
      if (!CHAIN_ID.equals(tx.chainId())) {
        return Future.failedFuture(new ChainException(ChainErrorCode.WRONG_CHAIN, tx.chainId()));
      }
      long expected = nonces.getOrDefault(tx.sender(), 0L);
      if (tx.nonce() != expected) {
        return Future.failedFuture(new ChainException(ChainErrorCode.BAD_NONCE, "expected " + expected));
      }
      nonces.put(tx.sender(), expected + 1);
      channelId = tx.args().getString("channelId");
      if (refusedChannels.contains(channelId)) {
        return Future.failedFuture(new ChainException(ChainErrorCode.CHANNEL_NOT_FOUND, channelId));
      }
      accepted.add(tx);
    }
    emit(tx.kind(), channelId);
    long h;
    synchronized (this) {
      h = height;
    }
    return Future.succeededFuture(new TxReceipt(tx.hash(), h, 0, new JsonObject(), List.of()));
  }

  @Override
  public synchronized Future<AccountView> account(String address) {
    if (!reachable) {
      return Future.failedFuture(new ConnectException("fake chain is down"));
    }
    return Future.succeededFuture(AccountView.fromJson(new JsonObject().put("address", address)
        .put("nonce", nonces.getOrDefault(address, 0L))));
  }

  @Override
  public Future<ChannelView> channel(String channelId) {
    return Future.failedFuture(new ChainException(ChainErrorCode.CHANNEL_NOT_FOUND, channelId));
  }

  @Override
  public Future<Block> block(long height) {
    return Future.failedFuture(new ChainException(ChainErrorCode.BLOCK_NOT_FOUND, "h" + height));
  }

  @Override
  public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      throw new IllegalStateException("subscribe from a Vert.x context");
    }
    boolean[] cancelled = {false};
    Sub sub = new Sub(ctx, handler, fromHeight, cancelled);
    List<ChainEvent> past;
    synchronized (this) {
      past = List.copyOf(events);
      subs.add(sub);
    }
    past.forEach(ev -> deliver(sub, ev));
    return new ChainSubscription() {
      @Override
      public long deliveredHeight() {
        return fromHeight - 1;
      }

      @Override
      public Future<Void> cancel() {
        cancelled[0] = true;
        synchronized (FakeSettlementChain.this) {
          subs.remove(sub);
        }
        return Future.succeededFuture();
      }
    };
  }
}
