package io.statecraft.move.verify;

import static org.junit.jupiter.api.Assertions.fail;

import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.ModuleGenerator;
import org.junit.jupiter.api.Test;

/**
 * Randomly generated units (bounds-valid, otherwise arbitrary) either pass or fail with an
 * {@link InvalidModuleException}; nothing else may escape the verifier.
 */
class GeneratedModulesTest {

  static void verifyCleanly(CompiledUnit unit, String what) {
    try {
      Verifier.verifyAll(unit);
    } catch (InvalidModuleException expected) {
      // fine: rejected cleanly
    } catch (RuntimeException | Error e) {
      AssertionError err = new AssertionError(what + ": " + e, e);
      throw err;
    }
  }

  @Test
  void generatedModulesPassOrFailCleanly() {
    for (long seed = 0; seed < 1500; seed++) {
      int size = 1 + (int) (seed % 7);
      CompiledModule m = ModuleGenerator.module(seed, size);
      verifyCleanly(m, "module seed " + seed);
    }
  }

  @Test
  void generatedScriptsPassOrFailCleanly() {
    for (long seed = 0; seed < 600; seed++) {
      BinaryFormat f = ModuleGenerator.ALL_FORMATS.get((int) (seed % ModuleGenerator.ALL_FORMATS.size()));
      CompiledScript s = ModuleGenerator.script(seed, f, 1 + (int) (seed % 5));
      verifyCleanly(s, "script seed " + seed);
    }
  }
}
