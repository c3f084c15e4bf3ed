package io.statecraft.move.runtime;

/**
 * A mutable struct or enum value: its variant tag (0 for structs) and its fields. Field
 * references are (fields, index) pairs into this object.
 */
public final class StructValue extends Container {
  final int variant;
  final Object[] fields;

  public StructValue(int variant, Object[] fields) {
    this.variant = variant;
    this.fields = fields;
  }

  public static StructValue of(Object... fields) {
    return new StructValue(0, fields);
  }

  public int variant() {
    return variant;
  }

  public int fieldCount() {
    return fields.length;
  }

  public Object field(int i) {
    return fields[i];
  }
}
