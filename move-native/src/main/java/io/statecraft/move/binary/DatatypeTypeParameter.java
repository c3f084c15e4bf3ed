package io.statecraft.move.binary;

/** A type parameter of a datatype: its ability constraints and whether it is phantom. */
public record DatatypeTypeParameter(AbilitySet constraints, boolean isPhantom) {
  public DatatypeTypeParameter {
    if (constraints == null) {
      throw new IllegalArgumentException("constraints is null");
    }
  }
}
