package io.statecraft.codec.channel;

import io.statecraft.codec.Ed25519;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic sample entries: fixed keys (Ed25519 signatures are deterministic), fixed values. */
final class EntrySamples {
  static final String CHANNEL = "ch-0001";
  static final Ed25519.KeyPair LEADER = Ed25519.fromSeed(seed(0x11));
  static final Ed25519.KeyPair ALICE = Ed25519.fromSeed(seed(0x22));
  static final Ed25519.KeyPair BOB = Ed25519.fromSeed(seed(0x33));
  static final Address GAME = Address.parse("0xcafe");
  static final StructTag POSITION = new StructTag(GAME, "game", "Position");
  static final StructTag COIN_OF_GOLD = new StructTag(Address.ofShort(2), "coin", "Coin",
      List.of(new StructTag(GAME, "game", "GOLD")));
  static final Hash32 GENESIS = Hash32.sha256("genesis".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  private EntrySamples() {}

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    java.util.Arrays.fill(s, (byte) b);
    return s;
  }

  static MoveCall moveCall() {
    return new MoveCall(FunctionId.parse("0xcafe::game::move_to"),
        List.of(TypeTag.Primitive.U64, new TypeTag.Vector(TypeTag.Primitive.U8)),
        List.of(Blob.ofHex("0300000000000000"), Blob.ofHex("0207")));
  }

  static Transaction.Call call() {
    return Transaction.Call.sign(CHANNEL, ALICE, 7, moveCall());
  }

  static Transaction.Batch batch() {
    return Transaction.Batch.sign(CHANNEL, BOB, 3, List.of(
        new MoveCall(FunctionId.parse("0xcafe::craft::mint"), List.of(), List.of(Blob.ofHex("01"))),
        new MoveCall(FunctionId.parse("0xcafe::craft::set_attr"), List.of(COIN_OF_GOLD), List.of(Blob.ofHex("0102"), Blob.EMPTY)),
        new MoveCall(FunctionId.parse("0xcafe::craft::transfer"), List.of(), List.of(Blob.of(ALICE.publicKey())))));
  }

  /** One transaction of each kind, in tag order. */
  static List<Transaction> everyTransactionKind() {
    return List.of(call(), new Transaction.Tick(42, 1_700_000_000_016L),
        new Transaction.Join(Address.of(BOB.publicKey()), 2), new Transaction.Leave(Address.of(BOB.publicKey())),
        new Transaction.Close(), batch());
  }

  /** Empty effects, a rich write set with events, an abort with location, an abort without. */
  static List<Effects> effectsVariety() {
    Address alice = Address.of(ALICE.publicKey());
    Address bob = Address.of(BOB.publicKey());
    Effects rich = new Effects(
        List.of(WriteOp.put(bob, POSITION, Blob.ofHex("0a000b00")),
            WriteOp.delete(alice, COIN_OF_GOLD),
            WriteOp.put(alice, POSITION, Blob.ofHex("03000400"))),
        List.of(new Event(new StructTag(GAME, "game", "Moved"), Blob.ofHex("0300")),
            new Event(TypeTag.Primitive.U64, Blob.ofHex("2a00000000000000"))),
        1234, null);
    Effects abortAt = new Effects(List.of(), List.of(), 77,
        new AbortInfo(4016, 0xFFFF_FFFF_FFFF_FFFFL, new AbortInfo.Location(GAME, "game", "move_to", 12)));
    Effects outOfGas = new Effects(List.of(), List.of(), 100_000, new AbortInfo(4002, 0, null));
    return List.of(Effects.NONE, rich, abortAt, outOfGas);
  }

  static Entry entry(long height, Hash32 prev, Transaction tx, Effects effects) {
    EntryHeader h = new EntryHeader(CHANNEL, height, prev, 3, 1_700_000_000_000L + height);
    return Entry.sign(h, tx, effects, Hash32.sha256(new byte[] {(byte) height}), LEADER);
  }

  /** A chain of entries from height 1 on genesis, cycling through every kind and effects. */
  static List<Entry> chain(int n) {
    List<Transaction> txs = everyTransactionKind();
    List<Effects> effs = effectsVariety();
    List<Entry> out = new ArrayList<>(n);
    Hash32 prev = GENESIS;
    for (int i = 1; i <= n; i++) {
      Entry e = entry(i, prev, txs.get(i % txs.size()), effs.get(i % effs.size()));
      out.add(e);
      prev = e.entryHash();
    }
    return out;
  }

  static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
