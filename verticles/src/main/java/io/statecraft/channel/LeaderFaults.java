package io.statecraft.channel;

import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.Transaction;
import java.util.List;

/**
 * <b>Test-only</b> fault hook making this node a cheating Leader (SPEC §2), so tests can check
 * that Followers detect and the chain punishes. Production nodes use {@link #NONE}. Every
 * method is called on the channel's sandbox lane or the node's context; the defaults are honest.
 */
public interface LeaderFaults {
  LeaderFaults NONE = new LeaderFaults() {};

  /** Altered effects signed into the entry at {@code height} (the Leader's own state is unaltered). */
  default Effects alterEffects(long height, Effects honest) {
    return honest;
  }

  /** Altered state root signed into the entry at {@code height}. */
  default Hash32 alterStateRoot(long height, Hash32 honest) {
    return honest;
  }

  /** Altered contract code: the module bytes this node loads instead of the chain's. */
  default List<byte[]> alterModules(List<byte[]> chainModules) {
    return chainModules;
  }

  /** Altered tick time (Followers accept only times within the channel's drift tolerance of their clock). */
  default long tickTime(long number, long honestTimeMs) {
    return honestTimeMs;
  }

  /** Drop this member transaction silently (never sequenced, never answered). */
  default boolean drop(Transaction tx) {
    return false;
  }

  /** Hold this member transaction this many ms of node clock before sequencing it (no answer meanwhile). */
  default long delayMillis(Transaction tx) {
    return 0;
  }
}
