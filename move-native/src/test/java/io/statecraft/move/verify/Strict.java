package io.statecraft.move.verify;

import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;

/** Bounds check and verify without {@link Verifier}'s fail-closed net, so verifier bugs surface. */
final class Strict {
  private Strict() {}

  static void verify(CompiledUnit unit) {
    BoundsChecker.check(unit);
    if (unit instanceof CompiledModule m) {
      ModuleVerifier.verify(m);
    } else {
      ModuleVerifier.verifyScript((CompiledScript) unit);
    }
  }
}
