package io.statecraft.move.verify;

import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;

/** One entry point: bounds check, then every verifier rule. */
public final class Verifier {
  private Verifier() {}

  /** Throws {@link InvalidModuleException} at the first broken rule; returns if the unit is valid. */
  public static void verifyAll(CompiledUnit unit) {
    verifyAll(unit, VerifierLimits.DEFAULT);
  }

  public static void verifyAll(CompiledUnit unit, VerifierLimits limits) {
    BoundsChecker.check(unit);
    try {
      if (unit instanceof CompiledModule m) {
        ModuleVerifier.verify(m, limits);
      } else {
        ModuleVerifier.verifyScript((CompiledScript) unit, limits);
      }
    } catch (StackOverflowError e) {
      // Defence in depth: depth limits should make this unreachable.
      throw new InvalidModuleException(Kind.LIMIT_EXCEEDED, "unit", -1, "too deeply nested to verify");
    } catch (InvalidModuleException e) {
      throw e;
    } catch (RuntimeException e) {
      // Fail closed: a verifier bug rejects the unit instead of escaping as another exception.
      // (The tests call ModuleVerifier directly, so such bugs still show up there.)
      throw new InvalidModuleException(Kind.VERIFIER_INTERNAL_ERROR, "unit", -1, e.toString());
    }
  }
}
