package io.statecraft.move.binary;

import java.math.BigInteger;

/**
 * One instruction with its operands. A single shape serves every opcode so that the verifier
 * and interpreter can dispatch on {@link #opcode()} and read operands without casts:
 *
 * <ul>
 *   <li>{@link #index()}: the table index, local index, code offset or jump table index, for
 *       operand kinds that have one ({@link OperandKind#hasIndex()});
 *   <li>{@link #value()}: small immediates (u8..u64 zero-extended, i8..i64 sign-extended; a
 *       u64 uses all 64 bits), the element count of VecPack/VecUnpack, the closure mask of
 *       PackClosure;
 *   <li>{@link #wide()}: 128- and 256-bit immediates as an exact {@link BigInteger}.
 * </ul>
 *
 * Unused operands are 0 / null. The constructor rejects operands that do not fit the opcode.
 */
public record Bytecode(Opcode opcode, int index, long value, BigInteger wide) {

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  public Bytecode {
    if (opcode == null) {
      throw new IllegalArgumentException("opcode is null");
    }
    OperandKind kind = opcode.operandKind();
    if (kind.hasIndex()) {
      if (index < 0 || index > kind.maxIndex()) {
        throw new IllegalArgumentException(opcode + ": index " + index + " out of 0.." + kind.maxIndex());
      }
    } else if (index != 0) {
      throw new IllegalArgumentException(opcode + " has no index operand");
    }
    if (!kind.hasSmallImmediate() && !kind.hasIndexAndValue() && value != 0) {
      throw new IllegalArgumentException(opcode + " has no value operand");
    }
    if (kind.hasSmallImmediate() && !fitsSmall(kind, value)) {
      throw new IllegalArgumentException(opcode + ": immediate " + value + " out of range");
    }
    if (kind.hasWideImmediate()) {
      if (wide == null || !fitsWide(kind, wide)) {
        throw new IllegalArgumentException(opcode + ": immediate " + wide + " out of range");
      }
    } else if (wide != null) {
      throw new IllegalArgumentException(opcode + " has no wide operand");
    }
  }

  private static boolean fitsSmall(OperandKind kind, long v) {
    return switch (kind) {
      case U8 -> v >= 0 && v <= 0xFF;
      case U16 -> v >= 0 && v <= 0xFFFF;
      case U32 -> v >= 0 && v <= 0xFFFF_FFFFL;
      case I8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
      case I16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
      case I32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
      default -> true; // U64 and I64 use every bit pattern
    };
  }

  private static boolean fitsWide(OperandKind kind, BigInteger v) {
    return switch (kind) {
      case U128 -> v.signum() >= 0 && v.compareTo(TWO_128) < 0;
      case U256 -> v.signum() >= 0 && v.compareTo(TWO_256) < 0;
      case I128 -> v.bitLength() <= 127;
      case I256 -> v.bitLength() <= 255;
      default -> false;
    };
  }

  /** An instruction without operands. */
  public static Bytecode of(Opcode opcode) {
    return new Bytecode(opcode, 0, 0, null);
  }

  /** An instruction whose only operand is an index (table, local, offset, jump table). */
  public static Bytecode withIndex(Opcode opcode, int index) {
    return new Bytecode(opcode, index, 0, null);
  }

  /** VecPack / VecUnpack (count) and PackClosure / PackClosureGeneric (mask). */
  public static Bytecode withIndexAndValue(Opcode opcode, int index, long value) {
    return new Bytecode(opcode, index, value, null);
  }

  /** LdU8..LdU64 and LdI8..LdI64. */
  public static Bytecode withValue(Opcode opcode, long value) {
    return new Bytecode(opcode, 0, value, null);
  }

  /** LdU128, LdU256, LdI128, LdI256. */
  public static Bytecode withWide(Opcode opcode, BigInteger value) {
    return new Bytecode(opcode, 0, 0, value);
  }

  @Override
  public String toString() {
    OperandKind kind = opcode.operandKind();
    if (kind == OperandKind.NONE) {
      return opcode.name();
    } else if (kind.hasIndexAndValue()) {
      return opcode + "(" + index + ", " + Long.toUnsignedString(value) + ")";
    } else if (kind.hasIndex()) {
      return opcode + "(" + index + ")";
    } else if (kind.hasWideImmediate()) {
      return opcode + "(" + wide + ")";
    } else if (kind == OperandKind.U64) {
      return opcode + "(" + Long.toUnsignedString(value) + ")";
    }
    return opcode + "(" + value + ")";
  }
}
