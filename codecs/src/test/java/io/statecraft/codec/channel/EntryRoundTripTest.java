package io.statecraft.codec.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryRoundTripTest {

  @Test
  void everyTransactionKindWithEveryEffectsShapeDecodesToAnEqualEntry() throws Exception {
    long h = 1;
    for (Transaction tx : EntrySamples.everyTransactionKind()) {
      for (Effects fx : EntrySamples.effectsVariety()) {
        Entry e = EntrySamples.entry(h++, EntrySamples.GENESIS, tx, fx);
        byte[] bytes = e.encode();
        Entry back = Entry.decode(bytes);
        assertThat(back).isEqualTo(e);
        assertThat(back.tx()).isEqualTo(tx);
        assertThat(back.effects()).isEqualTo(fx);
        assertThat(back.header()).isEqualTo(e.header());
        assertThat(back.entryHash()).isEqualTo(e.entryHash());
        assertThat(back.encode()).isEqualTo(bytes);
        assertThat(EntryCodec.decodeTransaction(tx.encode())).isEqualTo(tx);
        assertThat(EntryCodec.decodeEffects(fx.encode())).isEqualTo(fx);
      }
    }
  }

  @Test
  void writeSetIsSortedByAddressThenStructTagBytesWhateverTheInputOrder() {
    Effects fx = EntrySamples.effectsVariety().get(1);
    List<WriteOp> ws = fx.writeSet();
    for (int i = 1; i < ws.size(); i++) {
      assertThat(java.util.Arrays.compareUnsigned(ws.get(i - 1).key(), ws.get(i).key())).isNegative();
    }
    Effects reversed = new Effects(List.of(ws.get(2), ws.get(1), ws.get(0)), fx.events(), fx.gasUsed(), null);
    assertThat(reversed.encode()).isEqualTo(fx.encode());
  }

  @Test
  void twoWritesToOneResourceAreRefused() {
    Address a = Address.ofShort(9);
    assertThatThrownBy(() -> new Effects(List.of(WriteOp.put(a, EntrySamples.POSITION, Blob.ofHex("01")),
        WriteOp.delete(a, EntrySamples.POSITION)), List.of(), 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same resource");
  }

  @Test
  void typeTagsAndFunctionIdsParseAndPrint() throws Exception {
    TypeTag t = TypeTag.parse("vector<0x2::coin::Coin<0xcafe::game::GOLD>>");
    assertThat(t).isEqualTo(new TypeTag.Vector(EntrySamples.COIN_OF_GOLD));
    assertThat(t.toString()).isEqualTo("vector<0x2::coin::Coin<0xcafe::game::GOLD>>");
    assertThat(TypeTag.parse("0x1::m::Pair<u8, vector<bool>>").toString()).isEqualTo("0x1::m::Pair<u8, vector<bool>>");
    assertThat(FunctionId.parse("0xcafe::game::move_to").toString()).isEqualTo("0xcafe::game::move_to");
    assertThatThrownBy(() -> TypeTag.parse("0x1::9bad::X")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FunctionId.parse("0x1::m")).isInstanceOf(IllegalArgumentException.class);
    String deep = "vector<".repeat(TypeTag.MAX_DEPTH) + "u8" + ">".repeat(TypeTag.MAX_DEPTH);
    assertThatThrownBy(() -> TypeTag.parse(deep)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cheatEvidenceRoundTrips() throws Exception {
    Entry e = EntrySamples.chain(3).get(2);
    CheatEvidence ev = new CheatEvidence(e, Hash32.sha256(new byte[] {1}), e.stateRoot());
    CheatEvidence back = CheatEvidence.decode(ev.encode());
    assertThat(back).isEqualTo(ev);
    assertThat(back.encode()).isEqualTo(ev.encode());
  }
}
