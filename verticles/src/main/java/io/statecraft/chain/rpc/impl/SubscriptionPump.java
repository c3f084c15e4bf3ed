package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SettlementChain;
import io.vertx.core.Context;

/**
 * Feeds one WebSocket subscription: first the committed past, read block by block only while
 * the socket is writable (so a subscriber starting from height 0 on a long chain costs no
 * memory), then, once caught up with the head, a live chain subscription from the next
 * height, which the chain delivers in order and exactly once.
 */
final class SubscriptionPump {
  private final String id;
  private final SettlementChain chain;
  private final WebSocketSession session;
  private final Context context;
  private long nextHeight;
  private long knownHead = -1;
  private boolean cancelled;
  private ChainSubscription live;

  SubscriptionPump(String id, long fromHeight, SettlementChain chain, WebSocketSession session, Context context) {
    this.id = id;
    this.nextHeight = fromHeight;
    this.chain = chain;
    this.session = session;
    this.context = context;
  }

  String id() {
    return id;
  }

  void start() {
    replayStep();
  }

  void cancel() {
    cancelled = true;
    if (live != null) {
      live.cancel();
      live = null;
    }
  }

  private void replayStep() {
    if (cancelled) return;
    if (session.notificationsBlocked()) {
      session.whenDrained(this::replayStep);
      return;
    }
    if (nextHeight <= knownHead) {
      long h = nextHeight;
      chain.block(h).onComplete(ar -> {
        if (cancelled) return;
        if (ar.failed()) {
          // A chain whose first block is 1 has no block 0: nothing to replay there.
          if (!(ar.cause() instanceof ChainException ce && ce.code() == ChainErrorCode.BLOCK_NOT_FOUND)) {
            session.subscriptionFailed(this, ar.cause());
            return;
          }
        } else {
          EventReader.eventsOf(ar.result()).forEach(ev -> session.replay(id, ev));
        }
        nextHeight = h + 1;
        // Through the context, not a direct call: blocks read from memory complete at once and
        // a long replay would otherwise recurse without bound.
        context.runOnContext(v -> replayStep());
      });
      return;
    }
    chain.status().onComplete(ar -> {
      if (cancelled) return;
      if (ar.failed()) {
        session.subscriptionFailed(this, ar.cause());
      } else if (ar.result().height() >= nextHeight) {
        knownHead = ar.result().height();
        replayStep();
      } else {
        // Caught up. Blocks committed since the status read are replayed by the chain itself.
        live = chain.subscribe(nextHeight, ev -> {
          if (!cancelled) session.notify(id, ev);
        });
      }
    });
  }
}
