package io.statecraft.codec.channel;

import io.statecraft.codec.Ed25519;
import java.util.ArrayList;
import java.util.List;

/**
 * The transaction of a channel-log entry (SPEC §4). Encoded as one tag byte then the
 * variant's fields: 0 {@link Call}, 1 {@link Tick}, 2 {@link Join}, 3 {@link Leave},
 * 4 {@link Close}, 5 {@link Batch}. Its {@link EntryCodec#encodeTransaction encoding} is what
 * the tx hash covers.
 *
 * <p>Calls and batches are signed by the member; ticks, joins, leaves and closes are the
 * Leader's own and are authenticated by its entry signature plus the checks Followers make
 * against the chain (a join's sequence number, a leave or close event).
 */
public sealed interface Transaction
    permits Transaction.Call, Transaction.Tick, Transaction.Join, Transaction.Leave, Transaction.Close, Transaction.Batch {

  int TAG_CALL = 0;
  int TAG_TICK = 1;
  int TAG_JOIN = 2;
  int TAG_LEAVE = 3;
  int TAG_CLOSE = 4;
  int TAG_BATCH = 5;

  /** The most calls an atomic batch may hold. */
  int MAX_BATCH_CALLS = 1024;

  int tag();

  /** The canonical bytes, those the tx hash covers. */
  default byte[] encode() {
    return EntryCodec.encodeTransaction(this);
  }

  /** SHA-256 of {@link #encode()}. */
  default Hash32 hash() {
    return Hash32.sha256(encode());
  }

  /**
   * One entry-function call by a member, signed with the member key over
   * {@link #signingBytes(String, Address, long, MoveCall)}. The nonce is the member's own
   * counter in this channel; the controller refuses replays.
   */
  record Call(Address sender, long nonce, MoveCall call, Blob signature) implements Transaction {
    public Call {
      if (sender == null || call == null) throw new IllegalArgumentException("sender and call are required");
      requireU63(nonce, "nonce");
      requireSignature(signature);
    }

    /** Signs as the member whose address is its public key (the devchain's address scheme). */
    public static Call sign(String channelId, Ed25519.KeyPair member, long nonce, MoveCall call) {
      Address sender = Address.of(member.publicKey());
      return new Call(sender, nonce, call, Blob.wrap(member.sign(signingBytes(channelId, sender, nonce, call))));
    }

    /**
     * {@code "statecraft/channel-call/v1\n"} ‖ channelId (ULEB128 length + UTF-8) ‖ sender (32)
     * ‖ nonce (u64 LE) ‖ MoveCall. The channel id binds the signature to one channel.
     */
    public static byte[] signingBytes(String channelId, Address sender, long nonce, MoveCall call) {
      BcsWriter w = new BcsWriter(128);
      w.fixed(SigningDomains.CALL_BYTES).string(EntryHeader.requireChannelId(channelId));
      w.fixed(sender.unsafeArray()).u64(nonce);
      call.write(w);
      return w.toByteArray();
    }

    public byte[] signingBytes(String channelId) {
      return signingBytes(channelId, sender, nonce, call);
    }

    /** Verifies against the sender address read as an Ed25519 public key. Never throws. */
    public boolean verifySignature(String channelId) {
      return verifySignature(channelId, sender.unsafeArray());
    }

    /** Verifies against an explicit member public key (for chains whose addresses are key hashes). */
    public boolean verifySignature(String channelId, byte[] memberPublicKey) {
      try {
        return Ed25519.verify(memberPublicKey, signingBytes(channelId), signature.unsafeArray());
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public int tag() {
      return TAG_CALL;
    }
  }

  /** A game tick: its number (1, 2, …) and the tick time contracts read, in ms. */
  record Tick(long number, long timeMs) implements Transaction {
    public Tick {
      requireU63(number, "tick number");
      requireU63(timeMs, "tick time");
    }

    @Override
    public int tag() {
      return TAG_TICK;
    }
  }

  /** A member joined on chain with this join sequence number (Followers check it there). */
  record Join(Address member, long joinSeq) implements Transaction {
    public Join {
      if (member == null) throw new IllegalArgumentException("member is null");
      requireU63(joinSeq, "join sequence");
    }

    @Override
    public int tag() {
      return TAG_JOIN;
    }
  }

  /** A member leaves the channel (after its settlement). */
  record Leave(Address member) implements Transaction {
    public Leave {
      if (member == null) throw new IllegalArgumentException("member is null");
    }

    @Override
    public int tag() {
      return TAG_LEAVE;
    }
  }

  /** The channel closes; no entry may follow. */
  record Close() implements Transaction {
    @Override
    public int tag() {
      return TAG_CLOSE;
    }
  }

  /**
   * Several calls by one member executed atomically, in order: all take effect or none does.
   * The member signs the batch as a whole (one nonce, one signature over every call), so the
   * Leader cannot split, reorder or trim it without the signature failing.
   */
  record Batch(Address sender, long nonce, List<MoveCall> calls, Blob signature) implements Transaction {
    public Batch {
      if (sender == null) throw new IllegalArgumentException("sender is null");
      requireU63(nonce, "nonce");
      calls = List.copyOf(calls);
      if (calls.isEmpty() || calls.size() > MAX_BATCH_CALLS) {
        throw new IllegalArgumentException("a batch holds 1.." + MAX_BATCH_CALLS + " calls");
      }
      requireSignature(signature);
    }

    public static Batch sign(String channelId, Ed25519.KeyPair member, long nonce, List<MoveCall> calls) {
      Address sender = Address.of(member.publicKey());
      return new Batch(sender, nonce, calls, Blob.wrap(member.sign(signingBytes(channelId, sender, nonce, calls))));
    }

    /**
     * {@code "statecraft/channel-batch/v1\n"} ‖ channelId ‖ sender (32) ‖ nonce (u64 LE) ‖
     * vector&lt;MoveCall&gt;.
     */
    public static byte[] signingBytes(String channelId, Address sender, long nonce, List<MoveCall> calls) {
      BcsWriter w = new BcsWriter(256);
      w.fixed(SigningDomains.BATCH_BYTES).string(EntryHeader.requireChannelId(channelId));
      w.fixed(sender.unsafeArray()).u64(nonce);
      w.uleb128(calls.size());
      for (MoveCall c : calls) c.write(w);
      return w.toByteArray();
    }

    public byte[] signingBytes(String channelId) {
      return signingBytes(channelId, sender, nonce, calls);
    }

    public boolean verifySignature(String channelId) {
      return verifySignature(channelId, sender.unsafeArray());
    }

    public boolean verifySignature(String channelId, byte[] memberPublicKey) {
      try {
        return Ed25519.verify(memberPublicKey, signingBytes(channelId), signature.unsafeArray());
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public int tag() {
      return TAG_BATCH;
    }
  }

  private static void requireU63(long v, String what) {
    if (v < 0) throw new IllegalArgumentException(what + " must be in 0..2^63-1");
  }

  private static void requireSignature(Blob sig) {
    if (sig == null || sig.size() != Ed25519.SIGNATURE_SIZE) {
      throw new IllegalArgumentException("a signature is " + Ed25519.SIGNATURE_SIZE + " bytes");
    }
  }

  static void write(BcsWriter w, Transaction tx) {
    w.u8(tx.tag());
    if (tx instanceof Call c) {
      w.fixed(c.sender().unsafeArray()).u64(c.nonce());
      c.call().write(w);
      w.fixed(c.signature().unsafeArray());
    } else if (tx instanceof Tick t) {
      w.u64(t.number()).u64(t.timeMs());
    } else if (tx instanceof Join j) {
      w.fixed(j.member().unsafeArray()).u64(j.joinSeq());
    } else if (tx instanceof Leave l) {
      w.fixed(l.member().unsafeArray());
    } else if (tx instanceof Close) {
      // no fields
    } else {
      Batch b = (Batch) tx;
      w.fixed(b.sender().unsafeArray()).u64(b.nonce());
      w.uleb128(b.calls().size());
      for (MoveCall c : b.calls()) c.write(w);
      w.fixed(b.signature().unsafeArray());
    }
  }

  static Transaction read(BcsReader r) throws MalformedEntryException {
    int tagAt = r.position();
    int tag = r.u8();
    switch (tag) {
      case TAG_CALL: {
        Address sender = Address.of(r.fixed(Address.SIZE, "sender"));
        long nonce = r.u63("nonce");
        MoveCall call = MoveCall.read(r);
        Blob sig = Blob.wrap(r.fixed(Ed25519.SIGNATURE_SIZE, "signature"));
        return new Call(sender, nonce, call, sig);
      }
      case TAG_TICK:
        return new Tick(r.u63("tick number"), r.u63("tick time"));
      case TAG_JOIN:
        return new Join(Address.of(r.fixed(Address.SIZE, "member")), r.u63("join sequence"));
      case TAG_LEAVE:
        return new Leave(Address.of(r.fixed(Address.SIZE, "member")));
      case TAG_CLOSE:
        return new Close();
      case TAG_BATCH: {
        Address sender = Address.of(r.fixed(Address.SIZE, "sender"));
        long nonce = r.u63("nonce");
        int at = r.position();
        int n = r.length("batch calls", MAX_BATCH_CALLS, 1);
        if (n == 0) throw new MalformedEntryException("empty batch", at);
        List<MoveCall> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) calls.add(MoveCall.read(r));
        Blob sig = Blob.wrap(r.fixed(Ed25519.SIGNATURE_SIZE, "signature"));
        return new Batch(sender, nonce, calls, sig);
      }
      default:
        throw new MalformedEntryException("unknown transaction tag " + tag, tagAt);
    }
  }
}
