package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Aptos-only instructions: signed integers (v9) and enums as struct variants (v7). */
class AptosFeaturesTest {
  static TestVm vm() {
    ModuleBuilder m = ModuleBuilder.aptos("0x42", "a");
    m.enumType("Shape", Abilities.COPY | Abilities.DROP, new int[0],
        "Circle", new Object[] {"r", Ty.U64}, "Square", new Object[] {"r", Ty.U64, "tag", Ty.U8});
    m.fun("neg").params(Ty.I64).returns(Ty.I64).code(c -> c.moveLoc(0).negate().ret());
    m.fun("sub").params(Ty.I64, Ty.I64).returns(Ty.I64).code(c -> c.moveLoc(0).moveLoc(1).sub().ret());
    m.fun("to_u64").params(Ty.I64).returns(Ty.U64).code(c -> c.moveLoc(0).castU64().ret());
    m.fun("square").params(Ty.U64).returns(Ty.st("Shape")).code(c -> c
        .moveLoc(0).ldU8(9).packStructVariant("Shape", "Square").ret());
    m.fun("radius").params(Ty.st("Shape")).returns(Ty.U64, Ty.BOOL).code(c -> c
        .immBorrowLoc(0).borrowVariantField("Shape", "r", false, "Circle", "Square").readRef()
        .immBorrowLoc(0).testStructVariant("Shape", "Circle").ret());
    m.fun("circle_r").params(Ty.st("Shape")).returns(Ty.U64).code(c -> c
        .moveLoc(0).unpackStructVariant("Shape", "Circle").ret());
    m.fun("sub_u").params(Ty.U64, Ty.U64).returns(Ty.U64).code(c -> c.moveLoc(0).moveLoc(1).sub().ret());
    // apply(x, y): (|a| sub_u(x, a))(y) -- captures parameter 0, the call supplies parameter 1
    m.fun("apply").params(Ty.U64, Ty.U64).returns(Ty.U64).code(c -> c
        .moveLoc(1).moveLoc(0).packClosure("sub_u", 0b01).callClosure().ret());
    return new TestVm(m.build());
  }

  @Test
  void closuresCaptureAndCall() {
    TestVm vm = vm();
    assertThat(vm.call("0x42::a::apply", Type.U64, 10L, Type.U64, 3L).returnValues()).containsExactly(7L);
    assertThat(vm.call("0x42::a::apply", Type.U64, 1L, Type.U64, 3L).error().function()).isEqualTo("sub_u");
  }

  static SignedInt i64(long v) {
    return new SignedInt(Type.Kind.I64, BigInteger.valueOf(v));
  }

  @Test
  void signedIntegers() {
    TestVm vm = vm();
    assertThat(vm.call("0x42::a::neg", Type.I64, i64(5)).returnValues()).containsExactly(i64(-5));
    assertThat(vm.call("0x42::a::neg", Type.I64, i64(Long.MIN_VALUE)).error().statusCode())
        .isEqualTo(StatusCode.ARITHMETIC_ERROR);
    assertThat(vm.call("0x42::a::sub", Type.I64, i64(-3), Type.I64, i64(4)).returnValues()).containsExactly(i64(-7));
    assertThat(vm.call("0x42::a::sub", Type.I64, i64(Long.MIN_VALUE), Type.I64, i64(1)).error().statusCode())
        .isEqualTo(StatusCode.ARITHMETIC_ERROR);
    assertThat(vm.call("0x42::a::to_u64", Type.I64, i64(7)).returnValues()).containsExactly(7L);
    assertThat(vm.call("0x42::a::to_u64", Type.I64, i64(-1)).error().statusCode()).isEqualTo(StatusCode.ARITHMETIC_ERROR);
    assertThat(vm.call("0x42::a::neg", Type.I64, i64(2)).returnValuesJson()).isEqualTo("[\"-2\"]");
  }

  @Test
  void structVariants() {
    TestVm vm = vm();
    ExecutionResult sq = vm.call("0x42::a::square", Type.U64, 4L);
    assertThat(sq.returnValuesJson()).isEqualTo("[{\"@variant\":\"Square\",\"r\":\"4\",\"tag\":9}]");
    Type shape = vm.modules.parseType("0x42::a::Shape");
    Object square = sq.returnValues().get(0);
    assertThat(vm.call("0x42::a::radius", shape, square).returnValues()).containsExactly(4L, false);
    assertThat(vm.call("0x42::a::radius", shape, new StructValue(0, new Object[] {3L})).returnValues())
        .containsExactly(3L, true);
    assertThat(vm.call("0x42::a::circle_r", shape, square).error().statusCode())
        .isEqualTo(StatusCode.STRUCT_VARIANT_MISMATCH);
  }
}
