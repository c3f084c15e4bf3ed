package io.statecraft.chain;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * What a node needs of a settlement chain (SPEC §1, §3). The embedded devchain implements it
 * in process; the JSON-RPC client implements it for a devchain in another process; real
 * chains (Rooch, Sui, Aptos) plug in behind the same interface.
 *
 * <p>Every method is asynchronous and never blocks the caller's event loop. A refused call
 * fails its future with a {@link ChainException} carrying a documented {@link ChainErrorCode}.
 */
public interface SettlementChain {

  /** Chain id, head height and chain time (the timestamp of the head block). */
  Future<ChainStatus> status();

  /**
   * Submits a signed transaction and completes once it is committed in a block: with its
   * receipt, or failed with a {@link ChainException} if the chain refused it (bad signature,
   * bad nonce, or the contract's own rule, with that rule's code).
   */
  Future<TxReceipt> submit(SignedTx tx);

  /** An account's balances, assets and next nonce; an empty account if it never appeared. */
  Future<AccountView> account(String address);

  /** A channel's full on-chain state; fails with {@code CHANNEL_NOT_FOUND} if none. */
  Future<ChannelView> channel(String channelId);

  /** A committed block with its transactions' receipts; fails with {@code BLOCK_NOT_FOUND}. */
  Future<Block> block(long height);

  /**
   * Delivers every event of every block from {@code fromHeight} on, in order and exactly
   * once per subscription: first the committed past, then new blocks as they commit. The
   * handler runs on the subscriber's context.
   */
  ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler);
}
