package io.statecraft.verticle.stream;

import io.statecraft.codec.stream.StreamErrorCode;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replay protection: a sliding window of nonces per (channel, member). A nonce above the
 * highest seen moves the window up; one inside the window is accepted once; one at or below
 * {@code highest - width} is too old. Memory is {@code width} bits per member, and a window
 * is only created for a member whose signature verified and whose membership the channel
 * confirmed, so it is bounded by the members of the channels this node serves.
 *
 * <p>Thread-safe, so several verticle instances may share one.
 */
public final class NonceWindows {
  private final int width;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public NonceWindows(int width) {
    if (width < 1 || width > 1 << 20) throw new IllegalArgumentException("window width");
    this.width = width;
  }

  /** Returns null if the nonce is fresh (and records it), else the error code. */
  public StreamErrorCode check(String channelId, String member, long nonce) {
    Window w = windows.computeIfAbsent(channelId + '\n' + member, k -> new Window(width));
    synchronized (w) {
      return w.accept(nonce);
    }
  }

  /** Forgets a member's window (it left the channel). */
  public void forget(String channelId, String member) {
    windows.remove(channelId + '\n' + member);
  }

  public int size() {
    return windows.size();
  }

  private static final class Window {
    private final int width;
    private final BitSet seen;
    private long highest; // 0 = nothing seen (nonces start at 1)

    Window(int width) {
      this.width = width;
      this.seen = new BitSet(width);
    }

    StreamErrorCode accept(long nonce) {
      if (nonce > highest) {
        long shift = nonce - highest;
        if (shift >= width) {
          seen.clear();
        } else {
          for (long n = highest + 1; n <= nonce; n++) seen.clear((int) (n % width));
        }
        highest = nonce;
        seen.set((int) (nonce % width));
        return null;
      }
      if (nonce <= highest - width) return StreamErrorCode.NONCE_TOO_OLD;
      int bit = (int) (nonce % width);
      if (seen.get(bit)) return StreamErrorCode.REPLAYED_NONCE;
      seen.set(bit);
      return null;
    }
  }
}
