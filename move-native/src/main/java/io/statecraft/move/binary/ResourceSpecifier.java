package io.statecraft.move.binary;

/** Aptos: which resources an access specifier covers, with the tag byte of each form. */
public sealed interface ResourceSpecifier
    permits ResourceSpecifier.Any,
        ResourceSpecifier.DeclaredAtAddress,
        ResourceSpecifier.DeclaredInModule,
        ResourceSpecifier.Resource,
        ResourceSpecifier.ResourceInstantiation {

  int TAG_ANY = 0x1;
  int TAG_AT_ADDRESS = 0x2;
  int TAG_IN_MODULE = 0x3;
  int TAG_RESOURCE = 0x4;
  int TAG_RESOURCE_INSTANTIATION = 0x5;

  Any ANY = new Any();

  record Any() implements ResourceSpecifier {}

  /** Resources declared at an address (address pool index). */
  record DeclaredAtAddress(int address) implements ResourceSpecifier {}

  /** Resources declared in a module (module handle index). */
  record DeclaredInModule(int module) implements ResourceSpecifier {}

  /** One resource type (datatype handle index). */
  record Resource(int datatype) implements ResourceSpecifier {}

  /** One instantiated resource type: datatype handle and signature of type arguments. */
  record ResourceInstantiation(int datatype, int typeArguments) implements ResourceSpecifier {}
}
