package io.statecraft.move.bcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.SignedInt;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.U128;
import io.statecraft.move.runtime.U256;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.runtime.VectorValue;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class BcsTest {
  @Test
  void primitivesAreLittleEndian() {
    assertThat(Bcs.serialize(Type.BOOL, true)).containsExactly(1);
    assertThat(Bcs.serialize(Type.U8, Values.u8(255))).containsExactly(0xFF);
    assertThat(Bcs.serialize(Type.U16, Values.u16(0x1234))).containsExactly(0x34, 0x12);
    assertThat(Bcs.serialize(Type.U32, Values.u32(0xDEADBEEFL))).containsExactly(0xEF, 0xBE, 0xAD, 0xDE);
    assertThat(Bcs.serialize(Type.U64, -1L)).hasSize(8).containsOnly(0xFF);
    assertThat(Bcs.serialize(Type.U128, U128.of(BigInteger.ONE))).hasSize(16).startsWith(1);
    assertThat(Bcs.serialize(Type.U256, U256.of(BigInteger.ONE.shiftLeft(255)))).hasSize(32).endsWith(0x80);
    assertThat(Bcs.serialize(Type.I64, new SignedInt(Type.Kind.I64, BigInteger.valueOf(-2)))).hasSize(8)
        .startsWith(0xFE).endsWith(0xFF);
    assertThat(Bcs.serialize(Type.ADDRESS, AccountAddress.ONE)).hasSize(32).endsWith(1);
  }

  @Test
  void vectorsHaveUleb128Lengths() {
    byte[] big = new byte[300];
    byte[] enc = Bcs.serialize(Type.VECTOR_U8, VectorValue.ofBytes(big));
    assertThat(enc).hasSize(302).startsWith(0xAC, 0x02);
    assertThat(((VectorValue) Bcs.deserialize(Type.VECTOR_U8, enc)).size()).isEqualTo(300);
    assertThat(Bcs.serialize(Type.vector(Type.U16), VectorValue.of(Values.u16(1), Values.u16(2))))
        .containsExactly(2, 1, 0, 2, 0);
  }

  @Test
  void roundTrips() {
    Object[][] cases = {
      {Type.U64, 1234567890123L},
      {Type.U128, U128.of(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE))},
      {Type.I64, new SignedInt(Type.Kind.I64, BigInteger.valueOf(Long.MIN_VALUE))},
      {Type.ADDRESS, AccountAddress.parse("0xabc")},
    };
    for (Object[] c : cases) {
      Type t = (Type) c[0];
      assertThat(Bcs.deserialize(t, Bcs.serialize(t, c[1]))).isEqualTo(c[1]);
    }
  }

  @Test
  void malformedInputIsRejected() {
    assertThatThrownBy(() -> Bcs.deserialize(Type.BOOL, new byte[] {2})).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> Bcs.deserialize(Type.U64, new byte[7])).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> Bcs.deserialize(Type.U8, new byte[2])).isInstanceOf(BcsException.class);
    // non-canonical ULEB128 (0 encoded in two bytes)
    assertThatThrownBy(() -> Bcs.deserialize(Type.VECTOR_U8, new byte[] {(byte) 0x80, 0})).isInstanceOf(BcsException.class);
    // a length larger than the input
    assertThatThrownBy(() -> Bcs.deserialize(Type.VECTOR_U8, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F}))
        .isInstanceOf(BcsException.class);
  }
}
