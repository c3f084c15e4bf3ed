package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.SettlementChain;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed events block by block, for polling clients ({@code chain_events}) and for a
 * WebSocket subscription's replay, which must go at the pace the subscriber reads rather than
 * at the pace the chain can push.
 */
public final class EventReader {
  /** Events of whole blocks {@code [fromHeight, nextHeight)}; {@code head} is the chain head. */
  public record Page(List<ChainEvent> events, long nextHeight, long head) {}

  private final SettlementChain chain;

  public EventReader(SettlementChain chain) {
    this.chain = chain;
  }

  /** The events of one committed block, in the order the chain delivers them. */
  public static List<ChainEvent> eventsOf(Block block) {
    return block.events();
  }

  /**
   * Reads whole blocks from {@code fromHeight} until the head, {@code maxBlocks} blocks, or at
   * least {@code limit} events. Whole blocks only, so a page boundary is always a height and a
   * client resumes with {@code nextHeight}; a single block with more than {@code limit} events
   * still comes whole, so every call makes progress.
   */
  public Future<Page> read(long fromHeight, int limit, int maxBlocks) {
    return chain.status().compose(status -> {
      Promise<Page> done = Promise.promise();
      List<ChainEvent> events = new ArrayList<>();
      next(fromHeight, fromHeight, status.height(), limit, maxBlocks, events, done);
      return done.future();
    });
  }

  private void next(long from, long h, long head, int limit, int maxBlocks, List<ChainEvent> events, Promise<Page> done) {
    if (h > head || events.size() >= limit || h - from >= maxBlocks) {
      done.complete(new Page(events, h, head));
      return;
    }
    chain.block(h).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else {
        events.addAll(eventsOf(ar.result()));
        next(from, h + 1, head, limit, maxBlocks, events, done);
      }
    });
  }
}
