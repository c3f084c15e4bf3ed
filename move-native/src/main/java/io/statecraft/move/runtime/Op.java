package io.statecraft.move.runtime;

/**
 * The interpreter's own instruction set: the binary format's opcodes after pre-decoding. One
 * op per behaviour — generic and non-generic forms, Sui and Aptos spellings of the same thing
 * share an op; behaviours that differ by a type or a flag get their own op so the core loop
 * never re-examines operands. The operand (an int per instruction) is a branch target, a local
 * or field index, a count, or an index into the function's pool of resolved operands.
 */
public final class Op {
  private Op() {}

  public static final int POP = 0;
  public static final int RET = 1;
  /** operand: target pc. */
  public static final int BR_TRUE = 2;
  public static final int BR_FALSE = 3;
  public static final int BRANCH = 4;
  /** operand: pool index of an immutable value (primitive or address). */
  public static final int LD_VALUE = 5;
  /** operand: pool index of a constant container: pushed as a fresh copy. */
  public static final int LD_CONST = 6;
  /** operand: local index. */
  public static final int COPY_LOC = 7;
  public static final int MOVE_LOC = 8;
  public static final int ST_LOC = 9;
  public static final int BORROW_LOC = 10;
  /** operand: field index. */
  public static final int BORROW_FIELD = 11;
  /** operand: pool index of a {@link CallSite}. */
  public static final int CALL = 12;
  /** operand: pool index of a {@link PackSite}. */
  public static final int PACK = 13;
  /** operand: unused. */
  public static final int UNPACK = 14;
  public static final int READ_REF = 15;
  public static final int WRITE_REF = 16;
  public static final int FREEZE_REF = 17;
  public static final int ADD = 18;
  public static final int SUB = 19;
  public static final int MUL = 20;
  public static final int MOD = 21;
  public static final int DIV = 22;
  public static final int BIT_OR = 23;
  public static final int BIT_AND = 24;
  public static final int XOR = 25;
  public static final int OR = 26;
  public static final int AND = 27;
  public static final int NOT = 28;
  public static final int EQ = 29;
  public static final int NEQ = 30;
  public static final int LT = 31;
  public static final int GT = 32;
  public static final int LE = 33;
  public static final int GE = 34;
  public static final int ABORT = 35;
  public static final int NOP = 36;
  /** operand: pool index of the resource {@link Type} (open in generic code). */
  public static final int EXISTS = 37;
  public static final int MUT_BORROW_GLOBAL = 38;
  public static final int IMM_BORROW_GLOBAL = 39;
  public static final int MOVE_FROM = 40;
  public static final int MOVE_TO = 41;
  public static final int SHL = 42;
  public static final int SHR = 43;
  public static final int CAST_U8 = 44;
  public static final int CAST_U16 = 45;
  public static final int CAST_U32 = 46;
  public static final int CAST_U64 = 47;
  public static final int CAST_U128 = 48;
  public static final int CAST_U256 = 49;
  /** operand: pool index of a {@link VecSite}. */
  public static final int VEC_PACK = 50;
  public static final int VEC_LEN = 51;
  public static final int VEC_BORROW = 52;
  public static final int VEC_PUSH_BACK = 53;
  public static final int VEC_POP_BACK = 54;
  /** operand: element count. */
  public static final int VEC_UNPACK = 55;
  public static final int VEC_SWAP = 56;
  /** operand: variant tag; unpacks by value after checking the tag. */
  public static final int UNPACK_VARIANT = 57;
  /** operand: variant tag; pushes references to the fields. */
  public static final int UNPACK_VARIANT_REF = 58;
  /** operand: pool index of an int[] jump table. */
  public static final int VARIANT_SWITCH = 59;
  /** operand: pool index of a {@link VariantFieldSite}. */
  public static final int BORROW_VARIANT_FIELD = 60;
  /** operand: pool index of an int[] of accepted variants (Aptos TestVariant). */
  public static final int TEST_VARIANT = 61;
  /** operand: pool index of a {@link ClosureSite}. */
  public static final int PACK_CLOSURE = 62;
  public static final int CALL_CLOSURE = 63;
  public static final int CAST_I8 = 64;
  public static final int CAST_I16 = 65;
  public static final int CAST_I32 = 66;
  public static final int CAST_I64 = 67;
  public static final int CAST_I128 = 68;
  public static final int CAST_I256 = 69;
  public static final int NEGATE = 70;
  public static final int ABORT_MSG = 71;

  public static final int COUNT = 72;

  private static final String[] NAMES = {
    "Pop", "Ret", "BrTrue", "BrFalse", "Branch", "LdValue", "LdConst", "CopyLoc", "MoveLoc",
    "StLoc", "BorrowLoc", "BorrowField", "Call", "Pack", "Unpack", "ReadRef", "WriteRef",
    "FreezeRef", "Add", "Sub", "Mul", "Mod", "Div", "BitOr", "BitAnd", "Xor", "Or", "And", "Not",
    "Eq", "Neq", "Lt", "Gt", "Le", "Ge", "Abort", "Nop", "Exists", "MutBorrowGlobal",
    "ImmBorrowGlobal", "MoveFrom", "MoveTo", "Shl", "Shr", "CastU8", "CastU16", "CastU32",
    "CastU64", "CastU128", "CastU256", "VecPack", "VecLen", "VecBorrow", "VecPushBack",
    "VecPopBack", "VecUnpack", "VecSwap", "UnpackVariant", "UnpackVariantRef", "VariantSwitch",
    "BorrowVariantField", "TestVariant", "PackClosure", "CallClosure", "CastI8", "CastI16",
    "CastI32", "CastI64", "CastI128", "CastI256", "Negate", "AbortMsg"
  };

  public static String name(int op) {
    return op >= 0 && op < NAMES.length ? NAMES[op] : "Op" + op;
  }
}
