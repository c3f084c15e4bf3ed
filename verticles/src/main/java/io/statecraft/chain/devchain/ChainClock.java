package io.statecraft.chain.devchain;

import java.util.function.LongConsumer;

/**
 * Where the devchain gets its time and its block beat. Chain time is the block timestamps,
 * taken from this clock when a block is made; the contract reads only block time. Production
 * uses {@link SystemClock}; tests use {@link ManualClock} and move time by hand.
 */
public interface ChainClock {
  /** Milliseconds since the epoch. */
  long nowMillis();

  /**
   * Calls {@code tick} with the tick's time every {@code intervalMillis} until the returned
   * handle is closed. The tick must return quickly (the devchain only queues a block).
   */
  Ticker every(long intervalMillis, LongConsumer tick);

  /** A running periodic tick. */
  interface Ticker extends AutoCloseable {
    @Override
    void close();
  }
}
