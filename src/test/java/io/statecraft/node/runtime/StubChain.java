package io.statecraft.node.runtime;

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
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.net.ConnectException;

/** A chain that answers status (or is down) and nothing else: enough for readiness tests. */
final class StubChain implements SettlementChain {
  volatile boolean up = true;

  @Override
  public Future<ChainStatus> status() {
    return up ? Future.succeededFuture(new ChainStatus("stub", 0, 0)) : Future.failedFuture(new ConnectException("stub chain is down"));
  }

  @Override
  public Future<TxReceipt> submit(SignedTx tx) {
    return Future.failedFuture(new ChainException(ChainErrorCode.CHANNEL_NOT_FOUND, "stub"));
  }

  @Override
  public Future<AccountView> account(String address) {
    return Future.succeededFuture(AccountView.empty(address));
  }

  @Override
  public Future<ChannelView> channel(String channelId) {
    return Future.failedFuture(new ChainException(ChainErrorCode.CHANNEL_NOT_FOUND, channelId));
  }

  @Override
  public Future<Block> block(long height) {
    return Future.failedFuture(new ChainException(ChainErrorCode.BLOCK_NOT_FOUND, "stub"));
  }

  @Override
  public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    return new ChainSubscription() {
      @Override
      public long deliveredHeight() {
        return fromHeight - 1;
      }

      @Override
      public Future<Void> cancel() {
        return Future.succeededFuture();
      }
    };
  }
}
