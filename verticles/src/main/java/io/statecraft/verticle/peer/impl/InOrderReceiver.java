package io.statecraft.verticle.peer.impl;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * End-to-end ordering and replay protection for the messages of one origin to this node.
 * Messages carry (epoch, seq): the origin's boot epoch and a per-destination sequence from 1.
 * They are delivered strictly in sequence: one that arrives early (it took a faster path after
 * a route switch) is held until the gap before it fills, or until the caller declares the gap
 * lost ({@link #skipGap}, on a timer); anything already delivered or held is a replay and is
 * refused, and so is any older epoch. A newer epoch (the origin restarted) starts over at 1.
 * At most {@code maxHeld} messages are held; beyond that the gap is skipped at once.
 */
public final class InOrderReceiver<T> {
  public enum Outcome { DELIVERED, HELD, REFUSED }

  private final int maxHeld;
  private final TreeMap<Long, T> held = new TreeMap<>();
  private long epoch = -1;
  private long next = 1;

  public InOrderReceiver(int maxHeld) {
    this.maxHeld = maxHeld;
  }

  public Outcome offer(long epoch, long seq, T msg, Consumer<T> deliver) {
    if (seq <= 0 || epoch < this.epoch) return Outcome.REFUSED;
    if (epoch > this.epoch) {
      this.epoch = epoch;
      this.next = 1;
      held.clear();
    }
    if (seq < next || held.containsKey(seq)) return Outcome.REFUSED;
    if (seq == next) {
      deliver.accept(msg);
      next++;
      drain(deliver);
      return Outcome.DELIVERED;
    }
    held.put(seq, msg);
    if (held.size() > maxHeld) skipGap(deliver);
    return Outcome.HELD;
  }

  /** Gives up on the missing messages before the first held one and delivers what follows. */
  public void skipGap(Consumer<T> deliver) {
    if (held.isEmpty()) return;
    next = held.firstKey();
    drain(deliver);
  }

  public boolean hasGap() {
    return !held.isEmpty();
  }

  /** The next sequence number expected. */
  public long next() {
    return next;
  }

  private void drain(Consumer<T> deliver) {
    Map.Entry<Long, T> e;
    while ((e = held.firstEntry()) != null && e.getKey() == next) {
      held.pollFirstEntry();
      deliver.accept(e.getValue());
      next++;
    }
  }
}
