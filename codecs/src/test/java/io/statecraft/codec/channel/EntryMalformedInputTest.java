package io.statecraft.codec.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryMalformedInputTest {

  @Test
  void everyTruncationIsRefused() {
    for (Entry e : EntrySamples.chain(6)) {
      byte[] b = e.encode();
      for (int n = 0; n < b.length; n++) {
        byte[] cut = Arrays.copyOf(b, n);
        assertThatThrownBy(() -> Entry.decode(cut)).isInstanceOf(MalformedEntryException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] b = EntrySamples.chain(1).get(0).encode();
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    assertThatThrownBy(() -> Entry.decode(longer)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("trailing");
  }

  @Test
  void unknownVersionAndTagsAreRefused() {
    Entry e = EntrySamples.chain(1).get(0);
    byte[] b = e.encode();
    b[0] = 2;
    assertThatThrownBy(() -> Entry.decode(b)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("version");
    byte[] tx = new Transaction.Tick(1, 1).encode();
    tx[0] = 6;
    assertThatThrownBy(() -> EntryCodec.decodeTransaction(tx)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("tag");
  }

  @Test
  void absurdAndNonMinimalLengthsAreRefusedWithoutAllocating() {
    // Effects claiming 2^32-1 write ops in a 10-byte input.
    byte[] huge = Hex.decode("ffffffff0f0000000000");
    assertThatThrownBy(() -> EntryCodec.decodeEffects(huge)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("exceeds");
    // ULEB128 0 written as 0x80 0x00.
    byte[] nonMinimal = Hex.decode("8000" + "00" + "0000000000000000" + "00");
    assertThatThrownBy(() -> EntryCodec.decodeEffects(nonMinimal)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("non-minimal");
    // Six-byte ULEB128.
    byte[] tooLong = Hex.decode("808080808001");
    assertThatThrownBy(() -> EntryCodec.decodeEffects(tooLong)).isInstanceOf(MalformedEntryException.class);
  }

  @Test
  void deeplyNestedTypeTagsAreRefusedNotOverflowed() {
    // An event whose type is vector<vector<…>> 10 000 deep.
    byte[] nested = new byte[10_000];
    Arrays.fill(nested, (byte) TypeTag.TAG_VECTOR);
    BcsWriter w = new BcsWriter();
    w.uleb128(0).uleb128(1).fixed(nested).u8(1).bytes(new byte[0]).u64(0).u8(0);
    byte[] in = w.toByteArray();
    assertThatThrownBy(() -> EntryCodec.decodeEffects(in)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("deeper");
  }

  @Test
  void unsortedOrDuplicateWriteSetsAreRefused() {
    Effects rich = EntrySamples.effectsVariety().get(1);
    BcsWriter w = new BcsWriter();
    List<WriteOp> ws = rich.writeSet();
    w.uleb128(2);
    ws.get(1).write(w);
    ws.get(0).write(w);
    w.uleb128(0).u64(0).u8(0);
    byte[] unsorted = w.toByteArray();
    assertThatThrownBy(() -> EntryCodec.decodeEffects(unsorted)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("ascending");
    BcsWriter d = new BcsWriter();
    d.uleb128(2);
    ws.get(0).write(d);
    ws.get(0).write(d);
    d.uleb128(0).u64(0).u8(0);
    byte[] dup = d.toByteArray();
    assertThatThrownBy(() -> EntryCodec.decodeEffects(dup)).isInstanceOf(MalformedEntryException.class);
  }

  @Test
  void invalidUtf8AndIdentifiersAreRefused() {
    Entry e = EntrySamples.chain(1).get(0);
    byte[] b = e.encode();
    // channel id starts at byte 2 (after version and its one-byte length)
    b[2] = (byte) 0xC0;
    assertThatThrownBy(() -> Entry.decode(b)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("UTF-8");
    BcsWriter w = new BcsWriter();
    w.u8(Transaction.TAG_CALL).fixed(new byte[32]).u64(1).fixed(new byte[32]).string("bad-module").string("f").uleb128(0).uleb128(0).fixed(new byte[64]);
    byte[] tx = w.toByteArray();
    assertThatThrownBy(() -> EntryCodec.decodeTransaction(tx)).isInstanceOf(MalformedEntryException.class).hasMessageContaining("identifier");
  }

  /**
   * Thousands of random mutations of valid entries and evidence (flips, overwrites, inserts,
   * deletes, truncations, splices): the decoders either refuse with MalformedEntryException
   * or accept input that is exactly a canonical encoding — nothing else ever escapes.
   */
  @Test
  void randomMutationsOnlyEverRaiseMalformedEntryException() {
    Random rnd = new Random(20240611L);
    List<Entry> chain = EntrySamples.chain(12);
    int accepted = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int iter = 0; iter < 6000 && System.nanoTime() < deadline; iter++) {
      Entry base = chain.get(rnd.nextInt(chain.size()));
      boolean evidence = iter % 5 == 0;
      byte[] b = evidence ? new CheatEvidence(base, Hash32.ZERO, Hash32.ZERO).encode() : base.encode();
      byte[] m = mutate(rnd, b);
      try {
        if (evidence) {
          CheatEvidence ev = CheatEvidence.decode(m);
          assertThat(ev.encode()).isEqualTo(m);
        } else {
          Entry d = Entry.decode(m);
          assertThat(d.encode()).isEqualTo(m);
          assertThat(Entry.decode(d.encode())).isEqualTo(d);
        }
        accepted++;
      } catch (MalformedEntryException expected) {
        assertThat(expected.offset()).isBetween(0, m.length);
      } catch (Throwable t) {
        throw new AssertionError("iteration " + iter + ": " + t + " on " + Hex.encode(m), t);
      }
    }
    // Some mutations (a flipped hash or signature byte) still decode; that is what signatures are for.
    assertThat(accepted).isPositive();
  }

  private static byte[] mutate(Random rnd, byte[] b) {
    int kind = rnd.nextInt(6);
    int rounds = 1 + rnd.nextInt(3);
    byte[] m = b.clone();
    for (int r = 0; r < rounds && m.length > 0; r++) {
      int i = rnd.nextInt(m.length);
      switch (kind) {
        case 0 -> m[i] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> m[i] = (byte) rnd.nextInt(256);
        case 2 -> {
          byte[] n = new byte[m.length + 1];
          System.arraycopy(m, 0, n, 0, i);
          n[i] = (byte) rnd.nextInt(256);
          System.arraycopy(m, i, n, i + 1, m.length - i);
          m = n;
        }
        case 3 -> {
          byte[] n = new byte[m.length - 1];
          System.arraycopy(m, 0, n, 0, i);
          System.arraycopy(m, i + 1, n, i, m.length - i - 1);
          m = n;
        }
        case 4 -> m = Arrays.copyOf(m, i);
        default -> {
          // overwrite with a "large" ULEB128 length
          m[i] = (byte) 0xff;
          if (i + 1 < m.length) m[i + 1] = (byte) 0xff;
          if (i + 2 < m.length) m[i + 2] = (byte) 0x7f;
        }
      }
    }
    return m;
  }
}
