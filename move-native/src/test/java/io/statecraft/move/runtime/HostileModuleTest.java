package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import org.junit.jupiter.api.Test;

/**
 * Programs written to hurt the node: each must end with the right status inside its limits,
 * the same way every time, and leave the JVM unharmed (no StackOverflowError, no OOM).
 */
class HostileModuleTest {
  static CompiledModule hostile() {
    ModuleBuilder m = ModuleBuilder.sui("0x66", "evil");
    m.genericStruct("Box", Abilities.COPY | Abilities.DROP, new int[] {0}, new boolean[] {false}, "v", Ty.tp(0));
    m.fun("spin").code(c -> c.label("l").branch("l"));
    m.fun("recurse").code(c -> c.call("recurse").ret());
    m.fun("flood").code(c -> c.label("l").ldU64(1).branch("l"));
    m.fun("grow").locals(Ty.vec(Ty.U64)).code(c -> c
        .vecPack(Ty.U64, 0).stLoc(0)
        .label("l").mutBorrowLoc(0).ldU64(7).vecPushBack(Ty.U64).branch("l"));
    // nest<T>(v: T): wraps v in a vector forever through polymorphic recursion
    m.fun("nest").typeParams(Abilities.COPY | Abilities.DROP).params(Ty.tp(0)).code(c -> c
        .moveLoc(0).vecPack(Ty.tp(0), 1).callGeneric("nest", Ty.vec(Ty.tp(0))).ret());
    m.fun("start_nest").code(c -> c.ldU64(1).callGeneric("nest", Ty.U64).ret());
    // Box<u64> declared, but each iteration packs the previous box as the field: ill-typed
    // nesting a verifier would refuse; copying it must trap, not overflow the Java stack.
    m.fun("lying_box").locals(Ty.st("Box", Ty.U64), Ty.U64).code(c -> c
        .ldU64(0).packGeneric("Box", Ty.U64).stLoc(0).ldU64(0).stLoc(1)
        .label("l").moveLoc(0).packGeneric("Box", Ty.U64).stLoc(0)
        .copyLoc(1).ldU64(1).add().stLoc(1)
        .copyLoc(1).ldU64(5000).lt().brTrue("l")
        .copyLoc(0).pop().ret());
    m.fun("ill_typed").returns(Ty.U64).code(c -> c.ldTrue().ldU64(1).add().ret());
    m.fun("copy_bomb").locals(Ty.vec(Ty.U64), Ty.vec(Ty.U64)).code(c -> c
        .vecPack(Ty.U64, 0).stLoc(0)
        .label("fill").mutBorrowLoc(0).ldU64(1).vecPushBack(Ty.U64)
        .immBorrowLoc(0).vecLen(Ty.U64).ldU64(5000).lt().brTrue("fill")
        .label("copy").copyLoc(0).stLoc(1).branch("copy"));
    return m.build();
  }

  static TestVm vm() {
    VmLimits limits = new VmLimits(1024, 1024, 128, 256, 10_000, 100, 1 << 20, 16, 4096);
    TestVm vm = new TestVm(NativeRegistry.standard(), limits, hostile());
    vm.gasLimit = 1_000_000;
    return vm;
  }

  @Test
  void infiniteLoopRunsOutOfGasAtTheSameInstruction() {
    ExecutionResult a = vm().call("0x66::evil::spin");
    ExecutionResult b = vm().call("0x66::evil::spin");
    assertThat(a.error().statusCode()).isEqualTo(StatusCode.OUT_OF_GAS);
    assertThat(a.gasUsed()).isEqualTo(1_000_000);
    assertThat(a.error().codeOffset()).isEqualTo(0);
    assertThat(a.toJson()).isEqualTo(b.toJson());
  }

  @Test
  void unboundedRecursionIsCallStackOverflow() {
    ExecutionResult r = vm().call("0x66::evil::recurse");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.CALL_STACK_OVERFLOW);
    assertThat(r.error().function()).isEqualTo("recurse");
  }

  @Test
  void operandStackFloodIsExecutionStackOverflow() {
    ExecutionResult r = vm().call("0x66::evil::flood");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.EXECUTION_STACK_OVERFLOW);
    assertThat(r.error().codeOffset()).isEqualTo(0);
  }

  @Test
  void hugeVectorHitsTheLengthLimit() {
    ExecutionResult r = vm().call("0x66::evil::grow");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.VECTOR_OPERATION_ERROR);
    assertThat(r.error().subStatus()).isEqualTo(StatusCode.VEC_SIZE_LIMIT_REACHED);
  }

  @Test
  void deepNestingHitsADepthLimit() {
    ExecutionResult r = vm().call("0x66::evil::start_nest");
    assertThat(r.error().statusCode()).isIn(StatusCode.VM_MAX_VALUE_DEPTH_REACHED, StatusCode.VM_MAX_TYPE_DEPTH_REACHED);
  }

  @Test
  void illTypedDeepValuesTrapInsteadOfOverflowingTheJavaStack() {
    ExecutionResult r = vm().call("0x66::evil::lying_box");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.VM_MAX_VALUE_DEPTH_REACHED);
  }

  @Test
  void illTypedCodeIsATrapNotAJvmError() {
    ExecutionResult r = vm().call("0x66::evil::ill_typed");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.INTERNAL_TYPE_ERROR);
    assertThat(r.error().codeOffset()).isEqualTo(2);
  }

  @Test
  void copyingBigValuesCostsGasPerElement() {
    ExecutionResult r = vm().call("0x66::evil::copy_bomb");
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.OUT_OF_GAS);
    // each copy of 5000 elements costs ~5000 units: far fewer than 1M instructions ran
    assertThat(r.gasUsed()).isEqualTo(1_000_000);
  }
}
