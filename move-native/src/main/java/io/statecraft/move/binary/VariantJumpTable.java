package io.statecraft.move.binary;

import java.util.List;

/**
 * Sui version 7: the targets of a {@code VARIANT_SWITCH} over an enum, one code offset per
 * variant in tag order. The format knows one kind of table ("full", flag byte {@code 0x1}).
 */
public record VariantJumpTable(int headEnum, List<Integer> offsets) {
  public static final int FLAG_FULL = 0x1;

  public VariantJumpTable {
    offsets = List.copyOf(offsets);
  }
}
