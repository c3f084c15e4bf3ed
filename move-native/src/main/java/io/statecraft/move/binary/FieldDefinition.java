package io.statecraft.move.binary;

/** A field of a struct or variant: identifier index of its name, and its type. */
public record FieldDefinition(int name, SignatureToken type) {
  public FieldDefinition {
    if (type == null) {
      throw new IllegalArgumentException("type is null");
    }
  }
}
