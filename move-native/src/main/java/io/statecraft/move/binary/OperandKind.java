package io.statecraft.move.binary;

/**
 * What follows an opcode byte, and where its index operand points. Index operands are ULEB128
 * with the limit given here; immediates are little-endian fixed width.
 */
public enum OperandKind {
  NONE(null, 0),
  CODE_OFFSET(null, 0xFFFF),
  LOCAL_INDEX(null, 0xFF),
  CONSTANT(TableKind.CONSTANT_POOL, 0xFFFF),
  FUNCTION_HANDLE(TableKind.FUNCTION_HANDLES, 0xFFFF),
  FUNCTION_INSTANTIATION(TableKind.FUNCTION_INSTANTIATIONS, 0xFFFF),
  STRUCT_DEF(TableKind.STRUCT_DEFS, 0xFFFF),
  STRUCT_DEF_INSTANTIATION(TableKind.STRUCT_DEF_INSTANTIATIONS, 0xFFFF),
  FIELD_HANDLE(TableKind.FIELD_HANDLES, 0xFFFF),
  FIELD_INSTANTIATION(TableKind.FIELD_INSTANTIATIONS, 0xFFFF),
  SIGNATURE(TableKind.SIGNATURES, 0xFFFF),
  /** Signature index, then a u64 element count (VecPack, VecUnpack). */
  SIGNATURE_AND_COUNT(TableKind.SIGNATURES, 0xFFFF),
  /** Sui variant handle; Sui caps these indices at 1024. */
  VARIANT_HANDLE(TableKind.VARIANT_HANDLES, 1024),
  VARIANT_INSTANTIATION_HANDLE(TableKind.VARIANT_INSTANTIATION_HANDLES, 1024),
  /** Sui: index into the function's own jump tables. */
  JUMP_TABLE(null, 127),
  VARIANT_FIELD_HANDLE(TableKind.VARIANT_FIELD_HANDLES, 0xFFFF),
  VARIANT_FIELD_INSTANTIATION(TableKind.VARIANT_FIELD_INSTANTIATIONS, 0xFFFF),
  STRUCT_VARIANT_HANDLE(TableKind.STRUCT_VARIANT_HANDLES, 0xFFFF),
  STRUCT_VARIANT_INSTANTIATION(TableKind.STRUCT_VARIANT_INSTANTIATIONS, 0xFFFF),
  /** Function handle, then a ULEB128 u64 closure mask. */
  FUNCTION_HANDLE_AND_MASK(TableKind.FUNCTION_HANDLES, 0xFFFF),
  FUNCTION_INSTANTIATION_AND_MASK(TableKind.FUNCTION_INSTANTIATIONS, 0xFFFF),
  U8(null, 0),
  U16(null, 0),
  U32(null, 0),
  U64(null, 0),
  U128(null, 0),
  U256(null, 0),
  I8(null, 0),
  I16(null, 0),
  I32(null, 0),
  I64(null, 0),
  I128(null, 0),
  I256(null, 0);

  private final TableKind table;
  private final int maxIndex;

  OperandKind(TableKind table, int maxIndex) {
    this.table = table;
    this.maxIndex = maxIndex;
  }

  /** The table the index operand points into, or null if it points into none. */
  public TableKind table() {
    return table;
  }

  /** Largest index the binary format can encode here (0 when there is no index). */
  public int maxIndex() {
    return maxIndex;
  }

  public boolean hasIndex() {
    return maxIndex > 0;
  }

  /** Immediates that fit in {@link Bytecode#value()}. */
  public boolean hasSmallImmediate() {
    return switch (this) {
      case U8, U16, U32, U64, I8, I16, I32, I64 -> true;
      default -> false;
    };
  }

  /** Immediates held in {@link Bytecode#wide()}. */
  public boolean hasWideImmediate() {
    return this == U128 || this == U256 || this == I128 || this == I256;
  }

  /** Index plus a u64 in {@link Bytecode#value()}. */
  public boolean hasIndexAndValue() {
    return this == SIGNATURE_AND_COUNT
        || this == FUNCTION_HANDLE_AND_MASK
        || this == FUNCTION_INSTANTIATION_AND_MASK;
  }

  /** Byte width of a fixed-width immediate. */
  public int immediateWidth() {
    return switch (this) {
      case U8, I8 -> 1;
      case U16, I16 -> 2;
      case U32, I32 -> 4;
      case U64, I64 -> 8;
      case U128, I128 -> 16;
      case U256, I256 -> 32;
      default -> 0;
    };
  }

  public boolean isSignedImmediate() {
    return this == I8 || this == I16 || this == I32 || this == I64 || this == I128 || this == I256;
  }
}
