package io.statecraft.codec.channel;

/**
 * Canonical binary encoding of the channel-log types; the layout is documented byte by byte in
 * {@code codecs/ENTRY-FORMAT.md}. Every {@code decode*} method is strict — the bytes must be
 * exactly the canonical encoding of one value, nothing more — and throws only
 * {@link MalformedEntryException}; decoding then re-encoding gives back the same bytes.
 */
public final class EntryCodec {
  /** The first byte of every entry header and evidence. */
  public static final int FORMAT_VERSION = 1;

  private EntryCodec() {}

  public static byte[] encodeTransaction(Transaction tx) {
    BcsWriter w = new BcsWriter(160);
    Transaction.write(w, tx);
    return w.toByteArray();
  }

  public static byte[] encodeEffects(Effects effects) {
    BcsWriter w = new BcsWriter(128);
    effects.write(w);
    return w.toByteArray();
  }

  public static Transaction decodeTransaction(byte[] bytes) throws MalformedEntryException {
    BcsReader r = new BcsReader(bytes);
    Transaction tx = guarded(() -> Transaction.read(r), r);
    r.expectEnd("transaction");
    return tx;
  }

  public static Effects decodeEffects(byte[] bytes) throws MalformedEntryException {
    BcsReader r = new BcsReader(bytes);
    Effects e = guarded(() -> Effects.read(r), r);
    r.expectEnd("effects");
    return e;
  }

  public static Entry decodeEntry(byte[] bytes) throws MalformedEntryException {
    return Entry.decode(bytes);
  }

  interface Read<T> {
    T read() throws MalformedEntryException;
  }

  /**
   * Runs a read, turning a value constructor's validation failure into a malformed-input
   * error: readers check what they can before constructing, and constructors re-check every
   * invariant, so a value that passes both is valid by construction.
   */
  static <T> T guarded(Read<T> read, BcsReader r) throws MalformedEntryException {
    try {
      return read.read();
    } catch (IllegalArgumentException e) {
      throw r.error("invalid value: " + e.getMessage());
    }
  }
}
