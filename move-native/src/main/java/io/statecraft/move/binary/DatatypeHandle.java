package io.statecraft.move.binary;

import java.util.List;

/**
 * A struct or enum referred to by this unit (Aptos: struct handle; Sui: datatype handle): its
 * module handle, its name, its abilities and its type parameters.
 */
public record DatatypeHandle(
    int module, int name, AbilitySet abilities, List<DatatypeTypeParameter> typeParameters) {
  public DatatypeHandle {
    if (abilities == null) {
      throw new IllegalArgumentException("abilities is null");
    }
    typeParameters = List.copyOf(typeParameters);
  }
}
