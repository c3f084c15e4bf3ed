package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void sumsALoop() {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "m");
    // fun sum(n: u64): u64 { let s = 0; let i = 0; while (i < n) { i = i + 1; s = s + i }; s }
    m.fun("sum").params(Ty.U64).returns(Ty.U64).locals(Ty.U64, Ty.U64).code(c -> c
        .ldU64(0).stLoc(1).ldU64(0).stLoc(2)
        .label("loop").copyLoc(2).copyLoc(0).lt().brFalse("end")
        .copyLoc(2).ldU64(1).add().stLoc(2)
        .copyLoc(1).copyLoc(2).add().stLoc(1)
        .branch("loop")
        .label("end").moveLoc(1).ret());
    TestVm vm = new TestVm(m.build());
    ExecutionResult r = vm.call("0x42::m::sum", Type.U64, 100L);
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.returnValues()).containsExactly(5050L);
    assertThat(r.returnValuesJson()).isEqualTo("[\"5050\"]");
    assertThat(r.gasUsed()).isGreaterThan(0);
  }
}
