package io.statecraft.move.binary;

import static io.statecraft.move.binary.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.binary.SignatureToken.Primitive;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every type token of every flavor, as the type of a constant, against hand-written bytes. */
class SignatureTokenVectorsTest {

  private static void expect(BinaryFormat f, SignatureToken token, String hexBytes) {
    TableVectorsTest.expectTable(f, b -> b.constantPool.add(new Constant(token, new byte[0])), 0x06, hexBytes + "00");
  }

  @Test
  void sharedTokens() {
    for (BinaryFormat f : ModuleGenerator.ALL_FORMATS) {
      expect(f, Primitive.BOOL, "01");
      expect(f, Primitive.U8, "02");
      expect(f, Primitive.U64, "03");
      expect(f, Primitive.U128, "04");
      expect(f, Primitive.ADDRESS, "05");
      expect(f, new SignatureToken.Reference(Primitive.U8), "0602");
      expect(f, new SignatureToken.MutableReference(Primitive.U8), "0702");
      expect(f, new SignatureToken.Datatype(300), "08ac02");
      expect(f, new SignatureToken.TypeParameter(65536), "09808004");
      expect(f, new SignatureToken.Vector(new SignatureToken.Vector(Primitive.ADDRESS)), "0a0a05");
      expect(f, new SignatureToken.DatatypeInstantiation(1, List.of(Primitive.U64, new SignatureToken.DatatypeInstantiation(2, List.of(Primitive.BOOL)))),
          "0b 01 02 03 0b 02 01 01".replace(" ", ""));
      expect(f, Primitive.SIGNER, "0c");
      if (f.version() >= 6) {
        expect(f, Primitive.U16, "0d");
        expect(f, Primitive.U32, "0e");
        expect(f, Primitive.U256, "0f");
      }
    }
  }

  @Test
  void aptosTokens() {
    BinaryFormat v8 = BinaryFormat.of(FormatFlavor.APTOS, 8);
    BinaryFormat v9 = BinaryFormat.of(FormatFlavor.APTOS, 9);
    // |&u8, T0| u64 has copy+drop : tag, abilities, #params, #results, params, results
    expect(v8, new SignatureToken.Function(List.of(new SignatureToken.Reference(Primitive.U8), new SignatureToken.TypeParameter(0)),
        List.of(Primitive.U64), AbilitySet.of(Ability.COPY, Ability.DROP)), "10 03 02 01 0602 0900 03".replace(" ", ""));
    expect(v8, new SignatureToken.Function(List.of(), List.of(), AbilitySet.EMPTY), "10000000");
    expect(v9, Primitive.I8, "11");
    expect(v9, Primitive.I16, "12");
    expect(v9, Primitive.I32, "13");
    expect(v9, Primitive.I64, "14");
    expect(v9, Primitive.I128, "15");
    expect(v9, Primitive.I256, "16");
  }

  private static MalformedModuleException.Kind readKind(BinaryFormat f, String tokenHex) {
    return readExpectingFailure(rebuildWithConstantPool(f, hex(tokenHex + "00")));
  }

  /** A module typed in by hand: identifiers [m], one module handle, address 0x1, and a constant pool. */
  private static byte[] rebuildWithConstantPool(BinaryFormat f, byte[] content) {
    // header: magic, version, 2 tables: identifiers(016d) and constant pool, module handles, addresses
    byte[] ids = hex("016d");
    byte[] mh = hex("0000");
    byte[] addr = Address.ofShort(32, 1).toBytes();
    int o1 = ids.length;
    int o2 = o1 + mh.length;
    int o3 = o2 + addr.length;
    byte[] header = Bytes.concat(hex("a11ceb0b"), le(f.headerWord()), new byte[] {4,
        7, 0, (byte) ids.length,
        1, (byte) o1, (byte) mh.length,
        8, (byte) o2, (byte) addr.length,
        6, (byte) o3}, Bytes.uleb(content.length));
    return Bytes.concat(header, ids, mh, addr, content, new byte[] {0});
  }

  private static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static MalformedModuleException.Kind readExpectingFailure(byte[] bytes) {
    try {
      new ModuleReader().readModule(bytes);
      return null;
    } catch (MalformedModuleException e) {
      return e.kind();
    }
  }

  @Test
  void handBuiltBinaryWithConstantReads() {
    byte[] ok = rebuildWithConstantPool(BinaryFormat.of(FormatFlavor.SUI, 7), hex("0a0203010203"));
    CompiledModule m = new ModuleReader().readModuleChecked(ok);
    assertThat(m.constantPool()).containsExactly(new Constant(new SignatureToken.Vector(Primitive.U8), hex("010203")));
    assertThat(ModuleWriter.write(m)).isEqualTo(ok);
  }

  @Test
  void tokensOutsideTheirFlavorOrVersion() {
    assertThat(readKind(BinaryFormat.of(FormatFlavor.LEGACY, 5), "0d")).isEqualTo(MalformedModuleException.Kind.NOT_IN_VERSION);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.SUI, 7), "11")).isEqualTo(MalformedModuleException.Kind.UNKNOWN_SERIALIZED_TYPE);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.SUI, 7), "10000000")).isEqualTo(MalformedModuleException.Kind.UNKNOWN_SERIALIZED_TYPE);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.APTOS, 7), "10000000")).isEqualTo(MalformedModuleException.Kind.NOT_IN_VERSION);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.APTOS, 8), "11")).isEqualTo(MalformedModuleException.Kind.NOT_IN_VERSION);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.LEGACY, 6), "17")).isEqualTo(MalformedModuleException.Kind.UNKNOWN_SERIALIZED_TYPE);
    assertThat(readKind(BinaryFormat.of(FormatFlavor.LEGACY, 6), "00")).isEqualTo(MalformedModuleException.Kind.UNKNOWN_SERIALIZED_TYPE);
    // a datatype instantiation needs at least one argument
    assertThat(readKind(BinaryFormat.of(FormatFlavor.LEGACY, 6), "0b0000")).isEqualTo(MalformedModuleException.Kind.MALFORMED);
    // abilities above 0xF
    assertThat(readKind(BinaryFormat.of(FormatFlavor.APTOS, 8), "10100000")).isEqualTo(MalformedModuleException.Kind.UNKNOWN_ABILITY);
  }

  @Test
  void nestingDepthIsCapped() {
    BinaryFormat f = BinaryFormat.of(FormatFlavor.LEGACY, 6);
    assertThat(readKind(f, "0a".repeat(255) + "02")).isNull();
    assertThat(readKind(f, "0a".repeat(256) + "02")).isEqualTo(MalformedModuleException.Kind.TOO_DEEP);
    assertThat(readKind(f, "0a".repeat(100_000) + "02")).isEqualTo(MalformedModuleException.Kind.TOO_DEEP);
    SignatureToken deep = Primitive.U8;
    for (int i = 0; i < 300; i++) {
      deep = new SignatureToken.Vector(deep);
    }
    CompiledModule.Builder b = TableVectorsTest.base(f);
    b.constantPool.add(new Constant(deep, new byte[0]));
    CompiledModule tooDeep = b.build();
    assertThatThrownBy(() -> ModuleWriter.write(tooDeep)).isInstanceOf(InvalidModuleException.class);
  }
}
