package io.statecraft.channel.log;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryHeader;
import io.statecraft.codec.channel.Event;
import io.statecraft.codec.channel.FunctionId;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.channel.TypeTag;
import io.statecraft.codec.channel.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds hash-chained, Leader-signed entries for log tests (and the crash child and benchmark). */
final class TestEntries {
  static final Ed25519.KeyPair LEADER = Ed25519.fromSeed(fill(0x41));
  static final Ed25519.KeyPair MEMBER = Ed25519.fromSeed(fill(0x42));
  static final Hash32 GENESIS = Hash32.sha256("test genesis".getBytes(StandardCharsets.US_ASCII));
  static final StructTag POSITION = new StructTag(Address.parse("0xcafe"), "game", "Position");

  private final String channelId;
  private final int payloadBytes;
  private long height;
  private Hash32 prev;

  /** A generator continuing after {@code lastHeight} whose hash is {@code lastHash}. */
  TestEntries(String channelId, long lastHeight, Hash32 lastHash, int payloadBytes) {
    this.channelId = channelId;
    this.height = lastHeight;
    this.prev = lastHash;
    this.payloadBytes = payloadBytes;
  }

  TestEntries(String channelId) {
    this(channelId, 0, GENESIS, 16);
  }

  static byte[] fill(int b) {
    byte[] s = new byte[32];
    java.util.Arrays.fill(s, (byte) b);
    return s;
  }

  long lastHeight() {
    return height;
  }

  /** The next entry: every third a member call with a write set, otherwise a tick. */
  Entry next() {
    long h = height + 1;
    Transaction tx;
    Effects fx;
    if (h % 3 == 0) {
      byte[] arg = new byte[payloadBytes];
      for (int i = 0; i < arg.length; i++) arg[i] = (byte) (h + i);
      tx = Transaction.Call.sign(channelId, MEMBER, h, new MoveCall(FunctionId.parse("0xcafe::game::move_to"),
          List.of(TypeTag.Primitive.U64), List.of(Blob.of(arg))));
      fx = new Effects(List.of(WriteOp.put(Address.of(MEMBER.publicKey()), POSITION, Blob.of(arg))),
          List.of(new Event(POSITION, Blob.of(arg))), 100 + h, null);
    } else {
      tx = new Transaction.Tick(h, 1_700_000_000_000L + h * 16);
      fx = Effects.NONE;
    }
    Entry e = Entry.sign(new EntryHeader(channelId, h, prev, 1, 1_700_000_000_000L + h), tx, fx,
        Hash32.sha256(prev.toByteArray()), LEADER);
    height = h;
    prev = e.entryHash();
    return e;
  }
}
