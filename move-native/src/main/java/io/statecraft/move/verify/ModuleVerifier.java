package io.statecraft.move.verify;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.verify.impl.CodeVerifier;
import io.statecraft.move.verify.impl.StructureVerifier;

/**
 * The bytecode verifier: the static rules a unit must pass, after {@link
 * io.statecraft.move.binary.BoundsChecker}, before the interpreter may load it. Throws {@link
 * InvalidModuleException} at the first rule broken, and nothing else. Assumes a bounds-checked
 * unit; use {@link Verifier#verifyAll} to run both.
 */
public final class ModuleVerifier {
  private ModuleVerifier() {}

  public static void verify(CompiledModule module) {
    verify(module, VerifierLimits.DEFAULT);
  }

  public static void verify(CompiledModule module, VerifierLimits limits) {
    StructureVerifier s = new StructureVerifier(module, limits);
    s.verifyModule();
    new CodeVerifier(module, limits, s).verifyModule();
  }

  public static void verifyScript(CompiledScript script) {
    verifyScript(script, VerifierLimits.DEFAULT);
  }

  public static void verifyScript(CompiledScript script, VerifierLimits limits) {
    StructureVerifier s = new StructureVerifier(script, limits);
    s.verifyScript();
    new CodeVerifier(script, limits, s).verifyScript();
  }
}
