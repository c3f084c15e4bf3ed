package io.statecraft.channel.impl;

import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * Submits one member's chain transactions one at a time, so heartbeats, leader applications,
 * proposals and votes of all its channels share one nonce sequence without gaps. After any
 * failure the next transaction re-reads the account nonce from the chain. Confined to the
 * node's context. At most {@code maxQueued} transactions wait.
 */
public final class ChainTxSender {
  private final SettlementChain chain;
  private final Ed25519.KeyPair key;
  private final String address;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final int maxQueued;
  private String chainId;
  private long nonce = -1;
  private boolean busy;

  public ChainTxSender(SettlementChain chain, Ed25519.KeyPair key, int maxQueued) {
    this.chain = chain;
    this.key = key;
    this.address = SignedTx.addressOf(key.publicKey());
    this.maxQueued = maxQueued;
  }

  public String address() {
    return address;
  }

  public Future<TxReceipt> submit(String kind, JsonObject args) {
    if (queue.size() >= maxQueued) return Future.failedFuture(new IllegalStateException("chain tx queue full"));
    Promise<TxReceipt> p = Promise.promise();
    queue.add(() -> run(kind, args, p, 3));
    if (!busy) next();
    return p.future();
  }

  private void next() {
    Runnable r = queue.poll();
    busy = r != null;
    if (r != null) r.run();
  }

  private void run(String kind, JsonObject args, Promise<TxReceipt> p, int attempts) {
    Future<Void> ready = Future.succeededFuture();
    if (chainId == null) ready = chain.status().map(s -> {
      chainId = s.chainId();
      return null;
    });
    if (nonce < 0) ready = ready.compose(v -> chain.account(address)).map(a -> {
      nonce = a.nonce();
      return null;
    });
    ready.compose(v -> chain.submit(SignedTx.sign(key, chainId, nonce, kind, args))).onComplete(ar -> {
      if (ar.succeeded()) {
        nonce++;
      } else {
        nonce = -1;
        // Another writer of this account (e.g. a heartbeat watcher) took the nonce: retry afresh.
        if (attempts > 1 && ar.cause() instanceof io.statecraft.chain.ChainException ce
            && ce.code() == io.statecraft.chain.ChainErrorCode.BAD_NONCE) {
          run(kind, args, p, attempts - 1);
          return;
        }
      }
      p.handle(ar);
      next();
    });
  }
}
