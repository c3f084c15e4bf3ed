package io.statecraft.move.binary;

import java.util.List;

/** What a struct definition says about its contents, with the flag byte that introduces it. */
public sealed interface StructFieldInformation
    permits StructFieldInformation.Native,
        StructFieldInformation.Declared,
        StructFieldInformation.DeclaredVariants {

  int FLAG_NATIVE = 0x1;
  int FLAG_DECLARED = 0x2;
  /** Aptos version 7: a struct with variants (an enum). */
  int FLAG_DECLARED_VARIANTS = 0x3;

  /** A native struct: no fields visible to Move. */
  record Native() implements StructFieldInformation {}

  record Declared(List<FieldDefinition> fields) implements StructFieldInformation {
    public Declared {
      fields = List.copyOf(fields);
    }
  }

  /** Aptos enums: a struct whose value is one of several variants. */
  record DeclaredVariants(List<VariantDefinition> variants) implements StructFieldInformation {
    public DeclaredVariants {
      variants = List.copyOf(variants);
    }
  }

  Native NATIVE = new Native();
}
