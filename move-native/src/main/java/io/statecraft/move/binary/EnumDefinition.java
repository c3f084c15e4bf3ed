package io.statecraft.move.binary;

import java.util.List;

/** Sui version 7: an enum defined in this module, its datatype handle and variants. */
public record EnumDefinition(int enumHandle, List<VariantDefinition> variants) {
  /** The only flag byte Sui writes before the variants. */
  public static final int FLAG_DECLARED = 0x2;

  public EnumDefinition {
    variants = List.copyOf(variants);
  }
}
