package io.statecraft.move.binary;

/**
 * Aptos version 7: a declared read or write access of a function. Serialized as kind byte,
 * negation (0x1 false / 0x2 true), resource specifier, address specifier.
 */
public record AccessSpecifier(
    AccessKind kind, boolean negated, ResourceSpecifier resource, AddressSpecifier address) {
  public AccessSpecifier {
    if (kind == null || resource == null || address == null) {
      throw new IllegalArgumentException("null part in access specifier");
    }
  }
}
