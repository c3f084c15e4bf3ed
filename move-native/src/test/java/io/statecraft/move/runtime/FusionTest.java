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

/** Superinstructions change nothing observable: same results, gas, and trap offsets. */
class FusionTest {
  static List<String> outcomes(boolean fused, String function, long[] gasLimits, long... args) {
    Fusion.enabled = fused;
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
