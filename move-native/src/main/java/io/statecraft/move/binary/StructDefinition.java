package io.statecraft.move.binary;

/** A struct defined in this module: its datatype handle index and its fields. */
public record StructDefinition(int structHandle, StructFieldInformation fieldInformation) {
  public StructDefinition {
    if (fieldInformation == null) {
      throw new IllegalArgumentException("fieldInformation is null");
    }
  }
}
