package io.statecraft.verticle.stream;

/** A token bucket: {@code rate} tokens a second up to {@code burst}. Not thread-safe. */
final class TokenBucket {
  private final double rate;
  private final double burst;
  private double tokens;
  private long lastNanos;

  TokenBucket(double rate, double burst, long nowNanos) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  boolean tryTake(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * rate / 1e9);
      lastNanos = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
