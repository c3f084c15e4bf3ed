package io.statecraft.chain.devchain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A clock for tests: time moves only when told. {@link #advance} fires every periodic tick
 * whose time it passes, each with its own time, so a test that advances 3 s on a 1 s beat
 * gets three blocks stamped 1 s apart, and never sleeps.
 */
public final class ManualClock implements ChainClock {
  private final List<Task> tasks = new ArrayList<>();
  private long now;

  private static final class Task {
    final long interval;
    final LongConsumer tick;
    long due;
    boolean cancelled;

    Task(long interval, LongConsumer tick, long due) {
      this.interval = interval;
      this.tick = tick;
      this.due = due;
    }
  }

  public ManualClock(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized Ticker every(long intervalMillis, LongConsumer tick) {
    Task t = new Task(intervalMillis, tick, now + intervalMillis);
    tasks.add(t);
    return () -> {
      synchronized (ManualClock.this) {
        t.cancelled = true;
        tasks.remove(t);
      }
    };
  }

  /** Moves time forward, firing due ticks in time order; returns the new time. */
  public synchronized long advance(long millis) {
    if (millis < 0) throw new IllegalArgumentException("time only moves forward");
    long target = now + millis;
    while (true) {
      Task next = null;
      for (Task t : tasks) if (!t.cancelled && t.due <= target && (next == null || t.due < next.due)) next = t;
      if (next == null) break;
      now = next.due;
      next.due += next.interval;
      next.tick.accept(now);
    }
    now = target;
    return now;
  }

  /** Sets the time (forward only). */
  public synchronized void set(long millis) {
    advance(millis - now);
  }
}
