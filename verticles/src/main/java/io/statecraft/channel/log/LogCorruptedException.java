package io.statecraft.channel.log;

/**
 * The stored log is not a valid chain: an undecodable or checksum-failing record, a height out
 * of sequence, a {@code prevHash} that does not name the previous entry, an entry of another
 * channel, missing entries, or metadata that does not match. The log refuses to open rather
 * than serve or extend a broken chain; recovery is an operator decision (resync the channel
 * from peers or from the latest settled snapshot).
 */
public final class LogCorruptedException extends ChannelLogException {
  private static final long serialVersionUID = 1L;

  private final long height;

  public LogCorruptedException(long height, String message) {
    super("channel log corrupted at height " + height + ": " + message);
    this.height = height;
  }

  public LogCorruptedException(long height, String message, Throwable cause) {
    super("channel log corrupted at height " + height + ": " + message, cause);
    this.height = height;
  }

  /** The height at which the chain breaks (the first entry that could not be verified). */
  public long height() {
    return height;
  }
}
