package io.statecraft.move.binary;

/** Aptos: at which addresses an access specifier applies, with the tag byte of each form. */
public sealed interface AddressSpecifier
    permits AddressSpecifier.Any, AddressSpecifier.Literal, AddressSpecifier.Parameter {

  int TAG_ANY = 0x1;
  int TAG_LITERAL = 0x2;
  int TAG_PARAMETER = 0x3;

  Any ANY = new Any();

  record Any() implements AddressSpecifier {}

  /** A fixed address (address pool index). */
  record Literal(int address) implements AddressSpecifier {}

  /**
   * The address held by a parameter, optionally passed through a function (function
   * instantiation index, or -1 for none).
   */
  record Parameter(int local, int function) implements AddressSpecifier {
    public static final int NO_FUNCTION = -1;

    public boolean hasFunction() {
      return function != NO_FUNCTION;
    }
  }
}
