package io.statecraft.move.binary;

import java.util.List;

/** A variant of a Sui enum or an Aptos enum-like struct: name and fields. */
public record VariantDefinition(int name, List<FieldDefinition> fields) {
  public VariantDefinition {
    fields = List.copyOf(fields);
  }
}
