package io.statecraft.verticle.chainwatch.impl;

import java.time.Duration;

/** Exponential backoff: initial, doubling on each failure, capped; reset on success. */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(Duration initial, Duration max) {
    this.initialMs = Math.max(1, initial.toMillis());
    this.maxMs = Math.max(initialMs, max.toMillis());
    this.nextMs = initialMs;
  }

  /** The delay before the next attempt after a failure; doubles the one after it. */
  public long nextDelayMs() {
    long d = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return d;
  }

  public void reset() {
    nextMs = initialMs;
  }
}
