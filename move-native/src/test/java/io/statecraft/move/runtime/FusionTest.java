package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.bcs.Bcs;
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
    Fusion.enabled = fused;
    Lanes.enabled = fused;
    try {
      ModuleSet set = ModuleSet.load(List.of(BenchPrograms.module()), NativeRegistry.standard());
      List<String> out = new ArrayList<>();
      for (GasSchedule schedule : List.of(GasSchedule.DEFAULT, GasSchedule.INSTRUCTION_COUNT)) {
        MoveVm vm = new MoveVm(set, VmLimits.DEFAULT, schedule, Map.of());
        FunctionDef f = set.function(ModuleId.parse("0xbe::bench"), function);
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
}
