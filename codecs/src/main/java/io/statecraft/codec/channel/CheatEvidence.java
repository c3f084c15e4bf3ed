package io.statecraft.codec.channel;

/**
 * Evidence that a Leader signed an entry whose effects or state root differ from what honest
 * re-execution of its transaction gives (SPEC §2, §4): the Leader-signed entry, unchanged, and
 * the effects hash and state root the reporting Follower computed from its own verified state
 * at {@code height − 1}.
 *
 * <p>Anyone holding the Leader's public key checks with {@link #verify(byte[])} that the
 * Leader really signed the entry and that the claim contradicts it; the other members then
 * re-execute the entry from their own state and vote (seed 000 §2.3.1.7). The evidence proves
 * the Leader's commitment, not the Follower's honesty: voters settle that.
 *
 * <p>BCS: version u8 (= 1) ‖ entry (its full encoding, self-delimiting) ‖ honestEffectsHash
 * (32) ‖ honestStateRoot (32). The evidence hash, {@link #hash()}, is SHA-256 of that.
 */
public record CheatEvidence(Entry entry, Hash32 honestEffectsHash, Hash32 honestStateRoot) {
  /** What {@link #verify(byte[])} concludes. */
  public enum Verdict {
    /** The Leader signed the entry and the honest result differs from it. */
    VALID,
    /** The entry's signature is not the given Leader's. */
    BAD_LEADER_SIGNATURE,
    /** The honest effects hash and state root equal the entry's: nothing to punish. */
    NO_DIVERGENCE
  }

  public CheatEvidence {
    if (entry == null || honestEffectsHash == null || honestStateRoot == null) {
      throw new IllegalArgumentException("entry, honest effects hash and honest state root are required");
    }
  }

  public Verdict verify(byte[] leaderPublicKey) {
    if (!entry.verifyLeaderSignature(leaderPublicKey)) return Verdict.BAD_LEADER_SIGNATURE;
    if (entry.effectsHash().equals(honestEffectsHash) && entry.stateRoot().equals(honestStateRoot)) {
      return Verdict.NO_DIVERGENCE;
    }
    return Verdict.VALID;
  }

  public boolean effectsDiffer() {
    return !entry.effectsHash().equals(honestEffectsHash);
  }

  public boolean stateRootDiffers() {
    return !entry.stateRoot().equals(honestStateRoot);
  }

  public byte[] encode() {
    BcsWriter w = new BcsWriter(entry.encodedSize() + 65);
    w.u8(EntryCodec.FORMAT_VERSION);
    w.fixed(entry.encode());
    w.fixed(honestEffectsHash.unsafeArray()).fixed(honestStateRoot.unsafeArray());
    return w.toByteArray();
  }

  public Hash32 hash() {
    return Hash32.sha256(encode());
  }

  public static CheatEvidence decode(byte[] bytes) throws MalformedEntryException {
    BcsReader r = new BcsReader(bytes);
    int version = r.u8();
    if (version != EntryCodec.FORMAT_VERSION) {
      throw new MalformedEntryException("unknown evidence format version " + version, 0);
    }
    // The entry is self-delimiting but Entry.decode wants exactly its bytes: the two hashes
    // are the last 64 bytes, so the entry is everything between.
    if (r.remaining() < 2 * Hash32.SIZE) {
      throw r.error("truncated evidence");
    }
    int entryLen = r.remaining() - 2 * Hash32.SIZE;
    byte[] entryBytes = r.fixed(entryLen, "entry");
    Entry entry;
    try {
      entry = Entry.decode(entryBytes);
    } catch (MalformedEntryException e) {
      throw new MalformedEntryException("evidence entry: " + e.getMessage(), 1 + e.offset());
    }
    Hash32 eff = Hash32.of(r.fixed(Hash32.SIZE, "honest effects hash"));
    Hash32 root = Hash32.of(r.fixed(Hash32.SIZE, "honest state root"));
    r.expectEnd("evidence");
    return new CheatEvidence(entry, eff, root);
  }
}
