package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.devchain.DevChain;
import io.statecraft.chain.devchain.ManualClock;
import io.statecraft.chain.rpc.DevControl;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The dev controls of a {@link DevChain}: produce a block now; move a manual clock. */
public final class DevChainControl implements DevControl {
  private final DevChain chain;

  public DevChainControl(DevChain chain) {
    this.chain = chain;
  }

  @Override
  public Future<JsonObject> produceBlock() {
    return chain.produceBlock().map(Block::toJson);
  }

  @Override
  public Future<JsonObject> advanceTime(long millis) {
    if (!(chain.options().clock() instanceof ManualClock clock)) {
      return Future.failedFuture(new IllegalStateException("the devchain runs on the system clock"));
    }
    // Advancing fires the block beat for every interval passed; those ticks only queue work
    // on the chain thread, so this is quick enough for the event loop.
    clock.advance(millis);
    return chain.status().map(ChainStatus::toJson);
  }

  @Override
  public boolean canAdvanceTime() {
    return chain.options().clock() instanceof ManualClock;
  }
}
