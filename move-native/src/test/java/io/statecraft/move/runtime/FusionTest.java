package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.Ty;
import io.statecraft.move.bench.BenchPrograms;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.storage.StateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Superinstructions and unboxed u64 lanes change nothing observable: same results, gas, and
 * trap offsets as the generic, unfused ops.
 */
class FusionTest {
  static List<String> outcomes(boolean fused, String function, long[] gasLimits, long... args) {
    return outcomes(BenchPrograms.module(), "0xbe::bench", fused, function, gasLimits, args);
  }

  static List<String> outcomes(CompiledModule module, String id, boolean fused, String function, long[] gasLimits,
      long... args) {
    Fusion.enabled = fused;
    Lanes.enabled = fused;
    try {
      ModuleSet set = ModuleSet.load(List.of(module), NativeRegistry.standard());
      List<String> out = new ArrayList<>();
      for (GasSchedule schedule : List.of(GasSchedule.DEFAULT, GasSchedule.INSTRUCTION_COUNT)) {
        MoveVm vm = new MoveVm(set, VmLimits.DEFAULT, schedule, Map.of());
        FunctionDef f = set.function(ModuleId.parse(id), function);
        for (long gas : gasLimits) {
          List<byte[]> bcs = new ArrayList<>();
          for (long a : args) {
            bcs.add(Bcs.serialize(Type.U64, a));
          }
          out.add(vm.run(StateView.EMPTY, f, List.of(), List.of(), bcs, gas).toJson());
        }
      }
      return out;
    } finally {
      Fusion.enabled = true;
      Lanes.enabled = true;
    }
  }

  @Test
  void verifiedBenchCodeRunsOnTheLongLanes() {
    ModuleSet set = ModuleSet.load(List.of(BenchPrograms.module()), NativeRegistry.standard());
    for (String f : List.of("arith", "sort", "tick", "game")) {
      int[] ops = set.function(ModuleId.parse("0xbe::bench"), f).code().ops();
      assertThat(java.util.Arrays.stream(ops).anyMatch(op -> op >= Lanes.L0 && op < Lanes.END)).as(f).isTrue();
    }
    ModuleSet unverified = ModuleSet.loadUnverified(List.of(BenchPrograms.module()), NativeRegistry.standard());
    int[] ops = unverified.function(ModuleId.parse("0xbe::bench"), "arith").code().ops();
    assertThat(java.util.Arrays.stream(ops).allMatch(op -> op < Op.COUNT)).isTrue();
  }

  @Test
  void arithmeticTrapsOnTheLanesMatchTheGenericOps() {
    // overflow in the lanes: arith(n) with a huge n overflows nothing, but sort/arith with
    // gas limits near every instruction boundary are covered below; here: exact error offsets
    long[] limits = {1_000_000_000L};
    for (long n : new long[] {0, 1, 2, 3, 17}) {
      assertThat(outcomes(true, "arith", limits, n)).isEqualTo(outcomes(false, "arith", limits, n));
      assertThat(outcomes(true, "sort", limits, n)).isEqualTo(outcomes(false, "sort", limits, n));
    }
  }

  @Test
  void fusedAndUnfusedCodeAgreeOnEveryGasLimit() {
    long[] limits = new long[400];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = i * 7 + 1;
    }
    for (String[] call : new String[][] {{"arith", "30"}, {"sort", "12"}, {"game", "5", "3"}}) {
      long[] args = new long[call.length - 1];
      for (int i = 1; i < call.length; i++) {
        args[i - 1] = Long.parseLong(call[i]);
      }
      List<String> fused = outcomes(true, call[0], limits, args);
      List<String> plain = outcomes(false, call[0], limits, args);
      for (int i = 0; i < fused.size(); i++) {
        assertThat(fused.get(i)).as(call[0] + " run " + i).isEqualTo(plain.get(i));
      }
    }
  }

  /** Small functions whose traps fall inside each of the larger superinstructions. */
  static CompiledModule trapModule() {
    ModuleBuilder m = ModuleBuilder.sui("0xbf", "traps");
    m.struct("P", Abilities.COPY | Abilities.DROP, "x", Ty.U64, "y", Ty.U64);
    // a + b * 3: CopyLoc a; CopyLoc b; LdU64 3; Mul; Add (mul overflow mid-op, add overflow at its end)
    m.fun("op2").params(Ty.U64, Ty.U64).returns(Ty.U64).code(c -> c
        .copyLoc(0).copyLoc(1).ldU64(3).mul().add().ldU64(1).add().ret());
    // i = n; while (i < MAX) i = i + 1000: the latch overflows
    m.fun("latch").params(Ty.U64).returns(Ty.U64).locals(Ty.U64).code(c -> c
        .ldU64(-1L).stLoc(1)
        .label("loop").copyLoc(0).copyLoc(1).lt().brFalse("end")
        .copyLoc(0).ldU64(1000).add().stLoc(0).branch("loop")
        .label("end").moveLoc(0).ret());
    // p = P{a, b}; r = &mut p; r.x = (r.x + r.y) / k where k is 0 or 7
    for (long k : new long[] {0, 7}) {
      m.fun("fld" + k).params(Ty.U64, Ty.U64).returns(Ty.U64).locals(Ty.st("P"), Ty.mref(Ty.st("P"))).code(c -> c
          .copyLoc(0).copyLoc(1).pack("P").stLoc(2).mutBorrowLoc(2).stLoc(3)
          .copyLoc(3).borrowField("P", "x", false).readRef()
          .copyLoc(3).borrowField("P", "y", false).readRef().add()
          .ldU64(k).div()
          .moveLoc(3).borrowField("P", "x", true).writeRef()
          .immBorrowLoc(2).borrowField("P", "x", false).readRef().ret());
    }
    // v = [1, 2, 3]; e = &mut v[i]; *e = 9; swap(v, i - 1, j); v[0] * 10 + v[2]
    m.fun("vec").params(Ty.U64, Ty.U64).returns(Ty.U64)
        .locals(Ty.vec(Ty.U64), Ty.mref(Ty.vec(Ty.U64)), Ty.mref(Ty.U64)).code(c -> c
        .ldU64(1).ldU64(2).ldU64(3).vecPack(Ty.U64, 3).stLoc(2)
        .mutBorrowLoc(2).stLoc(3)
        .copyLoc(3).copyLoc(0).vecBorrow(Ty.U64, true).stLoc(4)
        .moveLoc(3).pop()
        .ldU64(9).moveLoc(4).writeRef()
        .mutBorrowLoc(2).copyLoc(0).ldU64(1).sub().copyLoc(1).vecSwap(Ty.U64)
        .immBorrowLoc(2).ldU64(0).vecBorrow(Ty.U64, false).readRef().ldU64(10).mul()
        .immBorrowLoc(2).ldU64(2).vecBorrow(Ty.U64, false).readRef().add().ret());
    return m.build();
  }

  @Test
  void trapsInsideSuperinstructionsChargeExactlyTheExecutedParts() {
    CompiledModule traps = trapModule();
    ModuleSet set = ModuleSet.load(List.of(traps), NativeRegistry.standard());
    int[] fused = set.function(ModuleId.parse("0xbf::traps"), "op2").code().fusedOps();
    assertThat(fused[0]).isEqualTo(Fusion.L_LLK_OP2);
    assertThat(java.util.Arrays.stream(set.function(ModuleId.parse("0xbf::traps"), "latch").code().fusedOps())
        .anyMatch(op -> op == Fusion.L_LATCH_LL)).isTrue();
    assertThat(java.util.Arrays.stream(set.function(ModuleId.parse("0xbf::traps"), "fld0").code().fusedOps())
        .filter(op -> op == Fusion.L_FIELD_OP_FIELD || op == Fusion.L_IMM_OP_WRITE_FIELD).count()).isEqualTo(2);
    int[] vec = set.function(ModuleId.parse("0xbf::traps"), "vec").code().fusedOps();
    assertThat(java.util.Arrays.stream(vec).filter(op -> op == Fusion.L_ELEM_BORROW_ST || op == Fusion.L_VEC_SWAP_IMM)
        .count()).isEqualTo(2);
    long[] limits = new long[120];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = i + 1;
    }
    limits[limits.length - 1] = 1_000_000;
    long big = Long.MAX_VALUE;
    Object[][] calls = {
      {"op2", new long[] {1, 2}}, {"op2", new long[] {5, big}}, {"op2", new long[] {-2L, 1}},
      {"op2", new long[] {-7L, 2}},
      {"latch", new long[] {-3500L}}, {"latch", new long[] {5}},
      {"fld0", new long[] {1, 2}}, {"fld7", new long[] {20, 2}}, {"fld7", new long[] {-1L, 1}},
      {"vec", new long[] {1, 2}}, {"vec", new long[] {2, 0}}, {"vec", new long[] {0, 1}},
      {"vec", new long[] {3, 1}}, {"vec", new long[] {1, 3}},
    };
    for (Object[] call : calls) {
      String f = (String) call[0];
      long[] args = (long[]) call[1];
      List<String> a = outcomes(traps, "0xbf::traps", true, f, limits, args);
      List<String> b = outcomes(traps, "0xbf::traps", false, f, limits, args);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i)).as(f + java.util.Arrays.toString(args) + " run " + i).isEqualTo(b.get(i));
      }
    }
  }
}
