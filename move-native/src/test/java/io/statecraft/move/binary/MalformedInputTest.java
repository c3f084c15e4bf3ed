package io.statecraft.move.binary;

import static io.statecraft.move.binary.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.binary.MalformedModuleException.Kind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Damaged binaries written by hand: each fails with the right kind, at the right place. */
class MalformedInputTest {
  private static final String ADDR = "00".repeat(31) + "01";
  /** A valid v6 module: module handles, identifiers, addresses; self handle 0. */
  private static final String GOOD = "a11ceb0b 06000000 03  01 00 02  07 02 02  08 04 20  0000 016d " + ADDR + " 00";

  private static MalformedModuleException fail(String hexBytes) {
    return fail(hex(hexBytes));
  }

  private static MalformedModuleException fail(byte[] bytes) {
    try {
      new ModuleReader().readModule(bytes);
    } catch (MalformedModuleException e) {
      return e;
    }
    throw new AssertionError("expected a malformed module");
  }

  @Test
  void theBaselineIsGood() {
    assertThat(new ModuleReader().readModuleChecked(hex(GOOD)).moduleId().name()).isEqualTo("m");
  }

  @Test
  void header() {
    assertThat(fail("").kind()).isEqualTo(Kind.BAD_MAGIC);
    assertThat(fail("a11ceb").kind()).isEqualTo(Kind.BAD_MAGIC);
    assertThat(fail("a11ceb0c06000000").kind()).isEqualTo(Kind.BAD_MAGIC);
    assertThat(fail("a11ceb0b0600").kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    assertThat(fail("a11ceb0b04000000 00").kind()).isEqualTo(Kind.UNKNOWN_VERSION);
    assertThat(fail("a11ceb0b07000000 00").kind()).isEqualTo(Kind.UNEXPECTED_EOF); // bare 7 reads as Aptos
    assertThat(fail("a11ceb0b08000005 00").kind()).isEqualTo(Kind.UNKNOWN_VERSION); // Sui has no v8
    assertThat(fail("a11ceb0b0b00000a 00").kind()).isEqualTo(Kind.UNKNOWN_VERSION);
    assertThat(fail("a11ceb0b06000000").kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    MalformedModuleException e = fail("a11ceb0b07000006 00");
    assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_VERSION);
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void uleb128() {
    // table count 0x80 0x00 is a non-minimal zero
    assertThat(fail("a11ceb0b06000000 8000").kind()).isEqualTo(Kind.BAD_ULEB128);
    // eleven continuation bytes
    assertThat(fail("a11ceb0b06000000 01 01 " + "ff".repeat(11)).kind()).isEqualTo(Kind.BAD_ULEB128);
    // 2^64 overflows
    assertThat(fail("a11ceb0b06000000 01 01 ffffffffffffffffff02").kind()).isEqualTo(Kind.BAD_ULEB128);
    // table offset above u32
    assertThat(fail("a11ceb0b06000000 01 01 8080808010 02").kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    // table count above 255
    assertThat(fail("a11ceb0b06000000 8002").kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    // runs past the end
    assertThat(fail("a11ceb0b06000000 01 01 80").kind()).isEqualTo(Kind.UNEXPECTED_EOF);
  }

  @Test
  void tableDirectory() {
    String contents = " 0000 016d " + ADDR + " 00";
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 03 02  08 05 20" + contents).kind()).isEqualTo(Kind.BAD_HEADER_TABLE); // gap
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 01 02  08 04 20" + contents).kind()).isEqualTo(Kind.BAD_HEADER_TABLE); // overlap
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 00  08 02 20" + contents).kind()).isEqualTo(Kind.BAD_HEADER_TABLE); // empty
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 02  07 04 20" + contents).kind()).isEqualTo(Kind.DUPLICATE_TABLE);
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 02  08 04 ff01" + contents).kind()).isEqualTo(Kind.BAD_HEADER_TABLE); // past end
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 02  09 04 20" + contents).kind()).isEqualTo(Kind.UNKNOWN_TABLE_TYPE);
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 02  11 04 20" + contents).kind()).isEqualTo(Kind.UNKNOWN_TABLE_TYPE); // v7 table in v6
    assertThat(fail("a11ceb0b 06000000 04  01 00 02  07 02 02  08 04 20").kind()).isEqualTo(Kind.UNEXPECTED_EOF); // missing header entry
  }

  @Test
  void tableContents() {
    // identifier "1m" is not an identifier
    assertThat(fail(GOOD.replace("016d", "0131")).kind()).isEqualTo(Kind.INVALID_IDENTIFIER);
    // identifier length runs past its table
    assertThat(fail(GOOD.replace("016d", "036d")).kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    // non-ASCII byte in an identifier
    assertThat(fail(GOOD.replace("016d", "01e9")).kind()).isEqualTo(Kind.INVALID_IDENTIFIER);
    // a module handle index past u16 (and overrunning its table)
    assertThat(fail(GOOD.replace("0000 016d", "00ff 016d")).kind()).isIn(Kind.UNEXPECTED_EOF, Kind.LIMIT_EXCEEDED);
    // address table that is not whole addresses
    assertThat(fail("a11ceb0b 06000000 03  01 00 02  07 02 02  08 04 1f  0000 016d " + ADDR.substring(2) + " 00").kind())
        .isEqualTo(Kind.UNEXPECTED_EOF);
  }

  @Test
  void trailingBytes() {
    byte[] good = hex(GOOD);
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertThat(fail(trailing).kind()).isEqualTo(Kind.TRAILING_BYTES);
    ModuleReader lenient = new ModuleReader(ReaderOptions.DEFAULT.withTrailingBytes(true));
    CompiledModule m = lenient.readModule(trailing);
    assertThat(m.trailingBytes()).hasSize(3);
    assertThat(ModuleWriter.write(m)).isEqualTo(trailing);
    // no self handle at all
    assertThat(fail(Arrays.copyOf(good, good.length - 1)).kind()).isEqualTo(Kind.UNEXPECTED_EOF);
  }

  /** The baseline module plus one table typed in by hand (placed after the others). */
  private static String withTable(String version, String code, String content) {
    byte[] c = hex(content);
    return "a11ceb0b " + version + " 04  01 00 02  07 02 02  08 04 20  " + code + " 24 " + Bytes.hex(Bytes.uleb(c.length))
        + " 0000 016d " + ADDR + " " + content + " 00";
  }

  private static String functionModule(String version, String functionDefs) {
    return withTable(version, "0c", functionDefs);
  }

  @Test
  void functionDefinitions() {
    assertThat(new ModuleReader().readModule(hex(functionModule("06000000", "00 01 04 00 00 01 02"))).functionDefs()).hasSize(1);
    assertThat(fail(functionModule("06000000", "00 02 00 00 00 01 02")).kind()).isEqualTo(Kind.BAD_VISIBILITY);
    assertThat(fail(functionModule("06000000", "00 01 08 00 00 01 02")).kind()).isEqualTo(Kind.INVALID_FLAG_BITS);
    assertThat(fail(functionModule("06000000", "00 01 00 00 00 02 02")).kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    assertThat(fail(functionModule("06000000", "00 01 00 00 00 01 ff")).kind()).isEqualTo(Kind.UNKNOWN_OPCODE);
    assertThat(fail(functionModule("06000000", "00 01 00 00 00 01 06 0102")).kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    assertThat(fail(functionModule("06000000", "00 01 00 00 00 ffff04 02")).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
    // Sui: jump table with an unknown flag, and too many jump tables
    assertThat(fail(functionModule("07000005", "00 01 00 00 00 01 02 01 00 01 02 00")).kind()).isEqualTo(Kind.UNKNOWN_JUMP_TABLE_FLAG);
    assertThat(fail(functionModule("07000005", "00 01 00 00 00 01 02 80 01")).kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
  }

  @Test
  void suiEnumsAndScripts() {
    assertThat(new ModuleReader().readModule(hex(withTable("07000005", "11", "00 02 01 00 00"))).enumDefs()).hasSize(1);
    assertThat(fail(withTable("07000005", "11", "00 02 00")).kind()).isEqualTo(Kind.MALFORMED); // no variants
    assertThat(fail(withTable("07000005", "11", "00 01 01 00 00")).kind()).isEqualTo(Kind.UNKNOWN_ENUM_FLAG);
    assertThat(fail(withTable("07000005", "13", "00 80 01")).kind()).isEqualTo(Kind.LIMIT_EXCEEDED); // variant tag 128
    assertThat(new ModuleReader().readModule(hex(withTable("0700000a", "0a", "00 03 01 00 00"))).structDefs()).hasSize(1);
    assertThat(fail(withTable("07000005", "0a", "00 03 00")).kind()).isEqualTo(Kind.UNKNOWN_NATIVE_STRUCT_FLAG); // struct variants are Aptos only
    // a script cannot carry function definitions
    byte[] withDefs = hex(functionModule("06000000", "00 01 04 00 00 01 02"));
    assertThatThrownBy(() -> new ModuleReader().readScript(withDefs))
        .isInstanceOf(MalformedModuleException.class)
        .extracting(e -> ((MalformedModuleException) e).kind())
        .isEqualTo(Kind.TABLE_NOT_ALLOWED);
  }

  @Test
  void aptosOptionsAndFlags() {
    String fh = "a11ceb0b 0800000a 04  01 00 02  07 02 02  08 04 20  03 24 %s  0000 016d " + ADDR + " %s 00";
    assertThat(new ModuleReader().readModule(hex(String.format(fh, "07", "00 00 00 00 00 01 00"))).functionHandles()).hasSize(1);
    assertThat(fail(String.format(fh, "07", "00 00 00 00 00 03 00")).kind()).isEqualTo(Kind.MALFORMED); // option marker
    assertThat(fail(String.format(fh, "07", "00 00 00 00 00 01 01")).kind()).isEqualTo(Kind.UNEXPECTED_EOF);
    assertThat(fail(String.format(fh, "08", "00 00 00 00 00 01 01 07")).kind()).isEqualTo(Kind.MALFORMED); // attribute
    assertThat(fail(String.format(fh, "0b", "00 00 00 00 00 02 01 09 01 01 01")).kind()).isEqualTo(Kind.MALFORMED); // access kind
    assertThat(fail(String.format(fh, "07", "00 00 00 00 00 01 11")).kind()).isEqualTo(Kind.LIMIT_EXCEEDED); // 17 attributes
  }
}
