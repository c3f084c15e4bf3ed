package io.statecraft.move.binary;

/**
 * Every instruction of every flavor, with its operand shape and the byte that encodes it in
 * each flavor. Bytes {@code 0x01..0x4D} mean the same in all flavors (0x48..0x4D since version
 * 6); from {@code 0x4E} on Sui and Aptos assign the same bytes to different instructions, so
 * instructions that exist in one flavor have no byte (-1) in the other.
 *
 * <p>Names follow the Rust {@code Opcodes} constants, except the Aptos variant instructions that
 * clash with Sui's: those are called {@code *_STRUCT_VARIANT*} here because their operands are
 * struct variant handles, not Sui variant handles.
 */
public enum Opcode {
  POP(OperandKind.NONE, 0x01, 0x01, 5),
  RET(OperandKind.NONE, 0x02, 0x02, 5),
  BR_TRUE(OperandKind.CODE_OFFSET, 0x03, 0x03, 5),
  BR_FALSE(OperandKind.CODE_OFFSET, 0x04, 0x04, 5),
  BRANCH(OperandKind.CODE_OFFSET, 0x05, 0x05, 5),
  LD_U64(OperandKind.U64, 0x06, 0x06, 5),
  LD_CONST(OperandKind.CONSTANT, 0x07, 0x07, 5),
  LD_TRUE(OperandKind.NONE, 0x08, 0x08, 5),
  LD_FALSE(OperandKind.NONE, 0x09, 0x09, 5),
  COPY_LOC(OperandKind.LOCAL_INDEX, 0x0A, 0x0A, 5),
  MOVE_LOC(OperandKind.LOCAL_INDEX, 0x0B, 0x0B, 5),
  ST_LOC(OperandKind.LOCAL_INDEX, 0x0C, 0x0C, 5),
  MUT_BORROW_LOC(OperandKind.LOCAL_INDEX, 0x0D, 0x0D, 5),
  IMM_BORROW_LOC(OperandKind.LOCAL_INDEX, 0x0E, 0x0E, 5),
  MUT_BORROW_FIELD(OperandKind.FIELD_HANDLE, 0x0F, 0x0F, 5),
  IMM_BORROW_FIELD(OperandKind.FIELD_HANDLE, 0x10, 0x10, 5),
  CALL(OperandKind.FUNCTION_HANDLE, 0x11, 0x11, 5),
  PACK(OperandKind.STRUCT_DEF, 0x12, 0x12, 5),
  UNPACK(OperandKind.STRUCT_DEF, 0x13, 0x13, 5),
  READ_REF(OperandKind.NONE, 0x14, 0x14, 5),
  WRITE_REF(OperandKind.NONE, 0x15, 0x15, 5),
  ADD(OperandKind.NONE, 0x16, 0x16, 5),
  SUB(OperandKind.NONE, 0x17, 0x17, 5),
  MUL(OperandKind.NONE, 0x18, 0x18, 5),
  MOD(OperandKind.NONE, 0x19, 0x19, 5),
  DIV(OperandKind.NONE, 0x1A, 0x1A, 5),
  BIT_OR(OperandKind.NONE, 0x1B, 0x1B, 5),
  BIT_AND(OperandKind.NONE, 0x1C, 0x1C, 5),
  XOR(OperandKind.NONE, 0x1D, 0x1D, 5),
  OR(OperandKind.NONE, 0x1E, 0x1E, 5),
  AND(OperandKind.NONE, 0x1F, 0x1F, 5),
  NOT(OperandKind.NONE, 0x20, 0x20, 5),
  EQ(OperandKind.NONE, 0x21, 0x21, 5),
  NEQ(OperandKind.NONE, 0x22, 0x22, 5),
  LT(OperandKind.NONE, 0x23, 0x23, 5),
  GT(OperandKind.NONE, 0x24, 0x24, 5),
  LE(OperandKind.NONE, 0x25, 0x25, 5),
  GE(OperandKind.NONE, 0x26, 0x26, 5),
  ABORT(OperandKind.NONE, 0x27, 0x27, 5),
  NOP(OperandKind.NONE, 0x28, 0x28, 5),
  /** Global storage: live in Aptos and legacy binaries, deprecated (but still decoded) in Sui. */
  EXISTS(OperandKind.STRUCT_DEF, 0x29, 0x29, 5),
  MUT_BORROW_GLOBAL(OperandKind.STRUCT_DEF, 0x2A, 0x2A, 5),
  IMM_BORROW_GLOBAL(OperandKind.STRUCT_DEF, 0x2B, 0x2B, 5),
  MOVE_FROM(OperandKind.STRUCT_DEF, 0x2C, 0x2C, 5),
  MOVE_TO(OperandKind.STRUCT_DEF, 0x2D, 0x2D, 5),
  FREEZE_REF(OperandKind.NONE, 0x2E, 0x2E, 5),
  SHL(OperandKind.NONE, 0x2F, 0x2F, 5),
  SHR(OperandKind.NONE, 0x30, 0x30, 5),
  LD_U8(OperandKind.U8, 0x31, 0x31, 5),
  LD_U128(OperandKind.U128, 0x32, 0x32, 5),
  CAST_U8(OperandKind.NONE, 0x33, 0x33, 5),
  CAST_U64(OperandKind.NONE, 0x34, 0x34, 5),
  CAST_U128(OperandKind.NONE, 0x35, 0x35, 5),
  MUT_BORROW_FIELD_GENERIC(OperandKind.FIELD_INSTANTIATION, 0x36, 0x36, 5),
  IMM_BORROW_FIELD_GENERIC(OperandKind.FIELD_INSTANTIATION, 0x37, 0x37, 5),
  CALL_GENERIC(OperandKind.FUNCTION_INSTANTIATION, 0x38, 0x38, 5),
  PACK_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x39, 0x39, 5),
  UNPACK_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3A, 0x3A, 5),
  EXISTS_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3B, 0x3B, 5),
  MUT_BORROW_GLOBAL_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3C, 0x3C, 5),
  IMM_BORROW_GLOBAL_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3D, 0x3D, 5),
  MOVE_FROM_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3E, 0x3E, 5),
  MOVE_TO_GENERIC(OperandKind.STRUCT_DEF_INSTANTIATION, 0x3F, 0x3F, 5),
  VEC_PACK(OperandKind.SIGNATURE_AND_COUNT, 0x40, 0x40, 5),
  VEC_LEN(OperandKind.SIGNATURE, 0x41, 0x41, 5),
  VEC_IMM_BORROW(OperandKind.SIGNATURE, 0x42, 0x42, 5),
  VEC_MUT_BORROW(OperandKind.SIGNATURE, 0x43, 0x43, 5),
  VEC_PUSH_BACK(OperandKind.SIGNATURE, 0x44, 0x44, 5),
  VEC_POP_BACK(OperandKind.SIGNATURE, 0x45, 0x45, 5),
  VEC_UNPACK(OperandKind.SIGNATURE_AND_COUNT, 0x46, 0x46, 5),
  VEC_SWAP(OperandKind.SIGNATURE, 0x47, 0x47, 5),
  LD_U16(OperandKind.U16, 0x48, 0x48, 6),
  LD_U32(OperandKind.U32, 0x49, 0x49, 6),
  LD_U256(OperandKind.U256, 0x4A, 0x4A, 6),
  CAST_U16(OperandKind.NONE, 0x4B, 0x4B, 6),
  CAST_U32(OperandKind.NONE, 0x4C, 0x4C, 6),
  CAST_U256(OperandKind.NONE, 0x4D, 0x4D, 6),
  /** Sui enums (version 7). */
  PACK_VARIANT(OperandKind.VARIANT_HANDLE, 0x4E, -1, 7),
  PACK_VARIANT_GENERIC(OperandKind.VARIANT_INSTANTIATION_HANDLE, 0x4F, -1, 7),
  UNPACK_VARIANT(OperandKind.VARIANT_HANDLE, 0x50, -1, 7),
  UNPACK_VARIANT_IMM_REF(OperandKind.VARIANT_HANDLE, 0x51, -1, 7),
  UNPACK_VARIANT_MUT_REF(OperandKind.VARIANT_HANDLE, 0x52, -1, 7),
  UNPACK_VARIANT_GENERIC(OperandKind.VARIANT_INSTANTIATION_HANDLE, 0x53, -1, 7),
  UNPACK_VARIANT_GENERIC_IMM_REF(OperandKind.VARIANT_INSTANTIATION_HANDLE, 0x54, -1, 7),
  UNPACK_VARIANT_GENERIC_MUT_REF(OperandKind.VARIANT_INSTANTIATION_HANDLE, 0x55, -1, 7),
  VARIANT_SWITCH(OperandKind.JUMP_TABLE, 0x56, -1, 7),
  /** Aptos enums as struct variants (version 7). */
  IMM_BORROW_VARIANT_FIELD(OperandKind.VARIANT_FIELD_HANDLE, -1, 0x4E, 7),
  MUT_BORROW_VARIANT_FIELD(OperandKind.VARIANT_FIELD_HANDLE, -1, 0x4F, 7),
  IMM_BORROW_VARIANT_FIELD_GENERIC(OperandKind.VARIANT_FIELD_INSTANTIATION, -1, 0x50, 7),
  MUT_BORROW_VARIANT_FIELD_GENERIC(OperandKind.VARIANT_FIELD_INSTANTIATION, -1, 0x51, 7),
  /** Aptos {@code PackVariant}: named apart from Sui's, its operand is a struct variant handle. */
  PACK_STRUCT_VARIANT(OperandKind.STRUCT_VARIANT_HANDLE, -1, 0x52, 7),
  PACK_STRUCT_VARIANT_GENERIC(OperandKind.STRUCT_VARIANT_INSTANTIATION, -1, 0x53, 7),
  UNPACK_STRUCT_VARIANT(OperandKind.STRUCT_VARIANT_HANDLE, -1, 0x54, 7),
  UNPACK_STRUCT_VARIANT_GENERIC(OperandKind.STRUCT_VARIANT_INSTANTIATION, -1, 0x55, 7),
  TEST_STRUCT_VARIANT(OperandKind.STRUCT_VARIANT_HANDLE, -1, 0x56, 7),
  TEST_STRUCT_VARIANT_GENERIC(OperandKind.STRUCT_VARIANT_INSTANTIATION, -1, 0x57, 7),
  /** Aptos closures (version 8). */
  PACK_CLOSURE(OperandKind.FUNCTION_HANDLE_AND_MASK, -1, 0x58, 8),
  PACK_CLOSURE_GENERIC(OperandKind.FUNCTION_INSTANTIATION_AND_MASK, -1, 0x59, 8),
  CALL_CLOSURE(OperandKind.SIGNATURE, -1, 0x5A, 8),
  /** Aptos signed integers (version 9). */
  LD_I8(OperandKind.I8, -1, 0x5B, 9),
  LD_I16(OperandKind.I16, -1, 0x5C, 9),
  LD_I32(OperandKind.I32, -1, 0x5D, 9),
  LD_I64(OperandKind.I64, -1, 0x5E, 9),
  LD_I128(OperandKind.I128, -1, 0x5F, 9),
  LD_I256(OperandKind.I256, -1, 0x60, 9),
  CAST_I8(OperandKind.NONE, -1, 0x61, 9),
  CAST_I16(OperandKind.NONE, -1, 0x62, 9),
  CAST_I32(OperandKind.NONE, -1, 0x63, 9),
  CAST_I64(OperandKind.NONE, -1, 0x64, 9),
  CAST_I128(OperandKind.NONE, -1, 0x65, 9),
  CAST_I256(OperandKind.NONE, -1, 0x66, 9),
  NEGATE(OperandKind.NONE, -1, 0x67, 9),
  /** Aptos abort with a message (version 10). */
  ABORT_MSG(OperandKind.NONE, -1, 0x68, 10);

  /** Marks "no encoding in this flavor". */
  static final int NONE = -1;

  private static final Opcode[] SUI_BY_BYTE = new Opcode[256];
  private static final Opcode[] APTOS_BY_BYTE = new Opcode[256];

  static {
    for (Opcode op : values()) {
      if (op.suiByte != NONE) {
        SUI_BY_BYTE[op.suiByte] = op;
      }
      if (op.aptosByte != NONE) {
        APTOS_BY_BYTE[op.aptosByte] = op;
      }
    }
  }

  private final OperandKind operandKind;
  private final int suiByte;
  private final int aptosByte;
  private final int sinceVersion;

  Opcode(OperandKind operandKind, int suiByte, int aptosByte, int sinceVersion) {
    this.operandKind = operandKind;
    this.suiByte = suiByte;
    this.aptosByte = aptosByte;
    this.sinceVersion = sinceVersion;
  }

  public OperandKind operandKind() {
    return operandKind;
  }

  /** First bytecode version that has this instruction. */
  public int sinceVersion() {
    return sinceVersion;
  }

  /** True when a unit of the given format can contain this instruction. */
  public boolean existsIn(BinaryFormat format) {
    return encoding(format.flavor()) != NONE && format.version() >= sinceVersion;
  }

  /** The byte encoding this instruction in the flavor, or -1 if the flavor lacks it. */
  public int encoding(FormatFlavor flavor) {
    return switch (flavor) {
      case LEGACY -> sinceVersion <= BinaryFormat.LEGACY_VERSION_MAX ? suiByte : NONE;
      case SUI -> suiByte;
      case APTOS -> aptosByte;
    };
  }

  /**
   * The instruction that {@code b} encodes in the flavor, ignoring version, or null when the
   * byte encodes none.
   */
  public static Opcode decode(FormatFlavor flavor, int b) {
    if (b < 0 || b > 255) {
      return null;
    }
    Opcode op = flavor == FormatFlavor.APTOS ? APTOS_BY_BYTE[b] : SUI_BY_BYTE[b];
    if (op != null && flavor == FormatFlavor.LEGACY && op.sinceVersion > BinaryFormat.LEGACY_VERSION_MAX) {
      return null;
    }
    return op;
  }
}
