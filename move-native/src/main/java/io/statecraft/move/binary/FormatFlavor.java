package io.statecraft.move.binary;

/**
 * Which dialect of the Move binary format a unit is written in. Versions 5 and 6 are shared by
 * every toolchain (Sui, Aptos, Rooch, Starcoin); from version 7 on Sui and Aptos diverged and
 * reuse the same table kinds, type tags and opcode bytes for different things, so the flavor
 * decides how those bytes are read.
 */
public enum FormatFlavor {
  /** Versions 5 and 6: no flavor marker in the header. */
  LEGACY,
  /** Sui version 7: header word {@code 0x05000007}; enums, variant handles, jump tables. */
  SUI,
  /**
   * Aptos versions 7 to 10: header word {@code 0x0A000000 | version}; enums as struct variants,
   * access specifiers (7), function types and closures (8), signed integers (9), abort with
   * message (10).
   */
  APTOS
}
