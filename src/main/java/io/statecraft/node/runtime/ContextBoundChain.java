package io.statecraft.node.runtime;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A chain that lives on another Vert.x instance (the embedded devchain runs on its own, like a
 * separate process would), seen from a node's Vert.x: every future completes, and every event
 * is handled, back on the calling verticle's context. Without this, a node verticle's
 * callbacks would run on the devchain's event loop and race with the verticle's own timers.
 */
final class ContextBoundChain implements SettlementChain {
  private final SettlementChain chain;
  private final Vertx vertx;

  ContextBoundChain(SettlementChain chain, Vertx nodeVertx) {
    this.chain = chain;
    this.vertx = nodeVertx;
  }

  private <T> Future<T> back(Future<T> f) {
    Context ctx = vertx.getOrCreateContext();
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> ctx.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  @Override
  public Future<ChainStatus> status() {
    return back(chain.status());
  }

  @Override
  public Future<TxReceipt> submit(SignedTx tx) {
    return back(chain.submit(tx));
  }

  @Override
  public Future<AccountView> account(String address) {
    return back(chain.account(address));
  }

  @Override
  public Future<ChannelView> channel(String channelId) {
    return back(chain.channel(channelId));
  }

  @Override
  public Future<Block> block(long height) {
    return back(chain.block(height));
  }

  @Override
  public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    Context ctx = vertx.getOrCreateContext();
    // Events arrive in order on one devchain context; runOnContext keeps that order here.
    return chain.subscribe(fromHeight, ev -> ctx.runOnContext(v -> handler.handle(ev)));
  }
}
