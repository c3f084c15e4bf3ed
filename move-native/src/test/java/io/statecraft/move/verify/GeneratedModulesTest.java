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
      Strict.verify(unit);
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
  void repairedGeneratedModulesReachTheDeepRulesAndFailCleanly() {
    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (long seed = 0; seed < 1500; seed++) {
      CompiledModule m = GeneratedModuleRepair.repair(ModuleGenerator.module(seed, 1 + (int) (seed % 5)));
      try {
        Strict.verify(m);
        outcomes.merge("PASS", 1, Integer::sum);
      } catch (InvalidModuleException e) {
        outcomes.merge(e.kind().name() + (e.kind() == InvalidModuleException.Kind.DUPLICATE_ELEMENT ? " " + e.table() : ""), 1, Integer::sum);
      } catch (RuntimeException | Error e) {
        throw new AssertionError("repaired module seed " + seed + ": " + e, e);
      }
    }
    System.out.println("GeneratedModulesTest (repaired): " + outcomes);
    // Most repaired modules get past the table rules into the code rules (or pass).
    int deep = 0;
    for (String k : java.util.List.of("PASS", "STACK_IMBALANCE", "TYPE_MISMATCH", "MISSING_ABILITY",
        "INCONSISTENT_INSTRUCTION", "INVALID_CONTROL_FLOW", "LOCAL_UNAVAILABLE", "UNDROPPED_VALUE", "REFERENCE_SAFETY")) {
      deep += outcomes.getOrDefault(k, 0);
    }
    org.junit.jupiter.api.Assertions.assertTrue(deep > 750, outcomes.toString());
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
