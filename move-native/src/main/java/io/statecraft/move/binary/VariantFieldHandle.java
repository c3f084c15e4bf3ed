package io.statecraft.move.binary;

import java.util.List;

/**
 * Aptos version 7: a field at the same offset in several variants of an enum-like struct.
 * Serialized as owner, field, variant count, variants.
 */
public record VariantFieldHandle(int owner, List<Integer> variants, int field) {
  public VariantFieldHandle {
    variants = List.copyOf(variants);
  }
}
