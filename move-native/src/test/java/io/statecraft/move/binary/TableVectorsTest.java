package io.statecraft.move.binary;

import static io.statecraft.move.binary.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every table kind of every flavor against bytes written out by hand from the format's rules
 * (ULEB128 indices, flag bytes, option markers), plus a whole module typed in by hand.
 */
class TableVectorsTest {
  private static final BinaryFormat V5 = BinaryFormat.of(FormatFlavor.LEGACY, 5);
  private static final BinaryFormat V6 = BinaryFormat.of(FormatFlavor.LEGACY, 6);
  private static final BinaryFormat SUI = BinaryFormat.of(FormatFlavor.SUI, 7);
  private static final BinaryFormat APTOS7 = BinaryFormat.of(FormatFlavor.APTOS, 7);
  private static final BinaryFormat APTOS8 = BinaryFormat.of(FormatFlavor.APTOS, 8);
  private static final BinaryFormat APTOS10 = BinaryFormat.of(FormatFlavor.APTOS, 10);

  /** identifiers [m], addresses [0x1], module handles [(0,0)], self 0. */
  static CompiledModule.Builder base(BinaryFormat format) {
    CompiledModule.Builder b = CompiledModule.builder(format);
    b.identifiers.add("m");
    b.addressIdentifiers.add(Address.ofShort(format.addressLength(), 1));
    b.moduleHandles.add(new ModuleHandle(0, 0));
    return b;
  }

  /** Writes, checks the table's content bytes, reads back and compares. */
  static void expectTable(BinaryFormat format, Consumer<CompiledModule.Builder> edit, int code, String expectedHex) {
    CompiledModule.Builder b = base(format);
    edit.accept(b);
    CompiledModule module = b.build();
    byte[] bytes = ModuleWriter.write(module);
    Map<Integer, byte[]> tables = Bytes.tables(bytes);
    assertThat(tables).containsKey(code);
    assertThat(hex(tables.get(code))).as("table 0x%x in %s", code, format).isEqualTo(expectedHex.replace(" ", ""));
    CompiledModule read = new ModuleReader(ReaderOptions.DEFAULT.withAddressLength(format.addressLength())).readModule(bytes);
    assertThat(read.toBuilder().layout(TableLayout.CANONICAL).build()).isEqualTo(module);
    assertThat(ModuleWriter.write(read)).isEqualTo(bytes);
  }

  @Test
  void headerWordsPerFlavor() {
    assertThat(hex(ModuleWriter.write(base(V5).build())).substring(0, 16)).isEqualTo("a11ceb0b05000000");
    assertThat(hex(ModuleWriter.write(base(V6).build())).substring(0, 16)).isEqualTo("a11ceb0b06000000");
    assertThat(hex(ModuleWriter.write(base(SUI).build())).substring(0, 16)).isEqualTo("a11ceb0b07000005");
    assertThat(hex(ModuleWriter.write(base(APTOS7).build())).substring(0, 16)).isEqualTo("a11ceb0b0700000a");
    assertThat(hex(ModuleWriter.write(base(APTOS10).build())).substring(0, 16)).isEqualTo("a11ceb0b0a00000a");
  }

  @Test
  void wholeModuleByHand() {
    byte[] bytes = hex("a11ceb0b 06000000 03"
        + " 01 00 02   07 02 02   08 04 20"
        + " 0000   016d   " + "00".repeat(31) + "01"
        + " 00");
    CompiledModule m = new ModuleReader().readModuleChecked(bytes);
    assertThat(m.format()).isEqualTo(new BinaryFormat(FormatFlavor.LEGACY, 6, 6, 32));
    assertThat(m.moduleId().toString()).isEqualTo("0x" + "00".repeat(31) + "01::m");
    assertThat(m.layout().headerOrder()).containsExactly(TableKind.MODULE_HANDLES, TableKind.IDENTIFIERS, TableKind.ADDRESS_IDENTIFIERS);
    assertThat(ModuleWriter.write(m)).isEqualTo(bytes);
  }

  @Test
  void headerOrderAndContentOrderAreKept() {
    // identifiers first in content, addresses first in header
    byte[] bytes = hex("a11ceb0b 06000000 03"
        + " 08 04 20   01 02 02   07 00 02"
        + " 016d   0000   " + "00".repeat(31) + "01"
        + " 00");
    CompiledModule m = new ModuleReader().readModuleChecked(bytes);
    assertThat(m.layout().headerOrder()).containsExactly(TableKind.ADDRESS_IDENTIFIERS, TableKind.MODULE_HANDLES, TableKind.IDENTIFIERS);
    assertThat(m.layout().contentOrder()).containsExactly(TableKind.IDENTIFIERS, TableKind.MODULE_HANDLES, TableKind.ADDRESS_IDENTIFIERS);
    assertThat(ModuleWriter.write(m)).isEqualTo(bytes);
  }

  @Test
  void shortAddressesForStarcoin() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.LEGACY, 6, 16);
    expectTable(f, b -> { }, 0x08, "00".repeat(15) + "01");
  }

  @Test
  void commonTables() {
    for (BinaryFormat f : List.of(V5, V6, SUI, APTOS7, APTOS8, APTOS10)) {
      expectTable(f, b -> { }, 0x01, "0000");
      expectTable(f, b -> { }, 0x07, "016d");
      expectTable(f, b -> { }, 0x08, "00".repeat(31) + "01");
      expectTable(f, b -> b.datatypeHandles.add(new DatatypeHandle(0, 0, AbilitySet.of(Ability.COPY, Ability.DROP),
          List.of(new DatatypeTypeParameter(AbilitySet.of(Ability.STORE), true)))), 0x02, "00 00 03 01 04 01");
      expectTable(f, b -> b.functionInstantiations.add(new FunctionInstantiation(1, 2)), 0x04, "01 02");
      expectTable(f, b -> {
        b.signatures.add(Signature.of(SignatureToken.Primitive.U64, new SignatureToken.Vector(SignatureToken.Primitive.U8)));
        b.signatures.add(Signature.EMPTY);
      }, 0x05, "02 03 0a02 00");
      expectTable(f, b -> b.constantPool.add(new Constant(SignatureToken.Primitive.U64, hex("2a00000000000000"))),
          0x06, "03 08 2a00000000000000");
      expectTable(f, b -> b.metadata.add(new Metadata(hex("ab"), hex("cdef"))), 0x10, "01ab 02cdef");
      expectTable(f, b -> b.structDefs.addAll(List.of(
          new StructDefinition(0, StructFieldInformation.NATIVE),
          new StructDefinition(1, new StructFieldInformation.Declared(
              List.of(new FieldDefinition(2, SignatureToken.Primitive.BOOL)))))), 0x0A, "00 01  01 02 01 02 01");
      expectTable(f, b -> b.structDefInstantiations.add(new StructDefInstantiation(1, 3)), 0x0B, "01 03");
      expectTable(f, b -> b.fieldHandles.add(new FieldHandle(2, 3)), 0x0D, "02 03");
      expectTable(f, b -> b.fieldInstantiations.add(new FieldInstantiation(1, 4)), 0x0E, "01 04");
      expectTable(f, b -> b.friendDecls.add(new ModuleHandle(0, 0)), 0x0F, "00 00");
      // an index past 127 takes two ULEB128 bytes
      expectTable(f, b -> b.fieldHandles.add(new FieldHandle(300, 0)), 0x0D, "ac02 00");
    }
  }

  @Test
  void functionHandlesPerFlavor() {
    FunctionHandle plain = new FunctionHandle(0, 0, 1, 2, List.of(AbilitySet.of(Ability.KEY)));
    for (BinaryFormat f : List.of(V5, V6, SUI)) {
      expectTable(f, b -> b.functionHandles.add(plain), 0x03, "00 00 01 02 01 08");
    }
    // Aptos 7: option marker for access specifiers (1 = none)
    expectTable(APTOS7, b -> b.functionHandles.add(plain), 0x03, "00 00 01 02 01 08 01");
    // Aptos 8: and an attribute count
    expectTable(APTOS8, b -> b.functionHandles.add(plain), 0x03, "00 00 01 02 01 08 01 00");
    FunctionHandle rich = new FunctionHandle(0, 0, 1, 2, List.of(AbilitySet.of(Ability.KEY)),
        List.of(
            new AccessSpecifier(AccessKind.READS, false, new ResourceSpecifier.Resource(0), new AddressSpecifier.Parameter(1, 0)),
            new AccessSpecifier(AccessKind.WRITES, true, ResourceSpecifier.ANY, AddressSpecifier.ANY),
            new AccessSpecifier(AccessKind.READS, false, new ResourceSpecifier.ResourceInstantiation(1, 2), new AddressSpecifier.Literal(0)),
            new AccessSpecifier(AccessKind.WRITES, false, new ResourceSpecifier.DeclaredAtAddress(0), new AddressSpecifier.Parameter(2, -1)),
            new AccessSpecifier(AccessKind.READS, false, new ResourceSpecifier.DeclaredInModule(3), AddressSpecifier.ANY)),
        List.of(FunctionAttribute.PERSISTENT, FunctionAttribute.MODULE_LOCK));
    expectTable(APTOS8, b -> b.functionHandles.add(rich), 0x03,
        "00 00 01 02 01 08  02 05"
            + " 01 01 04 00 03 01 02 00"
            + " 02 02 01 01"
            + " 01 01 05 01 02 02 00"
            + " 02 01 02 00 03 02 01"
            + " 01 01 03 03 01"
            + " 02 01 02");
  }

  @Test
  void functionDefinitions() {
    FunctionDefinition entry = new FunctionDefinition(0, Visibility.PUBLIC, true, List.of(1),
        new CodeUnit(2, List.of(Bytecode.of(Opcode.LD_TRUE), Bytecode.of(Opcode.RET))));
    FunctionDefinition nativeFn = new FunctionDefinition(1, Visibility.PRIVATE, false, List.of(), null);
    FunctionDefinition friend = new FunctionDefinition(2, Visibility.FRIEND, false, List.of(), new CodeUnit(0, List.of()));
    for (BinaryFormat f : List.of(V5, V6, APTOS7, APTOS10)) {
      expectTable(f, b -> b.functionDefs.addAll(List.of(entry, nativeFn, friend)), 0x0C,
          "00 01 04 01 01 02 02 08 02   01 00 02 00   02 03 00 00 00 00");
    }
    // Sui code units end with their jump tables (count 0 here)
    expectTable(SUI, b -> b.functionDefs.addAll(List.of(entry, nativeFn, friend)), 0x0C,
        "00 01 04 01 01 02 02 08 02 00   01 00 02 00   02 03 00 00 00 00 00");
  }

  @Test
  void suiEnumTablesAndJumpTables() {
    expectTable(SUI, b -> b.enumDefs.add(new EnumDefinition(1, List.of(
        new VariantDefinition(2, List.of(new FieldDefinition(3, SignatureToken.Primitive.U64))),
        new VariantDefinition(4, List.of())))), 0x11, "01 02 02  02 01 03 03  04 00");
    expectTable(SUI, b -> b.enumDefInstantiations.add(new EnumDefInstantiation(0, 5)), 0x12, "00 05");
    expectTable(SUI, b -> b.variantHandles.add(new VariantHandle(0, 1)), 0x13, "00 01");
    expectTable(SUI, b -> b.variantInstantiationHandles.add(new VariantInstantiationHandle(0, 1)), 0x14, "00 01");
    expectTable(SUI, b -> b.functionDefs.add(new FunctionDefinition(0, Visibility.PRIVATE, false, List.of(),
            new CodeUnit(0, List.of(Bytecode.withIndex(Opcode.VARIANT_SWITCH, 0), Bytecode.of(Opcode.RET)),
                List.of(new VariantJumpTable(0, List.of(1, 1)))))),
        0x0C, "00 00 00 00  00 02 56 00 02  01 00 02 01 01 01");
  }

  @Test
  void aptosVariantTables() {
    for (BinaryFormat f : List.of(APTOS7, APTOS10)) {
      expectTable(f, b -> b.structDefs.add(new StructDefinition(0, new StructFieldInformation.DeclaredVariants(List.of(
          new VariantDefinition(1, List.of(new FieldDefinition(2, SignatureToken.Primitive.U8))),
          new VariantDefinition(3, List.of()))))), 0x0A, "00 03 02  01 01 02 02  03 00");
      expectTable(f, b -> b.variantFieldHandles.add(new VariantFieldHandle(0, List.of(0, 2), 1)), 0x11, "00 01 02 00 02");
      expectTable(f, b -> b.variantFieldInstantiations.add(new VariantFieldInstantiation(0, 3)), 0x12, "00 03");
      expectTable(f, b -> b.structVariantHandles.add(new StructVariantHandle(0, 1)), 0x13, "00 01");
      expectTable(f, b -> b.structVariantInstantiations.add(new StructVariantInstantiation(0, 2)), 0x14, "00 02");
    }
  }

  @Test
  void scriptsPerFlavor() {
    for (BinaryFormat f : List.of(V6, SUI, APTOS7, APTOS8)) {
      CompiledScript.Builder b = CompiledScript.builder(f);
      b.signatures.add(Signature.of(SignatureToken.Primitive.SIGNER));
      b.typeParameters(List.of(AbilitySet.of(Ability.DROP)));
      b.parameters(0);
      b.code(new CodeUnit(0, List.of(Bytecode.of(Opcode.RET))));
      CompiledScript script = b.build();
      byte[] bytes = ModuleWriter.write(script);
      String tail = "01 02 00 00 01 02" + (f.isSui() ? "00" : "");
      if (f.isAptos() && f.version() >= 8) {
        tail = "01 02 00 01 00 01 02"; // access specifiers: none
      }
      assertThat(hex(bytes)).endsWith(tail.replace(" ", ""));
      CompiledScript read = new ModuleReader().readScriptChecked(bytes);
      assertThat(ModuleWriter.write(read)).isEqualTo(bytes);
      assertThat(read.code()).isEqualTo(script.code());
    }
  }
}
