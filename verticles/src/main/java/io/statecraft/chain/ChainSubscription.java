package io.statecraft.chain;

import io.vertx.core.Future;

/** A live event subscription; cancelling it stops delivery. */
public interface ChainSubscription {
  /** The height of the last block whose events were all delivered, or fromHeight-1. */
  long deliveredHeight();

  Future<Void> cancel();
}
