package io.statecraft.chain.devchain;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** The wall clock, with a daemon timer thread for the block beat. */
public final class SystemClock implements ChainClock {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "devchain-clock");
    t.setDaemon(true);
    return t;
  });

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Ticker every(long intervalMillis, LongConsumer tick) {
    ScheduledFuture<?> f = TIMER.scheduleAtFixedRate(() -> tick.accept(nowMillis()), intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }
}
