package io.statecraft.chain.devchain;

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
import io.statecraft.chain.devchain.impl.ChainCore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded settlement chain (SPEC §3): a persistent single-process chain that runs the
 * channel contract, in process.
 *
 * <p>Threading: the whole state machine ({@link ChainCore}) lives on one dedicated thread,
 * the chain thread; every call is a task queued to it, and fsync happens there too, never on
 * an event loop. Futures complete, and subscription handlers run, on the caller's Vert.x
 * context. A transaction's future completes only after its block is forced to disk.
 */
public final class DevChain implements SettlementChain {
  private static final Logger LOG = LoggerFactory.getLogger(DevChain.class);
  /** Blocks a subscriber catching up reads per chain-thread task, so live work interleaves. */
  private static final int CATCH_UP_BATCH = 128;

  private final Vertx vertx;
  private final DevChainOptions options;
  private final ExecutorService thread;
  private final List<Sub> subs = new ArrayList<>();
  private ChainCore<Ticket> core;
  private ChainClock.Ticker ticker;
  private volatile boolean closed;

  /** A waiting submitter: where to complete, and what. */
  private record Ticket(Context ctx, Promise<TxReceipt> promise) {}

  private DevChain(Vertx vertx, DevChainOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "devchain-" + options.chainId());
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens (or creates) a devchain in {@code options.dataDir()}, replaying its log; starts the block beat. */
  public static Future<DevChain> open(Vertx vertx, DevChainOptions options) {
    DevChain chain = new DevChain(vertx, options);
    return chain.call(() -> {
      chain.core = ChainCore.open(options);
      return chain;
    }).onSuccess(c -> c.startBeat()).onFailure(e -> chain.thread.shutdown());
  }

  private void startBeat() {
    if (options.blockIntervalMillis() <= 0) return;
    ticker = options.clock().every(options.blockIntervalMillis(), time -> {
      // Every beat makes its block, stamped with the beat's own time, even if the chain
      // thread is behind: chain time then stays true to the clock.
      if (closed) return;
      try {
        thread.execute(() -> {
          try {
            if (!closed) produce(time);
          } catch (RuntimeException e) {
            LOG.error("block production failed", e);
          }
        });
      } catch (RejectedExecutionException e) {
        // closing
      }
    });
  }

  public String chainId() {
    return options.chainId();
  }

  public DevChainOptions options() {
    return options;
  }

  /** Makes a block now (at the clock's time) with whatever is waiting; tests drive the chain with it. */
  public Future<Block> produceBlock() {
    return call(() -> produce(options.clock().nowMillis()));
  }

  /** The state root after the head block. */
  public Future<String> stateRoot() {
    return call(() -> core.stateRoot());
  }

  /** Bytes of a torn tail cut off the block log when this chain was opened (0 after a clean stop). */
  public Future<Long> truncatedBytesAtOpen() {
    return call(() -> core.truncatedBytesAtOpen());
  }

  // Runs on the chain thread.
  private Block produce(long time) {
    ChainCore.Produced<Ticket> p = core.produceBlock(time);
    for (ChainCore.Settled<Ticket> s : p.settled()) {
      Ticket t = s.ticket();
      if (s.error() != null) {
        t.ctx().runOnContext(v -> t.promise().fail(s.error()));
      } else {
        t.ctx().runOnContext(v -> t.promise().complete(s.receipt()));
      }
    }
    Block block = p.block();
    for (Sub sub : new ArrayList<>(subs)) {
      if (sub.cancelled) {
        subs.remove(sub);
      } else if (sub.nextHeight == block.height()) {
        sub.deliver(block);
      }
    }
    return block;
  }

  @Override
  public Future<ChainStatus> status() {
    return call(() -> core.status());
  }

  @Override
  public Future<TxReceipt> submit(SignedTx tx) {
    Context ctx = vertx.getOrCreateContext();
    Promise<TxReceipt> promise = Promise.promise();
    Ticket ticket = new Ticket(ctx, promise);
    try {
      thread.execute(() -> {
        try {
          core.admit(tx, ticket);
        } catch (RuntimeException e) {
          ctx.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new ChainException(ChainErrorCode.CHAIN_HALTED, "the chain is closed"));
    }
    return promise.future();
  }

  @Override
  public Future<AccountView> account(String address) {
    return call(() -> core.account(address));
  }

  @Override
  public Future<ChannelView> channel(String channelId) {
    return call(() -> core.channel(channelId));
  }

  @Override
  public Future<Block> block(long height) {
    return call(() -> core.block(height));
  }

  @Override
  public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    Sub sub = new Sub(vertx.getOrCreateContext(), handler, Math.max(0, fromHeight));
    try {
      thread.execute(() -> {
        subs.add(sub);
        catchUp(sub);
      });
    } catch (RejectedExecutionException e) {
      sub.cancelled = true;
    }
    return sub;
  }

  // Runs on the chain thread: replays committed blocks to a subscriber in batches; blocks
  // committed meanwhile are picked up here too, since produce() skips a subscriber that is
  // behind, so every block reaches it once and in order.
  private void catchUp(Sub sub) {
    if (sub.cancelled || closed) return;
    long head = core.head().height();
    int n = 0;
    while (sub.nextHeight <= head && n++ < CATCH_UP_BATCH) {
      sub.deliver(core.block(sub.nextHeight));
    }
    if (sub.nextHeight <= head) thread.execute(() -> catchUp(sub));
  }

  private final class Sub implements ChainSubscription {
    final Context ctx;
    final Handler<ChainEvent> handler;
    /** Next block height to hand over; chain thread only. */
    long nextHeight;
    volatile long delivered;
    volatile boolean cancelled;

    Sub(Context ctx, Handler<ChainEvent> handler, long fromHeight) {
      this.ctx = ctx;
      this.handler = handler;
      this.nextHeight = fromHeight;
      this.delivered = fromHeight - 1;
    }

    void deliver(Block block) {
      nextHeight = block.height() + 1;
      List<ChainEvent> events = block.events();
      ctx.runOnContext(v -> {
        if (cancelled) return;
        for (ChainEvent e : events) {
          try {
            handler.handle(e);
          } catch (RuntimeException ex) {
            LOG.warn("chain event handler failed on {}", e.type(), ex);
          }
        }
        delivered = block.height();
      });
    }

    @Override
    public long deliveredHeight() {
      return delivered;
    }

    @Override
    public Future<Void> cancel() {
      cancelled = true;
      try {
        thread.execute(() -> subs.remove(this));
      } catch (RejectedExecutionException ignored) {
        // closed: nothing left to remove from
      }
      return Future.succeededFuture();
    }
  }

  /**
   * Stops the beat, refuses waiting transactions, writes a final snapshot and closes the
   * log. The data directory can then be opened again.
   */
  public Future<Void> close() {
    if (closed) return Future.succeededFuture();
    closed = true;
    if (ticker != null) ticker.close();
    Future<Void> f = call(() -> {
      for (Ticket t : core.drainMempool()) {
        t.ctx().runOnContext(v -> t.promise().fail(new ChainException(ChainErrorCode.CHAIN_HALTED, "the chain closed")));
      }
      subs.clear();
      core.close();
      return null;
    });
    return f.andThen(ar -> thread.shutdown());
  }

  /** Runs a task on the chain thread and completes on the caller's context. */
  private <R> Future<R> call(Callable<R> task) {
    Context ctx = vertx.getOrCreateContext();
    Promise<R> promise = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          R r = task.call();
          ctx.runOnContext(v -> promise.complete(r));
        } catch (Throwable e) {
          ctx.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new ChainException(ChainErrorCode.CHAIN_HALTED, "the chain is closed"));
    }
    return promise.future();
  }
}
