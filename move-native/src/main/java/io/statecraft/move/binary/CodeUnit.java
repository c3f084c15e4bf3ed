package io.statecraft.move.binary;

import java.util.List;

/**
 * The body of a function or script: signature index of its locals (beyond the parameters), its
 * instructions and, in Sui version 7, its jump tables.
 */
public record CodeUnit(int locals, List<Bytecode> code, List<VariantJumpTable> jumpTables) {
  public CodeUnit {
    code = List.copyOf(code);
    jumpTables = List.copyOf(jumpTables);
  }

  public CodeUnit(int locals, List<Bytecode> code) {
    this(locals, code, List.of());
  }
}
