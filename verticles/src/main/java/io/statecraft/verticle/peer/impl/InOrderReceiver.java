package io.statecraft.verticle.peer.impl;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * End-to-end ordering and replay protection for the messages of one origin to this node.
 * Messages carry (epoch, seq): the origin's stream epoch towards this node and a sequence from
 * 1 within it. They are delivered strictly in sequence, each exactly once: one that arrives
 * early (it overtook an earlier one that is being retransmitted, or took a faster path) is held
 * until the gap before it fills — gaps are never skipped, the origin retransmits until it is
 * acknowledged. Anything already delivered or held is a duplicate and is refused, and so is any
 * older epoch. A newer epoch (the origin restarted, or gave up on its unacknowledged messages)
 * starts over at 1 and forgets what was held. At most {@code maxHeld} messages are held; one
 * beyond that is dropped unacknowledged (the origin sends it again).
 */
public final class InOrderReceiver<T> {
  public enum Outcome { DELIVERED, HELD, REFUSED, DROPPED }

  private final int maxHeld;
  private final TreeMap<Long, T> held = new TreeMap<>();
  private long epoch = 0;
  private long next = 1;

  public InOrderReceiver(int maxHeld) {
    this.maxHeld = maxHeld;
  }

  public Outcome offer(long epoch, long seq, T msg, Consumer<T> deliver) {
    if (seq <= 0 || epoch <= 0 || epoch < this.epoch) return Outcome.REFUSED;
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
    if (held.size() >= maxHeld) return Outcome.DROPPED;
    held.put(seq, msg);
    return Outcome.HELD;
  }

  public boolean hasGap() {
    return !held.isEmpty();
  }

  /** The epoch being received, 0 before the first message. */
  public long epoch() {
    return epoch;
  }

  /** The last sequence number delivered in {@link #epoch()} (0: none): the cumulative ack. */
  public long delivered() {
    return next - 1;
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
