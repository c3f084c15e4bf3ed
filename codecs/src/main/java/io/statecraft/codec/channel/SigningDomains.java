package io.statecraft.codec.channel;

import java.nio.charset.StandardCharsets;

/**
 * Domain tags prefixed to every message signed in the channel protocol, so a signature made
 * for one purpose can never be replayed as another (a client's call as a Leader entry, a
 * channel entry as a chain transaction — whose tag is {@code statecraft/chain-tx/v1\n}).
 * Each tag is ASCII and ends in a newline, which no tag contains elsewhere, so no tag is a
 * prefix of another.
 */
public final class SigningDomains {
  /** A member's single call. */
  public static final String CALL = "statecraft/channel-call/v1\n";
  /** A member's atomic batch of calls. */
  public static final String BATCH = "statecraft/channel-batch/v1\n";
  /** A Leader's signature over an entry hash. */
  public static final String ENTRY = "statecraft/channel-entry/v1\n";

  static final byte[] CALL_BYTES = CALL.getBytes(StandardCharsets.US_ASCII);
  static final byte[] BATCH_BYTES = BATCH.getBytes(StandardCharsets.US_ASCII);
  static final byte[] ENTRY_BYTES = ENTRY.getBytes(StandardCharsets.US_ASCII);

  private SigningDomains() {}
}
