package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.SignatureToken;
import java.util.List;

/** What the code checks know about the function under verification. */
final class FunctionCtx {
  final String where;
  final int defIndex;
  final FunctionDefinition def;
  final CodeUnit code;
  final List<SignatureToken> locals;
  final int paramCount;
  final List<AbilitySet> typeParams;
  final List<SignatureToken> returns;
  Cfg cfg;
  /** Per instruction, filled by the type checker: values popped, types pushed. */
  int[] pops;
  SignatureToken[][] pushes;

  FunctionCtx(String where, int defIndex, FunctionDefinition def, CodeUnit code, List<SignatureToken> locals,
      int paramCount, List<AbilitySet> typeParams, List<SignatureToken> returns) {
    this.where = where;
    this.defIndex = defIndex;
    this.def = def;
    this.code = code;
    this.locals = locals;
    this.paramCount = paramCount;
    this.typeParams = typeParams;
    this.returns = returns;
  }

  InvalidModuleException fail(Kind kind, int pc, String rule) {
    return new InvalidModuleException(kind, where, pc, rule);
  }
}
