package io.statecraft.move.binary;

import static io.statecraft.move.binary.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every opcode of every flavor, against opcode bytes typed in from the Sui and Aptos {@code
 * Opcodes} tables (not derived from {@link Opcode}), with hand-encoded operands.
 */
class InstructionVectorsTest {

  private static final String COMMON =
      "POP 01 RET 02 BR_TRUE 03 BR_FALSE 04 BRANCH 05 LD_U64 06 LD_CONST 07 LD_TRUE 08 LD_FALSE 09"
          + " COPY_LOC 0a MOVE_LOC 0b ST_LOC 0c MUT_BORROW_LOC 0d IMM_BORROW_LOC 0e MUT_BORROW_FIELD 0f"
          + " IMM_BORROW_FIELD 10 CALL 11 PACK 12 UNPACK 13 READ_REF 14 WRITE_REF 15 ADD 16 SUB 17 MUL 18"
          + " MOD 19 DIV 1a BIT_OR 1b BIT_AND 1c XOR 1d OR 1e AND 1f NOT 20 EQ 21 NEQ 22 LT 23 GT 24 LE 25"
          + " GE 26 ABORT 27 NOP 28 EXISTS 29 MUT_BORROW_GLOBAL 2a IMM_BORROW_GLOBAL 2b MOVE_FROM 2c"
          + " MOVE_TO 2d FREEZE_REF 2e SHL 2f SHR 30 LD_U8 31 LD_U128 32 CAST_U8 33 CAST_U64 34 CAST_U128 35"
          + " MUT_BORROW_FIELD_GENERIC 36 IMM_BORROW_FIELD_GENERIC 37 CALL_GENERIC 38 PACK_GENERIC 39"
          + " UNPACK_GENERIC 3a EXISTS_GENERIC 3b MUT_BORROW_GLOBAL_GENERIC 3c IMM_BORROW_GLOBAL_GENERIC 3d"
          + " MOVE_FROM_GENERIC 3e MOVE_TO_GENERIC 3f VEC_PACK 40 VEC_LEN 41 VEC_IMM_BORROW 42"
          + " VEC_MUT_BORROW 43 VEC_PUSH_BACK 44 VEC_POP_BACK 45 VEC_UNPACK 46 VEC_SWAP 47";
  private static final String V6 = " LD_U16 48 LD_U32 49 LD_U256 4a CAST_U16 4b CAST_U32 4c CAST_U256 4d";
  private static final String SUI_V7 =
      " PACK_VARIANT 4e PACK_VARIANT_GENERIC 4f UNPACK_VARIANT 50 UNPACK_VARIANT_IMM_REF 51"
          + " UNPACK_VARIANT_MUT_REF 52 UNPACK_VARIANT_GENERIC 53 UNPACK_VARIANT_GENERIC_IMM_REF 54"
          + " UNPACK_VARIANT_GENERIC_MUT_REF 55 VARIANT_SWITCH 56";
  private static final String APTOS_V7 =
      " IMM_BORROW_VARIANT_FIELD 4e MUT_BORROW_VARIANT_FIELD 4f IMM_BORROW_VARIANT_FIELD_GENERIC 50"
          + " MUT_BORROW_VARIANT_FIELD_GENERIC 51 PACK_STRUCT_VARIANT 52 PACK_STRUCT_VARIANT_GENERIC 53"
          + " UNPACK_STRUCT_VARIANT 54 UNPACK_STRUCT_VARIANT_GENERIC 55 TEST_STRUCT_VARIANT 56"
          + " TEST_STRUCT_VARIANT_GENERIC 57";
  private static final String APTOS_V8 = " PACK_CLOSURE 58 PACK_CLOSURE_GENERIC 59 CALL_CLOSURE 5a";
  private static final String APTOS_V9 =
      " LD_I8 5b LD_I16 5c LD_I32 5d LD_I64 5e LD_I128 5f LD_I256 60 CAST_I8 61 CAST_I16 62 CAST_I32 63"
          + " CAST_I64 64 CAST_I128 65 CAST_I256 66 NEGATE 67";
  private static final String APTOS_V10 = " ABORT_MSG 68";

  static Map<Opcode, Integer> table(BinaryFormat f) {
    String spec = COMMON + (f.version() >= 6 ? V6 : "");
    if (f.isSui()) {
      spec += SUI_V7;
    }
    if (f.isAptos()) {
      spec += APTOS_V7 + (f.version() >= 8 ? APTOS_V8 : "") + (f.version() >= 9 ? APTOS_V9 : "")
          + (f.version() >= 10 ? APTOS_V10 : "");
    }
    String[] parts = spec.trim().split("\\s+");
    Map<Opcode, Integer> out = new HashMap<>();
    for (int i = 0; i < parts.length; i += 2) {
      out.put(Opcode.valueOf(parts[i]), Integer.parseInt(parts[i + 1], 16));
    }
    return out;
  }

  /** A sample instruction for the opcode and its operand bytes, encoded by hand. */
  static Object[] sample(Opcode op) {
    return switch (op.operandKind()) {
      case NONE -> new Object[] {Bytecode.of(op), ""};
      case LOCAL_INDEX -> new Object[] {Bytecode.withIndex(op, 200), "c801"};
      case JUMP_TABLE -> new Object[] {Bytecode.withIndex(op, 5), "05"};
      case VARIANT_HANDLE, VARIANT_INSTANTIATION_HANDLE -> new Object[] {Bytecode.withIndex(op, 1024), "8008"};
      case SIGNATURE_AND_COUNT -> new Object[] {Bytecode.withIndexAndValue(op, 3, 10), "03 0a00000000000000"};
      case FUNCTION_HANDLE_AND_MASK, FUNCTION_INSTANTIATION_AND_MASK ->
          new Object[] {Bytecode.withIndexAndValue(op, 2, 0x81), "02 8101"};
      case U8 -> new Object[] {Bytecode.withValue(op, 0xFE), "fe"};
      case U16 -> new Object[] {Bytecode.withValue(op, 0x1234), "3412"};
      case U32 -> new Object[] {Bytecode.withValue(op, 0xDEADBEEFL), "efbeadde"};
      case U64 -> new Object[] {Bytecode.withValue(op, 0x0102030405060708L), "0807060504030201"};
      case U128 -> new Object[] {Bytecode.withWide(op, BigInteger.ONE), "01" + "00".repeat(15)};
      case U256 -> new Object[] {Bytecode.withWide(op, BigInteger.ONE.shiftLeft(255)), "00".repeat(31) + "80"};
      case I8 -> new Object[] {Bytecode.withValue(op, -1), "ff"};
      case I16 -> new Object[] {Bytecode.withValue(op, -2), "feff"};
      case I32 -> new Object[] {Bytecode.withValue(op, Integer.MIN_VALUE), "00000080"};
      case I64 -> new Object[] {Bytecode.withValue(op, -3), "fdffffffffffffff"};
      case I128 -> new Object[] {Bytecode.withWide(op, BigInteger.valueOf(-1)), "ff".repeat(16)};
      case I256 -> new Object[] {Bytecode.withWide(op, BigInteger.ONE.shiftLeft(255).negate()), "00".repeat(31) + "80"};
      default -> new Object[] {Bytecode.withIndex(op, 300), "ac02"};
    };
  }

  @Test
  void everyOpcodeOfEveryFlavor() {
    int checked = 0;
    for (BinaryFormat f : ModuleGenerator.ALL_FORMATS) {
      Map<Opcode, Integer> expected = table(f);
      for (Opcode op : Opcode.values()) {
        assertThat(op.existsIn(f)).as("%s in %s", op, f).isEqualTo(expected.containsKey(op));
        Object[] sample = sample(op);
        Bytecode instr = (Bytecode) sample[0];
        CompiledModule.Builder b = TableVectorsTest.base(f);
        b.functionDefs.add(new FunctionDefinition(0, Visibility.PRIVATE, false, List.of(),
            new CodeUnit(0, List.of(instr))));
        CompiledModule module = b.build();
        if (!expected.containsKey(op)) {
          assertThatThrownBy(() -> ModuleWriter.write(module))
              .isInstanceOf(InvalidModuleException.class)
              .extracting(e -> ((InvalidModuleException) e).kind())
              .isEqualTo(InvalidModuleException.Kind.NOT_ENCODABLE);
          continue;
        }
        byte[] bytes = ModuleWriter.write(module);
        String want = "00 00 00 00 00 01" + String.format("%02x", expected.get(op)) + sample[1] + (f.isSui() ? "00" : "");
        assertThat(hex(Bytes.tables(bytes).get(0x0C))).as("%s in %s", op, f).isEqualTo(want.replace(" ", ""));
        CompiledModule read = new ModuleReader(ReaderOptions.DEFAULT.withAddressLength(f.addressLength())).readModule(bytes);
        assertThat(read.functionDefs().get(0).code().code()).containsExactly(instr);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  @Test
  void opcodeBytesOutsideTheFlavorAreRejected() {
    // 0x57 is TEST_VARIANT_GENERIC in Aptos but nothing in Sui; 0x4e nothing in v6.
    for (Object[] c : new Object[][] {
        {BinaryFormat.of(FormatFlavor.SUI, 7), 0x57, MalformedModuleException.Kind.UNKNOWN_OPCODE},
        {BinaryFormat.of(FormatFlavor.LEGACY, 6), 0x4e, MalformedModuleException.Kind.UNKNOWN_OPCODE},
        {BinaryFormat.of(FormatFlavor.LEGACY, 5), 0x48, MalformedModuleException.Kind.NOT_IN_VERSION},
        {BinaryFormat.of(FormatFlavor.APTOS, 7), 0x58, MalformedModuleException.Kind.NOT_IN_VERSION},
        {BinaryFormat.of(FormatFlavor.APTOS, 8), 0x5b, MalformedModuleException.Kind.NOT_IN_VERSION},
        {BinaryFormat.of(FormatFlavor.APTOS, 9), 0x68, MalformedModuleException.Kind.NOT_IN_VERSION},
        {BinaryFormat.of(FormatFlavor.APTOS, 10), 0x69, MalformedModuleException.Kind.UNKNOWN_OPCODE},
        {BinaryFormat.of(FormatFlavor.SUI, 7), 0x00, MalformedModuleException.Kind.UNKNOWN_OPCODE},
    }) {
      BinaryFormat f = (BinaryFormat) c[0];
      CompiledModule.Builder b = TableVectorsTest.base(f);
      b.functionDefs.add(new FunctionDefinition(0, Visibility.PRIVATE, false, List.of(),
          new CodeUnit(0, List.of(Bytecode.of(Opcode.NOP)))));
      byte[] bytes = ModuleWriter.write(b.build());
      int at = Bytes.indexOf(bytes, new byte[] {0x00, 0x01, 0x28});
      bytes[at + 2] = (byte) (int) (Integer) c[1];
      assertThatThrownBy(() -> new ModuleReader().readModule(bytes))
          .isInstanceOf(MalformedModuleException.class)
          .extracting(e -> ((MalformedModuleException) e).kind())
          .as("0x%x in %s", c[1], f)
          .isEqualTo(c[2]);
    }
  }
}
