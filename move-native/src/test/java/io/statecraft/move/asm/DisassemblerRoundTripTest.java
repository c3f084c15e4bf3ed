package io.statecraft.move.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.ModuleGenerator;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import org.junit.jupiter.api.Test;

/** Random units of every flavor: disassemble, assemble, and get the same bytes. */
class DisassemblerRoundTripTest {
  private static final int UNITS = Integer.getInteger("move.asm.roundtrip.units", 300);

  static void roundTrip(CompiledUnit unit, String what) {
    roundTrip(unit, what, true);
  }

  static void roundTrip(CompiledUnit unit, String what, boolean printAgain) {
    byte[] bytes = ModuleWriter.write(unit);
    CompiledUnit read = unit instanceof CompiledModule
        ? new ModuleReader(ModuleGenerator.optionsFor(unit)).readModule(bytes)
        : new ModuleReader(ModuleGenerator.optionsFor(unit)).readScript(bytes);
    String text = Disassembler.disassemble(read);
    CompiledUnit back;
    try {
      back = Assembler.assemble(text, what);
    } catch (AssemblyException e) {
      throw new AssertionError(what + ": " + e.getMessage() + "\n" + numbered(text), e);
    }
    byte[] again = ModuleWriter.write(back);
    if (!java.util.Arrays.equals(again, bytes)) {
      assertThat(back).as(what + "\n" + numbered(text)).isEqualTo(read);
    }
    assertThat(again).as(what).isEqualTo(bytes);
    if (printAgain) {
      // and printing the result again gives the same text
      assertThat(Disassembler.disassemble(back)).as(what).isEqualTo(text);
    }
  }

  static String numbered(String text) {
    StringBuilder b = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      b.append(String.format("%4d %s%n", i + 1, lines[i]));
    }
    return b.toString();
  }

  @Test
  void generatedModules() {
    for (int seed = 0; seed < UNITS; seed++) {
      roundTrip(ModuleGenerator.module(seed, 1 + seed % 4), "module seed " + seed, seed % 5 == 0);
    }
  }

  @Test
  void generatedScripts() {
    for (int seed = 0; seed < UNITS / 3; seed++) {
      BinaryFormat format = ModuleGenerator.ALL_FORMATS.get(seed % ModuleGenerator.ALL_FORMATS.size());
      CompiledScript script = ModuleGenerator.script(seed, format, 1 + seed % 3);
      roundTrip(script, "script seed " + seed);
    }
  }

  @Test
  void largeModules() {
    for (BinaryFormat format : ModuleGenerator.ALL_FORMATS) {
      for (int seed = 0; seed < 2; seed++) {
        roundTrip(ModuleGenerator.module(seed, format, 15), "large " + format + " seed " + seed);
      }
    }
  }
}
