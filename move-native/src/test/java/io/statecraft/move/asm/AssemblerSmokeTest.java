package io.statecraft.move.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import org.junit.jupiter.api.Test;

class AssemblerSmokeTest {
  @Test
  void counterAssembles() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/counter.masm");
    BoundsChecker.check(m);
    byte[] bytes = ModuleWriter.write(m);
    CompiledModule back = new ModuleReader().readModuleChecked(bytes);
    assertThat(ModuleWriter.write(back)).isEqualTo(bytes);
    assertThat(m.functionDefs()).hasSize(3);
    assertThat(m.identifiers()).startsWith("counter");
  }
}
