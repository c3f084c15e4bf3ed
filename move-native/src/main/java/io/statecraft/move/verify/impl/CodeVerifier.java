package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.VariantJumpTable;
import io.statecraft.move.verify.VerifierLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks on code, function by function: control flow, stack balance and types, acquires,
 * locals availability, reference safety.
 */
public final class CodeVerifier {
  private final CompiledUnit unit;
  private final CompiledModule module;
  private final VerifierLimits limits;
  private final StructureVerifier structure;
  private int moduleBackEdges;

  public CodeVerifier(CompiledUnit unit, VerifierLimits limits, StructureVerifier structure) {
    this.unit = unit;
    this.module = unit instanceof CompiledModule m ? m : null;
    this.limits = limits;
    this.structure = structure;
  }

  public void verifyModule() {
    List<FunctionDefinition> defs = module.functionDefs();
    for (int i = 0; i < defs.size(); i++) {
      FunctionDefinition d = defs.get(i);
      if (d.code() == null) {
        continue;
      }
      FunctionHandle h = unit.functionHandles().get(d.function());
      List<SignatureToken> params = unit.signatures().get(h.parameters()).tokens();
      FunctionCtx f = new FunctionCtx("function_defs[" + i + "].code", i, d, d.code(),
          concat(params, unit.signatures().get(d.code().locals()).tokens()), params.size(),
          h.typeParameters(), unit.signatures().get(h.returns()).tokens());
      function(f);
    }
  }

  public void verifyScript() {
    CompiledScript script = (CompiledScript) unit;
    List<SignatureToken> params = unit.signatures().get(script.parameters()).tokens();
    FunctionCtx f = new FunctionCtx("script.code", -1, null, script.code(),
        concat(params, unit.signatures().get(script.code().locals()).tokens()), params.size(),
        script.typeParameters(), List.of());
    function(f);
  }

  private static List<SignatureToken> concat(List<SignatureToken> a, List<SignatureToken> b) {
    List<SignatureToken> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  private void function(FunctionCtx f) {
    jumpTables(f);
    f.cfg = new Cfg(f.code, limits, f.where);
    moduleBackEdges += f.cfg.backEdges;
    if (moduleBackEdges > limits.maxBackEdgesPerModule()) {
      throw new InvalidModuleException(Kind.LIMIT_EXCEEDED, f.where, -1, "more than " + limits.maxBackEdgesPerModule() + " loop back edges in the module");
    }
    Set<Integer> acquiresNeeded = new HashSet<>();
    new TypeChecker(structure, f, acquiresNeeded).run();
    if (f.def != null) {
      acquires(f, acquiresNeeded);
    }
    new LocalsSafety(f, structure.types).run(f, limits.maxFixpointStepsPerBlock());
    new ReferenceSafety(f, structure).run(f, limits.maxFixpointStepsPerBlock());
  }

  /** Sui jump tables: one code offset per variant of the head enum, in tag order. */
  private void jumpTables(FunctionCtx f) {
    List<VariantJumpTable> tables = f.code.jumpTables();
    for (int j = 0; j < tables.size(); j++) {
      EnumDefinition e = module.enumDefs().get(tables.get(j).headEnum());
      if (tables.get(j).offsets().size() != e.variants().size()) {
        throw new InvalidModuleException(Kind.INVALID_CONTROL_FLOW, f.where + ".jump_tables", j,
            "jump table has " + tables.get(j).offsets().size() + " targets for " + e.variants().size() + " variants");
      }
    }
  }

  /** The acquires list names exactly the resources the function, and the local functions it calls, access. */
  private void acquires(FunctionCtx f, Set<Integer> needed) {
    Set<Integer> declared = new HashSet<>(f.def.acquires());
    for (int d : needed) {
      if (!declared.contains(d)) {
        throw new InvalidModuleException(Kind.ACQUIRES_MISMATCH, "function_defs", f.defIndex,
            "accesses resource " + d + " (directly or through a call) without acquiring it");
      }
    }
    for (int d : declared) {
      if (!needed.contains(d)) {
        throw new InvalidModuleException(Kind.ACQUIRES_MISMATCH, "function_defs", f.defIndex,
            "acquires resource " + d + " it never accesses");
      }
    }
  }
}
