package io.statecraft.verticle.peer.impl;

import java.util.BitSet;

/**
 * End-to-end replay protection for one origin: accepts each (epoch, seq) at most once, newer
 * epochs reset the window, older epochs are refused, and within an epoch a sequence number
 * may arrive out of order (a route switch between direct and relayed paths) as long as it is
 * within {@code width} of the highest seen.
 */
public final class ReplayWindow {
  private final int width;
  private final BitSet seen;
  private long epoch = -1;
  private long highest;

  public ReplayWindow(int width) {
    this.width = width;
    this.seen = new BitSet(width);
  }

  public boolean accept(long epoch, long seq) {
    if (seq <= 0) return false;
    if (epoch < this.epoch) return false;
    if (epoch > this.epoch) {
      this.epoch = epoch;
      this.highest = 0;
      seen.clear();
    }
    if (seq > highest) {
      if (seq - highest >= width) {
        seen.clear();
      } else {
        for (long s = highest + 1; s < seq; s++) seen.clear((int) (s % width));
      }
      seen.set((int) (seq % width));
      highest = seq;
      return true;
    }
    if (highest - seq >= width) return false;
    int i = (int) (seq % width);
    if (seen.get(i)) return false;
    seen.set(i);
    return true;
  }
}
