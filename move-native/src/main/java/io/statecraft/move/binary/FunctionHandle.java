package io.statecraft.move.binary;

import java.util.List;

/**
 * A function referred to by this unit: module handle, name, parameter and return signature
 * indices, type parameter constraints. Aptos adds, from version 7, optional access specifiers
 * ({@code null} when absent, which is not the same as an empty list) and, from version 8,
 * attributes; other flavors leave them null / empty.
 */
public record FunctionHandle(
    int module,
    int name,
    int parameters,
    int returns,
    List<AbilitySet> typeParameters,
    List<AccessSpecifier> accessSpecifiers,
    List<FunctionAttribute> attributes) {

  public FunctionHandle {
    typeParameters = List.copyOf(typeParameters);
    accessSpecifiers = accessSpecifiers == null ? null : List.copyOf(accessSpecifiers);
    attributes = List.copyOf(attributes);
  }

  /** A handle without the Aptos-only parts. */
  public FunctionHandle(int module, int name, int parameters, int returns, List<AbilitySet> typeParameters) {
    this(module, name, parameters, returns, typeParameters, null, List.of());
  }
}
