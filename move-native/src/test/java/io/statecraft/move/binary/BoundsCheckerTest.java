package io.statecraft.move.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.binary.InvalidModuleException.Kind;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each rule of the bounds checker, broken once on an otherwise valid module. */
class BoundsCheckerTest {

  private static CompiledModule.Builder valid(BinaryFormat f) {
    CompiledModule.Builder b = TableVectorsTest.base(f);
    b.identifiers.add("S");
    b.identifiers.add("f");
    b.datatypeHandles.add(new DatatypeHandle(0, 1, AbilitySet.EMPTY, List.of()));
    b.datatypeHandles.add(new DatatypeHandle(0, 1, AbilitySet.EMPTY,
        List.of(new DatatypeTypeParameter(AbilitySet.EMPTY, false))));
    b.structDefs.add(new StructDefinition(0, new StructFieldInformation.Declared(
        List.of(new FieldDefinition(2, SignatureToken.Primitive.U64)))));
    b.signatures.add(Signature.EMPTY);
    b.signatures.add(Signature.of(SignatureToken.Primitive.U64));
    b.functionHandles.add(new FunctionHandle(0, 2, 1, 0, List.of()));
    b.fieldHandles.add(new FieldHandle(0, 0));
    b.functionDefs.add(new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(0, List.of(Bytecode.withIndex(Opcode.COPY_LOC, 0), Bytecode.withIndex(Opcode.BRANCH, 0),
            Bytecode.of(Opcode.RET)))));
    return b;
  }

  private static void broken(BinaryFormat f, Consumer<CompiledModule.Builder> edit, Kind kind, String table) {
    CompiledModule.Builder b = valid(f);
    edit.accept(b);
    CompiledModule m = b.build();
    assertThatThrownBy(() -> BoundsChecker.check(m))
        .isInstanceOf(InvalidModuleException.class)
        .satisfies(e -> {
          InvalidModuleException i = (InvalidModuleException) e;
          assertThat(i.kind()).as(i.getMessage()).isEqualTo(kind);
          assertThat(i.table()).as(i.getMessage()).startsWith(table);
        });
  }

  @Test
  void theBaselineIsValid() {
    for (BinaryFormat f : ModuleGenerator.ALL_FORMATS) {
      if (f.addressLength() == 32) {
        BoundsChecker.check(valid(f).build());
      }
    }
  }

  @Test
  void commonRules() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.LEGACY, 6);
    broken(f, b -> b.moduleHandles.add(new ModuleHandle(1, 0)), Kind.INDEX_OUT_OF_BOUNDS, "module_handles");
    broken(f, b -> b.moduleHandles.add(new ModuleHandle(0, 9)), Kind.INDEX_OUT_OF_BOUNDS, "module_handles");
    broken(f, b -> b.selfModuleHandle(1), Kind.INDEX_OUT_OF_BOUNDS, "self_module_handle");
    broken(f, b -> b.datatypeHandles.add(new DatatypeHandle(5, 0, AbilitySet.EMPTY, List.of())), Kind.INDEX_OUT_OF_BOUNDS, "datatype_handles");
    broken(f, b -> b.signatures.add(Signature.of(new SignatureToken.Datatype(7))), Kind.INDEX_OUT_OF_BOUNDS, "signatures");
    broken(f, b -> b.signatures.add(Signature.of(new SignatureToken.Datatype(1))), Kind.TYPE_ARGUMENT_COUNT_MISMATCH, "signatures");
    broken(f, b -> b.signatures.add(Signature.of(new SignatureToken.DatatypeInstantiation(1,
        List.of(SignatureToken.Primitive.U8, SignatureToken.Primitive.U8)))), Kind.TYPE_ARGUMENT_COUNT_MISMATCH, "signatures");
    broken(f, b -> b.constantPool.add(new Constant(new SignatureToken.TypeParameter(0), new byte[0])), Kind.TYPE_PARAMETER_OUT_OF_BOUNDS, "constant_pool");
    broken(f, b -> b.functionHandles.add(new FunctionHandle(0, 0, 9, 0, List.of())), Kind.INDEX_OUT_OF_BOUNDS, "function_handles");
    broken(f, b -> {
      b.signatures.add(Signature.of(new SignatureToken.TypeParameter(1)));
      b.functionHandles.add(new FunctionHandle(0, 0, 2, 0, List.of(AbilitySet.EMPTY)));
    }, Kind.TYPE_PARAMETER_OUT_OF_BOUNDS, "function_handles");
    broken(f, b -> b.functionInstantiations.add(new FunctionInstantiation(3, 0)), Kind.INDEX_OUT_OF_BOUNDS, "function_instantiations");
    broken(f, b -> b.addressIdentifiers.add(Address.ofShort(16, 1)), Kind.BAD_MODULE_IDENTITY, "address_identifiers");
  }

  @Test
  void definitionRules() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.LEGACY, 6);
    broken(f, b -> b.structDefs.add(new StructDefinition(4, StructFieldInformation.NATIVE)), Kind.INDEX_OUT_OF_BOUNDS, "struct_defs");
    broken(f, b -> b.structDefs.add(new StructDefinition(1, new StructFieldInformation.Declared(
        List.of(new FieldDefinition(0, new SignatureToken.TypeParameter(1)))))), Kind.TYPE_PARAMETER_OUT_OF_BOUNDS, "struct_defs");
    broken(f, b -> b.structDefInstantiations.add(new StructDefInstantiation(1, 0)), Kind.INDEX_OUT_OF_BOUNDS, "struct_def_instantiations");
    broken(f, b -> b.fieldHandles.add(new FieldHandle(0, 1)), Kind.MEMBER_OUT_OF_BOUNDS, "field_handles");
    broken(f, b -> {
      b.structDefs.add(new StructDefinition(1, StructFieldInformation.NATIVE));
      b.fieldHandles.add(new FieldHandle(1, 0));
    }, Kind.WRONG_DEFINITION_KIND, "field_handles");
    broken(f, b -> b.fieldInstantiations.add(new FieldInstantiation(1, 0)), Kind.INDEX_OUT_OF_BOUNDS, "field_instantiations");
    broken(f, b -> b.friendDecls.add(new ModuleHandle(0, 99)), Kind.INDEX_OUT_OF_BOUNDS, "friend_decls");
    broken(f, b -> b.functionDefs.add(new FunctionDefinition(5, Visibility.PRIVATE, false, List.of(), null)), Kind.INDEX_OUT_OF_BOUNDS, "function_defs");
    broken(f, b -> b.functionDefs.add(new FunctionDefinition(0, Visibility.PRIVATE, false, List.of(3), null)), Kind.INDEX_OUT_OF_BOUNDS, "function_defs");
  }

  private static void brokenCode(BinaryFormat f, Bytecode instr, Kind kind) {
    broken(f, b -> b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(0, List.of(instr, Bytecode.of(Opcode.RET))))), kind, "function_defs[0].code");
  }

  @Test
  void codeRules() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.LEGACY, 6);
    brokenCode(f, Bytecode.withIndex(Opcode.BRANCH, 2), Kind.CODE_OFFSET_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.MOVE_LOC, 1), Kind.LOCAL_INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.CALL, 1), Kind.INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.LD_CONST, 0), Kind.INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.PACK, 1), Kind.INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.IMM_BORROW_FIELD, 1), Kind.INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndexAndValue(Opcode.VEC_PACK, 2, 0), Kind.INDEX_OUT_OF_BOUNDS);
    broken(f, b -> {
      b.signatures.add(Signature.of(new SignatureToken.TypeParameter(0)));
      b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
          new CodeUnit(0, List.of(Bytecode.withIndexAndValue(Opcode.VEC_PACK, 2, 0)))));
    }, Kind.TYPE_PARAMETER_OUT_OF_BOUNDS, "function_defs[0].code");
    broken(f, b -> b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(7, List.of()))), Kind.INDEX_OUT_OF_BOUNDS, "function_defs[0].code");
  }

  @Test
  void suiEnumRules() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.SUI, 7);
    Consumer<CompiledModule.Builder> oneEnum = b -> b.enumDefs.add(new EnumDefinition(0,
        List.of(new VariantDefinition(0, List.of()))));
    broken(f, b -> b.enumDefs.add(new EnumDefinition(9, List.of(new VariantDefinition(0, List.of())))), Kind.INDEX_OUT_OF_BOUNDS, "enum_defs");
    broken(f, oneEnum.andThen(b -> b.variantHandles.add(new VariantHandle(0, 1))), Kind.MEMBER_OUT_OF_BOUNDS, "variant_handles");
    broken(f, oneEnum.andThen(b -> b.enumDefInstantiations.add(new EnumDefInstantiation(1, 0))), Kind.INDEX_OUT_OF_BOUNDS, "enum_def_instantiations");
    broken(f, oneEnum.andThen(b -> {
      b.enumDefInstantiations.add(new EnumDefInstantiation(0, 0));
      b.variantInstantiationHandles.add(new VariantInstantiationHandle(0, 3));
    }), Kind.MEMBER_OUT_OF_BOUNDS, "variant_instantiation_handles");
    broken(f, oneEnum.andThen(b -> b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(0, List.of(Bytecode.withIndex(Opcode.VARIANT_SWITCH, 1)), List.of(new VariantJumpTable(0, List.of(0))))))),
        Kind.INDEX_OUT_OF_BOUNDS, "function_defs[0].code");
    broken(f, oneEnum.andThen(b -> b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(0, List.of(Bytecode.of(Opcode.RET)), List.of(new VariantJumpTable(0, List.of(1))))))),
        Kind.CODE_OFFSET_OUT_OF_BOUNDS, "function_defs[0].code.jump_tables");
    broken(f, b -> b.functionDefs.set(0, new FunctionDefinition(0, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(0, List.of(Bytecode.of(Opcode.RET)), List.of(new VariantJumpTable(0, List.of(0)))))),
        Kind.INDEX_OUT_OF_BOUNDS, "function_defs[0].code.jump_tables");
  }

  @Test
  void aptosVariantRules() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.APTOS, 8);
    Consumer<CompiledModule.Builder> variants = b -> b.structDefs.add(new StructDefinition(0,
        new StructFieldInformation.DeclaredVariants(List.of(
            new VariantDefinition(0, List.of(new FieldDefinition(0, SignatureToken.Primitive.U8))),
            new VariantDefinition(1, List.of())))));
    broken(f, variants.andThen(b -> b.structVariantHandles.add(new StructVariantHandle(1, 2))), Kind.MEMBER_OUT_OF_BOUNDS, "struct_variant_handles");
    broken(f, variants.andThen(b -> b.structVariantHandles.add(new StructVariantHandle(0, 0))), Kind.WRONG_DEFINITION_KIND, "struct_variant_handles");
    broken(f, variants.andThen(b -> b.variantFieldHandles.add(new VariantFieldHandle(1, List.of(0, 1), 0))), Kind.MEMBER_OUT_OF_BOUNDS, "variant_field_handles");
    broken(f, variants.andThen(b -> b.structVariantInstantiations.add(new StructVariantInstantiation(0, 0))), Kind.INDEX_OUT_OF_BOUNDS, "struct_variant_instantiations");
    broken(f, variants.andThen(b -> b.variantFieldInstantiations.add(new VariantFieldInstantiation(0, 0))), Kind.INDEX_OUT_OF_BOUNDS, "variant_field_instantiations");
    broken(f, b -> b.functionHandles.add(new FunctionHandle(0, 0, 0, 0, List.of(),
        List.of(new AccessSpecifier(AccessKind.READS, false, new ResourceSpecifier.Resource(9), AddressSpecifier.ANY)), List.of())),
        Kind.INDEX_OUT_OF_BOUNDS, "function_handles");
    brokenCode(f, Bytecode.withIndexAndValue(Opcode.PACK_CLOSURE, 4, 1), Kind.INDEX_OUT_OF_BOUNDS);
    brokenCode(f, Bytecode.withIndex(Opcode.TEST_STRUCT_VARIANT, 0), Kind.INDEX_OUT_OF_BOUNDS);
  }

  @Test
  void scripts() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.APTOS, 8);
    CompiledScript.Builder b = CompiledScript.builder(f);
    b.signatures.add(Signature.of(new SignatureToken.TypeParameter(0)));
    b.parameters(0);
    b.code(new CodeUnit(0, List.of(Bytecode.of(Opcode.RET))));
    CompiledScript noTypeParams = b.build();
    assertThatThrownBy(() -> BoundsChecker.check(noTypeParams))
        .isInstanceOf(InvalidModuleException.class)
        .extracting(e -> ((InvalidModuleException) e).kind()).isEqualTo(Kind.TYPE_PARAMETER_OUT_OF_BOUNDS);
    b.typeParameters(List.of(AbilitySet.EMPTY));
    BoundsChecker.check(b.build());
    b.code(new CodeUnit(0, List.of(Bytecode.withIndex(Opcode.CALL, 0))));
    CompiledScript badCall = b.build();
    assertThatThrownBy(() -> BoundsChecker.check(badCall)).isInstanceOf(InvalidModuleException.class);
  }
}
