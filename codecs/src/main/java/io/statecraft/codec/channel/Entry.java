package io.statecraft.codec.channel;

import io.statecraft.codec.Ed25519;
import java.util.Arrays;

/**
 * One signed entry of a channel log (SPEC §4): header, transaction, effects, state root and
 * the Leader's signature.
 *
 * <p>Hashes (all SHA-256):
 * <ul>
 *   <li>{@link #txHash()} over the transaction's encoding;
 *   <li>{@link #effectsHash()} over the effects' encoding;
 *   <li>{@link #entryHash()} over header bytes ‖ txHash ‖ effectsHash ‖ stateRoot — what the
 *       next entry's {@code prevHash} names and what the Leader signs, as
 *       {@code "statecraft/channel-entry/v1\n" ‖ entryHash}. A Follower that re-executed the
 *       transaction compares its own effects hash and state root against this entry's, and
 *       evidence needs only the entry to prove what the Leader signed.
 * </ul>
 *
 * <p>Encoding: header ‖ transaction ‖ effects ‖ stateRoot (32) ‖ leaderSignature (64). The
 * parts are self-delimiting, so no lengths frame them. Immutable and thread-safe; the
 * encoding and hashes are computed once, at construction.
 */
public final class Entry {
  private final EntryHeader header;
  private final Transaction tx;
  private final Effects effects;
  private final Hash32 stateRoot;
  private final Blob leaderSignature;

  private final Hash32 txHash;
  private final Hash32 effectsHash;
  private final Hash32 entryHash;
  private final byte[] encoded;

  public Entry(EntryHeader header, Transaction tx, Effects effects, Hash32 stateRoot, Blob leaderSignature) {
    this(header, tx, effects, stateRoot, leaderSignature, null, null, null);
  }

  private Entry(EntryHeader header, Transaction tx, Effects effects, Hash32 stateRoot, Blob leaderSignature,
      byte[] txBytes, byte[] effectsBytes, byte[] encoded) {
    if (header == null || tx == null || effects == null || stateRoot == null) {
      throw new IllegalArgumentException("header, tx, effects and stateRoot are required");
    }
    if (leaderSignature == null || leaderSignature.size() != Ed25519.SIGNATURE_SIZE) {
      throw new IllegalArgumentException("the leader signature is " + Ed25519.SIGNATURE_SIZE + " bytes");
    }
    this.header = header;
    this.tx = tx;
    this.effects = effects;
    this.stateRoot = stateRoot;
    this.leaderSignature = leaderSignature;
    byte[] headerBytes = header.encode();
    byte[] tb = txBytes != null ? txBytes : EntryCodec.encodeTransaction(tx);
    byte[] eb = effectsBytes != null ? effectsBytes : EntryCodec.encodeEffects(effects);
    this.txHash = Hash32.sha256(tb);
    this.effectsHash = Hash32.sha256(eb);
    this.entryHash = entryHash(headerBytes, txHash, effectsHash, stateRoot);
    if (encoded != null) {
      this.encoded = encoded;
    } else {
      BcsWriter w = new BcsWriter(headerBytes.length + tb.length + eb.length + 96);
      w.fixed(headerBytes).fixed(tb).fixed(eb).fixed(stateRoot.unsafeArray()).fixed(leaderSignature.unsafeArray());
      this.encoded = w.toByteArray();
    }
  }

  /** Builds and signs an entry as the Leader. */
  public static Entry sign(EntryHeader header, Transaction tx, Effects effects, Hash32 stateRoot, Ed25519.KeyPair leader) {
    Hash32 h = entryHash(header, tx.hash(), effects.hash(), stateRoot);
    return new Entry(header, tx, effects, stateRoot, Blob.wrap(leader.sign(leaderSigningBytes(h))));
  }

  /** SHA-256(header bytes ‖ txHash ‖ effectsHash ‖ stateRoot). */
  public static Hash32 entryHash(EntryHeader header, Hash32 txHash, Hash32 effectsHash, Hash32 stateRoot) {
    return entryHash(header.encode(), txHash, effectsHash, stateRoot);
  }

  private static Hash32 entryHash(byte[] headerBytes, Hash32 txHash, Hash32 effectsHash, Hash32 stateRoot) {
    return Hash32.sha256(headerBytes, txHash.unsafeArray(), effectsHash.unsafeArray(), stateRoot.unsafeArray());
  }

  /** What the Leader signs: {@code "statecraft/channel-entry/v1\n"} ‖ entryHash (32). */
  public static byte[] leaderSigningBytes(Hash32 entryHash) {
    byte[] d = SigningDomains.ENTRY_BYTES;
    byte[] out = Arrays.copyOf(d, d.length + Hash32.SIZE);
    System.arraycopy(entryHash.unsafeArray(), 0, out, d.length, Hash32.SIZE);
    return out;
  }

  /** True if the Leader whose public key is given signed this entry. Never throws. */
  public boolean verifyLeaderSignature(byte[] leaderPublicKey) {
    return Ed25519.verify(leaderPublicKey, leaderSigningBytes(entryHash), leaderSignature.unsafeArray());
  }

  /** Strictly decodes one entry; see {@link EntryCodec}. */
  public static Entry decode(byte[] bytes) throws MalformedEntryException {
    BcsReader r = new BcsReader(bytes);
    Entry e = EntryCodec.guarded(() -> {
      EntryHeader header = EntryHeader.read(r);
      int txStart = r.position();
      Transaction tx = Transaction.read(r);
      byte[] txBytes = r.sliceFrom(txStart);
      int effStart = r.position();
      Effects effects = Effects.read(r);
      byte[] effBytes = r.sliceFrom(effStart);
      Hash32 root = Hash32.of(r.fixed(Hash32.SIZE, "state root"));
      Blob sig = Blob.wrap(r.fixed(Ed25519.SIGNATURE_SIZE, "leader signature"));
      r.expectEnd("entry");
      return new Entry(header, tx, effects, root, sig, txBytes, effBytes, bytes.clone());
    }, r);
    return e;
  }

  /** The canonical encoding (a copy). */
  public byte[] encode() {
    return encoded.clone();
  }

  public int encodedSize() {
    return encoded.length;
  }

  public EntryHeader header() {
    return header;
  }

  public Transaction tx() {
    return tx;
  }

  public Effects effects() {
    return effects;
  }

  public Hash32 stateRoot() {
    return stateRoot;
  }

  public Blob leaderSignature() {
    return leaderSignature;
  }

  public Hash32 txHash() {
    return txHash;
  }

  public Hash32 effectsHash() {
    return effectsHash;
  }

  public Hash32 entryHash() {
    return entryHash;
  }

  public String channelId() {
    return header.channelId();
  }

  public long height() {
    return header.height();
  }

  public Hash32 prevHash() {
    return header.prevHash();
  }

  public long term() {
    return header.term();
  }

  public long timestampMs() {
    return header.timestampMs();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e && Arrays.equals(encoded, e.encoded);
  }

  @Override
  public int hashCode() {
    return entryHash.hashCode();
  }

  @Override
  public String toString() {
    return "Entry[" + header.channelId() + " #" + header.height() + " term " + header.term() + " "
        + tx.getClass().getSimpleName() + " hash " + entryHash + "]";
  }
}
