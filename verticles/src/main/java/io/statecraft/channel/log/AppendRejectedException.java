package io.statecraft.channel.log;

/**
 * An entry was refused because it does not extend the log: nothing was written. The log is
 * unchanged and still usable.
 */
public final class AppendRejectedException extends ChannelLogException {
  private static final long serialVersionUID = 1L;

  /** Why an append was refused. */
  public enum Reason {
    /** The entry's height is beyond {@code lastHeight() + 1}: entries are missing in between. */
    HEIGHT_GAP,
    /** The entry's height is at or below {@code lastHeight()} (or was pruned): already logged. */
    HEIGHT_ALREADY_LOGGED,
    /** The entry's {@code prevHash} is not the hash of the last entry (or the genesis hash). */
    PREV_HASH_MISMATCH,
    /** The entry names another channel. */
    WRONG_CHANNEL,
    /** The log ends with a Close entry; nothing may follow it. */
    CHANNEL_CLOSED,
    /** The entry's encoding exceeds {@link ChannelLog#MAX_ENTRY_BYTES}. */
    TOO_LARGE
  }

  private final Reason reason;
  private final long expectedHeight;
  private final long height;

  public AppendRejectedException(Reason reason, long expectedHeight, long height, String message) {
    super(reason + ": " + message);
    this.reason = reason;
    this.expectedHeight = expectedHeight;
    this.height = height;
  }

  public Reason reason() {
    return reason;
  }

  /** The height the log expected next ({@code lastHeight() + 1}). */
  public long expectedHeight() {
    return expectedHeight;
  }

  /** The refused entry's height. */
  public long height() {
    return height;
  }
}
