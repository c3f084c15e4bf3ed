package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One instruction (or a few) per test, with its edge cases and its errors. */
class InstructionTest {
  static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  static final BigInteger U256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** Runs {@code 0x42::t::f} with the given code and returns the result. */
  static ExecutionResult run(Ty[] returns, Ty[] locals, Consumer<ModuleBuilder.Code> code) {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "t");
    m.struct("Point", Abilities.COPY | Abilities.DROP, "x", Ty.U64, "y", Ty.U64);
    m.struct("Line", Abilities.COPY | Abilities.DROP, "a", Ty.st("Point"), "b", Ty.st("Point"));
    m.fun("f").returns(returns).locals(locals).code(code);
    return new TestVm(m.build()).call("0x42::t::f");
  }

  static Object value(Ty ret, Consumer<ModuleBuilder.Code> code) {
    ExecutionResult r = run(new Ty[] {ret}, new Ty[0], code);
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    return r.returnValues().get(0);
  }

  static VmError error(Ty[] locals, Consumer<ModuleBuilder.Code> code) {
    ExecutionResult r = run(new Ty[0], locals, code);
    assertThat(r.isSuccess()).as("expected a failure").isFalse();
    return r.error();
  }

  static VmError error(Consumer<ModuleBuilder.Code> code) {
    return error(new Ty[0], code);
  }

  static void assertArithmeticError(Consumer<ModuleBuilder.Code> code, int offset) {
    VmError e = error(code);
    assertThat(e.statusCode()).isEqualTo(StatusCode.ARITHMETIC_ERROR);
    assertThat(e.module()).isEqualTo(ModuleId.parse("0x42::t"));
    assertThat(e.function()).isEqualTo("f");
    assertThat(e.codeOffset()).isEqualTo(offset);
  }

  @Test
  void addAtMaxValues() {
    assertThat(value(Ty.U8, c -> c.ldU8(254).ldU8(1).add().ret())).isEqualTo(Values.u8(255));
    assertThat(value(Ty.U16, c -> c.ldU16(65534).ldU16(1).add().ret())).isEqualTo(Values.u16(65535));
    assertThat(value(Ty.U32, c -> c.ldU32(0xFFFF_FFFEL).ldU32(1).add().ret())).isEqualTo(Values.u32(0xFFFF_FFFFL));
    assertThat(value(Ty.U64, c -> c.ldU64(-2L).ldU64(1).add().ret())).isEqualTo(-1L);
    assertThat(value(Ty.U128, c -> c.ldU128(U128_MAX.subtract(BigInteger.ONE)).ldU128(BigInteger.ONE).add().ret()))
        .isEqualTo(U128.of(U128_MAX));
    assertThat(value(Ty.U256, c -> c.ldU256(U256_MAX.subtract(BigInteger.ONE)).ldU256(BigInteger.ONE).add().ret()))
        .isEqualTo(U256.of(U256_MAX));
  }

  @Test
  void addOverflowIsArithmeticErrorAtTheInstruction() {
    assertArithmeticError(c -> c.ldU8(255).ldU8(1).add().ret(), 2);
    assertArithmeticError(c -> c.ldU16(65535).ldU16(1).add().ret(), 2);
    assertArithmeticError(c -> c.ldU32(0xFFFF_FFFFL).ldU32(1).add().ret(), 2);
    assertArithmeticError(c -> c.ldU64(-1L).ldU64(1).add().ret(), 2);
    assertArithmeticError(c -> c.ldU128(U128_MAX).ldU128(BigInteger.ONE).add().ret(), 2);
    assertArithmeticError(c -> c.ldU256(U256_MAX).ldU256(BigInteger.ONE).add().ret(), 2);
  }

  @Test
  void subUnderflow() {
    assertThat(value(Ty.U64, c -> c.ldU64(5).ldU64(5).sub().ret())).isEqualTo(0L);
    assertArithmeticError(c -> c.ldU64(0).ldU64(1).sub().ret(), 2);
    assertArithmeticError(c -> c.ldU8(0).ldU8(1).sub().ret(), 2);
    assertArithmeticError(c -> c.ldU128(BigInteger.ZERO).ldU128(BigInteger.ONE).sub().ret(), 2);
  }

  @Test
  void mulOverflow() {
    assertThat(value(Ty.U64, c -> c.ldU64(0xFFFF_FFFFL).ldU64(0x1_0000_0001L).mul().ret())).isEqualTo(-1L);
    assertArithmeticError(c -> c.ldU64(1L << 32).ldU64(1L << 32).mul().ret(), 2);
    assertArithmeticError(c -> c.ldU64(-1L).ldU64(2).mul().ret(), 2);
    assertArithmeticError(c -> c.ldU8(16).ldU8(16).mul().ret(), 2);
    assertArithmeticError(c -> c.ldU16(256).ldU16(256).mul().ret(), 2);
    assertArithmeticError(c -> c.ldU32(65536).ldU32(65536).mul().ret(), 2);
    assertThat(value(Ty.U256, c -> c.ldU256(BigInteger.ONE.shiftLeft(128)).ldU256(U128_MAX).mul().ret()))
        .isEqualTo(U256.of(BigInteger.ONE.shiftLeft(128).multiply(U128_MAX)));
  }

  @Test
  void divAndModByZero() {
    assertThat(value(Ty.U64, c -> c.ldU64(-1L).ldU64(2).div().ret())).isEqualTo(Long.MAX_VALUE);
    assertThat(value(Ty.U64, c -> c.ldU64(-1L).ldU64(10).mod().ret())).isEqualTo(5L);
    assertArithmeticError(c -> c.ldU64(1).ldU64(0).div().ret(), 2);
    assertArithmeticError(c -> c.ldU64(1).ldU64(0).mod().ret(), 2);
    assertArithmeticError(c -> c.ldU8(1).ldU8(0).div().ret(), 2);
    assertArithmeticError(c -> c.ldU128(BigInteger.ONE).ldU128(BigInteger.ZERO).mod().ret(), 2);
  }

  @Test
  void shiftsByWidthOrMoreFail() {
    assertThat(value(Ty.U8, c -> c.ldU8(0xFF).ldU8(4).shl().ret())).isEqualTo(Values.u8(0xF0));
    assertThat(value(Ty.U64, c -> c.ldU64(1).ldU8(63).shl().ret())).isEqualTo(Long.MIN_VALUE);
    assertThat(value(Ty.U64, c -> c.ldU64(Long.MIN_VALUE).ldU8(63).shr().ret())).isEqualTo(1L);
    assertThat(value(Ty.U256, c -> c.ldU256(BigInteger.ONE).ldU8(255).shl().ret()))
        .isEqualTo(U256.of(BigInteger.ONE.shiftLeft(255)));
    assertArithmeticError(c -> c.ldU8(1).ldU8(8).shl().ret(), 2);
    assertArithmeticError(c -> c.ldU64(1).ldU8(64).shr().ret(), 2);
    assertArithmeticError(c -> c.ldU128(BigInteger.ONE).ldU8(128).shl().ret(), 2);
  }

  @Test
  void bitwiseAndComparisons() {
    assertThat(value(Ty.U64, c -> c.ldU64(0b1100).ldU64(0b1010).bitAnd().ret())).isEqualTo(0b1000L);
    assertThat(value(Ty.U64, c -> c.ldU64(0b1100).ldU64(0b1010).bitOr().ret())).isEqualTo(0b1110L);
    assertThat(value(Ty.U64, c -> c.ldU64(0b1100).ldU64(0b1010).xor().ret())).isEqualTo(0b0110L);
    // unsigned: 2^63 > 1
    assertThat(value(Ty.BOOL, c -> c.ldU64(Long.MIN_VALUE).ldU64(1).gt().ret())).isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldU8(200).ldU8(100).lt().ret())).isEqualTo(false);
    assertThat(value(Ty.BOOL, c -> c.ldU128(U128_MAX).ldU128(U128_MAX).le().ret())).isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldU64(3).ldU64(4).ge().ret())).isEqualTo(false);
    assertThat(value(Ty.BOOL, c -> c.ldTrue().ldFalse().or().ret())).isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldTrue().ldFalse().and().ret())).isEqualTo(false);
    assertThat(value(Ty.BOOL, c -> c.ldFalse().not().ret())).isEqualTo(true);
  }

  @Test
  void castsCheckRange() {
    assertThat(value(Ty.U8, c -> c.ldU64(255).castU8().ret())).isEqualTo(Values.u8(255));
    assertThat(value(Ty.U16, c -> c.ldU8(7).castU16().ret())).isEqualTo(Values.u16(7));
    assertThat(value(Ty.U64, c -> c.ldU128(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).castU64().ret()))
        .isEqualTo(-1L);
    assertThat(value(Ty.U256, c -> c.ldU64(-1L).castU256().ret()))
        .isEqualTo(U256.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
    assertArithmeticError(c -> c.ldU64(256).castU8().ret(), 1);
    assertArithmeticError(c -> c.ldU64(65536).castU16().ret(), 1);
    assertArithmeticError(c -> c.ldU64(1L << 32).castU32().ret(), 1);
    assertArithmeticError(c -> c.ldU128(BigInteger.ONE.shiftLeft(64)).castU64().ret(), 1);
    assertArithmeticError(c -> c.ldU256(BigInteger.ONE.shiftLeft(128)).castU128().ret(), 1);
  }

  @Test
  void abortCarriesCodeAndLocation() {
    VmError e = error(c -> c.nop().ldU64(-1L).abort());
    assertThat(e.statusCode()).isEqualTo(StatusCode.ABORTED);
    assertThat(e.abortCode()).isEqualTo(-1L);
    assertThat(e.codeOffset()).isEqualTo(2);
    assertThat(e.function()).isEqualTo("f");
  }

  @Test
  void localsAndReferences() {
    // let x = 1; let r = &mut x; *r = *r + 41; x
    ExecutionResult r = run(new Ty[] {Ty.U64}, new Ty[] {Ty.U64, Ty.mref(Ty.U64)}, c -> c
        .ldU64(1).stLoc(0).mutBorrowLoc(0).stLoc(1)
        .copyLoc(1).readRef().ldU64(41).add().moveLoc(1).writeRef().moveLoc(0).ret());
    assertThat(r.returnValues()).containsExactly(42L);
  }

  @Test
  void structFieldsNestedReferencesAndCopies() {
    // l = Line{a: Point{1,2}, b: Point{3,4}}; l.b.y = 40; copy of l unaffected by later writes
    ExecutionResult r = run(new Ty[] {Ty.U64, Ty.st("Line")}, new Ty[] {Ty.st("Line"), Ty.st("Line")}, c -> c
        .ldU64(1).ldU64(2).pack("Point").ldU64(3).ldU64(4).pack("Point").pack("Line").stLoc(0)
        .ldU64(40).mutBorrowLoc(0).borrowField("Line", "b", true).borrowField("Point", "y", true).writeRef()
        .copyLoc(0).stLoc(1)
        .ldU64(99).mutBorrowLoc(0).borrowField("Line", "a", true).borrowField("Point", "x", true).writeRef()
        .immBorrowLoc(0).borrowField("Line", "a", false).borrowField("Point", "x", false).readRef()
        .moveLoc(1).ret());
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.returnValues().get(0)).isEqualTo(99L);
    assertThat(r.returnValuesJson()).isEqualTo("[\"99\",{\"a\":{\"x\":\"1\",\"y\":\"2\"},\"b\":{\"x\":\"3\",\"y\":\"40\"}}]");
  }

  @Test
  void unpackPushesFieldsInOrder() {
    assertThat(value(Ty.U64, c -> c.ldU64(10).ldU64(3).pack("Point").unpack("Point").sub().ret())).isEqualTo(7L);
  }

  @Test
  void deepEquality() {
    assertThat(value(Ty.BOOL, c -> c.ldU64(1).ldU64(2).pack("Point").ldU64(1).ldU64(2).pack("Point").eq().ret()))
        .isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldU64(1).ldU64(2).pack("Point").ldU64(1).ldU64(3).pack("Point").neq().ret()))
        .isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldU64(1).ldU64(2).vecPack(Ty.U64, 2).ldU64(1).ldU64(2).vecPack(Ty.U64, 2).eq().ret()))
        .isEqualTo(true);
    assertThat(value(Ty.BOOL, c -> c.ldU64(1).vecPack(Ty.U64, 1).ldU64(1).ldU64(2).vecPack(Ty.U64, 2).eq().ret()))
        .isEqualTo(false);
  }

  @Test
  void vectorOperations() {
    // v = [5, 6, 7]; swap(v, 0, 2); push 8; pop -> 8; len 3; v[0] = 7
    ExecutionResult r = run(new Ty[] {Ty.U64, Ty.U64, Ty.vec(Ty.U64)}, new Ty[] {Ty.vec(Ty.U64)}, c -> c
        .ldU64(5).ldU64(6).ldU64(7).vecPack(Ty.U64, 3).stLoc(0)
        .mutBorrowLoc(0).ldU64(0).ldU64(2).vecSwap(Ty.U64)
        .mutBorrowLoc(0).ldU64(8).vecPushBack(Ty.U64)
        .mutBorrowLoc(0).vecPopBack(Ty.U64)
        .immBorrowLoc(0).vecLen(Ty.U64).add()
        .immBorrowLoc(0).ldU64(0).vecBorrow(Ty.U64, false).readRef()
        .moveLoc(0).ret());
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.returnValues().subList(0, 2)).containsExactly(11L, 7L);
    assertThat(r.returnValuesJson()).isEqualTo("[\"11\",\"7\",[\"7\",\"6\",\"5\"]]");
  }

  @Test
  void vectorUnpackAndEmpty() {
    assertThat(value(Ty.U64, c -> c.ldU64(9).ldU64(4).vecPack(Ty.U64, 2).vecUnpack(Ty.U64, 2).sub().ret())).isEqualTo(5L);
    assertThat(value(Ty.vec(Ty.U8), c -> c.vecPack(Ty.U8, 0).ret())).isInstanceOf(VectorValue.class);
  }

  static void assertVectorError(VmError e, long sub, int offset) {
    assertThat(e.statusCode()).isEqualTo(StatusCode.VECTOR_OPERATION_ERROR);
    assertThat(e.subStatus()).isEqualTo(sub);
    assertThat(e.codeOffset()).isEqualTo(offset);
  }

  @Test
  void vectorErrorsHaveSubStatuses() {
    Ty[] v = {Ty.vec(Ty.U64)};
    assertVectorError(error(v, c -> c.vecPack(Ty.U64, 0).stLoc(0).immBorrowLoc(0).ldU64(0).vecBorrow(Ty.U64, false).pop().ret()),
        StatusCode.INDEX_OUT_OF_BOUNDS, 4);
    assertVectorError(error(v, c -> c.ldU64(1).vecPack(Ty.U64, 1).stLoc(0).immBorrowLoc(0).ldU64(-1L).vecBorrow(Ty.U64, false).pop().ret()),
        StatusCode.INDEX_OUT_OF_BOUNDS, 5);
    assertVectorError(error(v, c -> c.vecPack(Ty.U64, 0).stLoc(0).mutBorrowLoc(0).vecPopBack(Ty.U64).pop().ret()),
        StatusCode.POP_EMPTY_VEC, 3);
    assertVectorError(error(v, c -> c.ldU64(1).vecPack(Ty.U64, 1).stLoc(0).mutBorrowLoc(0).ldU64(0).ldU64(1).vecSwap(Ty.U64).ret()),
        StatusCode.INDEX_OUT_OF_BOUNDS, 6);
    assertVectorError(error(c -> c.ldU64(1).vecPack(Ty.U64, 1).vecUnpack(Ty.U64, 2).pop().pop().ret()),
        StatusCode.VEC_UNPACK_PARITY_MISMATCH, 2);
  }

  @Test
  void constantsAreFreshCopies() {
    byte[] bcs = {3, 1, 2, 3};
    // c = CONST; push(&mut c, 4); CONST again has length 3
    ExecutionResult r = run(new Ty[] {Ty.U64}, new Ty[] {Ty.vec(Ty.U8)}, c -> c
        .ldConst(Ty.vec(Ty.U8), bcs).stLoc(0).mutBorrowLoc(0).ldU8(4).vecPushBack(Ty.U8)
        .ldConst(Ty.vec(Ty.U8), bcs).stLoc(0).immBorrowLoc(0).vecLen(Ty.U8).ret());
    assertThat(r.returnValues()).containsExactly(3L);
  }

  @Test
  void wideIntegersRoundTripThroughBcsAndJson() {
    ExecutionResult r = run(new Ty[] {Ty.U128, Ty.U256}, new Ty[0], c -> c.ldU128(U128_MAX).ldU256(U256_MAX).ret());
    assertThat(r.returnValuesJson()).isEqualTo("[\"" + U128_MAX + "\",\"" + U256_MAX + "\"]");
    assertThat(r.returnBcs().get(0)).hasSize(16).containsOnly((byte) 0xFF);
    assertThat(List.of(r.returnBcs().get(1).length)).containsExactly(32);
  }
}
