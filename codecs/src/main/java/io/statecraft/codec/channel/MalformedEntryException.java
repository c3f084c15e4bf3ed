package io.statecraft.codec.channel;

/**
 * The bytes handed to a decoder are not the canonical encoding of a value: truncated, longer
 * than the value (trailing bytes), an unknown tag, a non-minimal or oversized length, a length
 * larger than the remaining input, an unsorted write set, an invalid identifier, and so on.
 *
 * <p>It is checked on purpose: every decoder in this package reads bytes that came from a
 * peer or from disk, and callers must decide what a bad message means (drop the peer, refuse
 * to open a log). Decoders throw nothing else, whatever the input.
 */
public final class MalformedEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public MalformedEntryException(String message, int offset) {
    super(message + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** The offset in the input at which the problem was found. */
  public int offset() {
    return offset;
  }
}
