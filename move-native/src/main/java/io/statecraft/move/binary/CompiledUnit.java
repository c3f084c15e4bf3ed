package io.statecraft.move.binary;

import java.util.List;

/**
 * What modules and scripts have in common: the header facts, the table layout, and the tables
 * that describe what the unit refers to (handles, signatures, pools, metadata).
 */
public sealed interface CompiledUnit permits CompiledModule, CompiledScript {

  BinaryFormat format();

  TableLayout layout();

  List<ModuleHandle> moduleHandles();

  List<DatatypeHandle> datatypeHandles();

  List<FunctionHandle> functionHandles();

  List<FunctionInstantiation> functionInstantiations();

  List<Signature> signatures();

  List<String> identifiers();

  List<Address> addressIdentifiers();

  List<Constant> constantPool();

  List<Metadata> metadata();

  /** Bytes found after the end of the unit (empty unless the reader was told to keep them). */
  byte[] trailingBytes();

  /** The identifier at {@code index}. */
  default String identifier(int index) {
    return identifiers().get(index);
  }

  default Signature signature(int index) {
    return signatures().get(index);
  }
}
