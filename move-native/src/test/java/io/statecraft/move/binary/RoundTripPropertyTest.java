package io.statecraft.move.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Random valid units of every flavor survive write → read → write unchanged. */
class RoundTripPropertyTest {
  private static final int UNITS = Integer.getInteger("move.roundtrip.units", 3000);

  @Test
  void generatedModulesRoundTrip() {
    for (int seed = 0; seed < UNITS; seed++) {
      CompiledModule module = ModuleGenerator.module(seed, 1 + seed % 4);
      BoundsChecker.check(module);
      byte[] bytes = ModuleWriter.write(module);
      ModuleReader reader = new ModuleReader(ModuleGenerator.optionsFor(module));
      CompiledModule read = reader.readModuleChecked(bytes);
      assertThat(read).as("seed %d", seed).isEqualTo(module);
      assertThat(ModuleWriter.write(read)).as("seed %d", seed).isEqualTo(bytes);
    }
  }

  @Test
  void generatedScriptsRoundTrip() {
    for (int seed = 0; seed < UNITS / 3; seed++) {
      BinaryFormat format = ModuleGenerator.ALL_FORMATS.get(seed % ModuleGenerator.ALL_FORMATS.size());
      CompiledScript script = ModuleGenerator.script(seed, format, 1 + seed % 3);
      BoundsChecker.check(script);
      byte[] bytes = ModuleWriter.write(script);
      CompiledScript read = new ModuleReader(ModuleGenerator.optionsFor(script)).readScriptChecked(bytes);
      assertThat(read).as("seed %d", seed).isEqualTo(script);
      assertThat(ModuleWriter.write(read)).isEqualTo(bytes);
    }
  }

  @Test
  void largeModulesRoundTrip() {
    for (BinaryFormat format : ModuleGenerator.ALL_FORMATS) {
      for (int seed = 0; seed < 5; seed++) {
        CompiledModule module = ModuleGenerator.module(seed, format, 40);
        byte[] bytes = ModuleWriter.write(module);
        CompiledModule read = new ModuleReader(ModuleGenerator.optionsFor(module)).readModuleChecked(bytes);
        assertThat(read).isEqualTo(module);
        assertThat(ModuleWriter.write(read)).isEqualTo(bytes);
      }
    }
  }
}
