package io.statecraft.move.runtime;

import java.math.BigInteger;

/**
 * Move's checked integer arithmetic. Both operands have the same type (the verifier says so);
 * the class of the left operand picks the width. u64 comes first: it is what loops count with.
 * Overflow, division by zero, out-of-range casts and shifts by at least the width all raise
 * {@link StatusCode#ARITHMETIC_ERROR}.
 */
final class Arith {
  private Arith() {}

  private static final BigInteger MAX_U128 = U128.MAX_BIG;
  private static final BigInteger MAX_U256 = U256.MAX_BIG;

  static Object add(Object a, Object b) {
    if (a instanceof Long x) {
      long y = (Long) b;
      long r = x + y;
      if (Long.compareUnsigned(r, x) < 0) {
        throw VmError.arithmetic("u64 addition overflow");
      }
      return r;
    } else if (a instanceof Byte x) {
      int r = (x & 0xFF) + ((Byte) b & 0xFF);
      if (r > 0xFF) {
        throw VmError.arithmetic("u8 addition overflow");
      }
      return Values.u8(r);
    } else if (a instanceof Short x) {
      int r = (x & 0xFFFF) + ((Short) b & 0xFFFF);
      if (r > 0xFFFF) {
        throw VmError.arithmetic("u16 addition overflow");
      }
      return Values.u16(r);
    } else if (a instanceof Integer x) {
      long r = (x & 0xFFFF_FFFFL) + ((Integer) b & 0xFFFF_FFFFL);
      if (r > 0xFFFF_FFFFL) {
        throw VmError.arithmetic("u32 addition overflow");
      }
      return Values.u32(r);
    }
    return big(a, b, 0);
  }

  static Object sub(Object a, Object b) {
    if (a instanceof Long x) {
      long y = (Long) b;
      if (Long.compareUnsigned(x, y) < 0) {
        throw VmError.arithmetic("u64 subtraction underflow");
      }
      return x - y;
    } else if (a instanceof Byte x) {
      int r = (x & 0xFF) - ((Byte) b & 0xFF);
      if (r < 0) {
        throw VmError.arithmetic("u8 subtraction underflow");
      }
      return Values.u8(r);
    } else if (a instanceof Short x) {
      int r = (x & 0xFFFF) - ((Short) b & 0xFFFF);
      if (r < 0) {
        throw VmError.arithmetic("u16 subtraction underflow");
      }
      return Values.u16(r);
    } else if (a instanceof Integer x) {
      long r = (x & 0xFFFF_FFFFL) - ((Integer) b & 0xFFFF_FFFFL);
      if (r < 0) {
        throw VmError.arithmetic("u32 subtraction underflow");
      }
      return Values.u32(r);
    }
    return big(a, b, 1);
  }

  // ---- u64 on unboxed longs (the lane ops); same traps and messages as the boxed paths ----

  static long addU64(long x, long y) {
    long r = x + y;
    if (Long.compareUnsigned(r, x) < 0) {
      throw VmError.arithmetic("u64 addition overflow");
    }
    return r;
  }

  static long subU64(long x, long y) {
    if (Long.compareUnsigned(x, y) < 0) {
      throw VmError.arithmetic("u64 subtraction underflow");
    }
    return x - y;
  }

  static long mulU64(long x, long y) {
    if ((x | y) >>> 32 == 0) {
      return x * y;
    }
    long hi = Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    if (hi != 0) {
      throw VmError.arithmetic("u64 multiplication overflow");
    }
    return x * y;
  }

  static long divU64(long x, long y) {
    if (y == 0) {
      throw VmError.arithmetic("division by zero");
    }
    return x >= 0 && y > 0 ? x / y : Long.divideUnsigned(x, y);
  }

  static long modU64(long x, long y) {
    if (y == 0) {
      throw VmError.arithmetic("modulo by zero");
    }
    return x >= 0 && y > 0 ? x % y : Long.remainderUnsigned(x, y);
  }

  /** k = op - Op.ADD: Add, Sub, Mul, Mod, Div. */
  static long u64(int k, long x, long y) {
    switch (k) {
      case 0: return addU64(x, y);
      case 1: return subU64(x, y);
      case 2: return mulU64(x, y);
      case 3: return modU64(x, y);
      default: return divU64(x, y);
    }
  }

  static Object mul(Object a, Object b) {
    if (a instanceof Long x) {
      long y = (Long) b;
      if ((x | y) >>> 32 == 0) {
        return x * y; // both below 2^32: no overflow possible
      }
      long hi = Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
      if (hi != 0) {
        throw VmError.arithmetic("u64 multiplication overflow");
      }
      return x * y;
    } else if (a instanceof Byte x) {
      int r = (x & 0xFF) * ((Byte) b & 0xFF);
      if (r > 0xFF) {
        throw VmError.arithmetic("u8 multiplication overflow");
      }
      return Values.u8(r);
    } else if (a instanceof Short x) {
      int r = (x & 0xFFFF) * ((Short) b & 0xFFFF);
      if ((r & 0xFFFF_FFFFL) > 0xFFFF) {
        throw VmError.arithmetic("u16 multiplication overflow");
      }
      return Values.u16(r);
    } else if (a instanceof Integer x) {
      long r = (x & 0xFFFF_FFFFL) * ((Integer) b & 0xFFFF_FFFFL);
      if (Long.compareUnsigned(r, 0xFFFF_FFFFL) > 0) {
        throw VmError.arithmetic("u32 multiplication overflow");
      }
      return Values.u32(r);
    }
    return big(a, b, 2);
  }

  static Object div(Object a, Object b) {
    if (a instanceof Long x) {
      long y = (Long) b;
      if (y == 0) {
        throw VmError.arithmetic("division by zero");
      }
      return Long.divideUnsigned(x, y);
    } else if (a instanceof Byte || a instanceof Short || a instanceof Integer) {
      long x = small(a);
      long y = small(b);
      if (y == 0) {
        throw VmError.arithmetic("division by zero");
      }
      return sameWidth(a, x / y);
    }
    return big(a, b, 3);
  }

  static Object mod(Object a, Object b) {
    if (a instanceof Long x) {
      long y = (Long) b;
      if (y == 0) {
        throw VmError.arithmetic("modulo by zero");
      }
      return Long.remainderUnsigned(x, y);
    } else if (a instanceof Byte || a instanceof Short || a instanceof Integer) {
      long x = small(a);
      long y = small(b);
      if (y == 0) {
        throw VmError.arithmetic("modulo by zero");
      }
      return sameWidth(a, x % y);
    }
    return big(a, b, 4);
  }

  /** Bitwise or (0), and (1), xor (2). Same width in, same width out: never fails. */
  static Object bitwise(Object a, Object b, int op) {
    if (a instanceof Long x) {
      long y = (Long) b;
      return op == 0 ? x | y : op == 1 ? x & y : x ^ y;
    } else if (a instanceof Byte || a instanceof Short || a instanceof Integer) {
      long x = small(a);
      long y = small(b);
      return sameWidth(a, op == 0 ? x | y : op == 1 ? x & y : x ^ y);
    }
    BigInteger x = Values.toBigInteger(a);
    BigInteger y = Values.toBigInteger(b);
    BigInteger r = op == 0 ? x.or(y) : op == 1 ? x.and(y) : x.xor(y);
    return a instanceof U128 ? U128.unchecked(r) : (Object) U256.unchecked(r);
  }

  /** Shift amount is a u8; shifting by the width or more is an arithmetic error. */
  static Object shl(Object a, Object amount) {
    int s = (Byte) amount & 0xFF;
    int bits = bits(a);
    if (s >= bits) {
      throw VmError.arithmetic("shift by " + s + " >= " + bits);
    }
    if (a instanceof Long x) {
      return x << s;
    } else if (bits < 64) {
      return sameWidth(a, (small(a) << s) & ((1L << bits) - 1));
    }
    BigInteger r = Values.toBigInteger(a).shiftLeft(s).and(bits == 128 ? MAX_U128 : MAX_U256);
    return bits == 128 ? U128.unchecked(r) : (Object) U256.unchecked(r);
  }

  static Object shr(Object a, Object amount) {
    int s = (Byte) amount & 0xFF;
    int bits = bits(a);
    if (s >= bits) {
      throw VmError.arithmetic("shift by " + s + " >= " + bits);
    }
    if (a instanceof Long x) {
      return x >>> s;
    } else if (bits < 64) {
      return sameWidth(a, small(a) >>> s);
    }
    BigInteger r = Values.toBigInteger(a).shiftRight(s);
    return bits == 128 ? U128.unchecked(r) : (Object) U256.unchecked(r);
  }

  /** Three-way comparison of two integers of one type. */
  static int compare(Object a, Object b) {
    if (a instanceof Long x) {
      return Long.compareUnsigned(x, (Long) b);
    } else if (a instanceof Byte || a instanceof Short || a instanceof Integer) {
      return Long.compare(small(a), small(b));
    } else if (a instanceof U128 x) {
      return x.compareTo((U128) b);
    } else if (a instanceof U256 x) {
      return x.compareTo((U256) b);
    } else if (a instanceof SignedInt x) {
      return x.compareTo((SignedInt) b);
    }
    throw Values.typeError("integer", a);
  }

  /** CastU8..CastU256, CastI8..CastI256: the value must fit the target. */
  static Object cast(Object v, Type.Kind target) {
    if (v instanceof Long x && x >= 0) {
      switch (target) {
        case U64:
          return x;
        case U8:
          if (x > 0xFF) {
            throw VmError.arithmetic("cast to u8 out of range");
          }
          return Values.u8((int) (long) x);
        case U16:
          if (x > 0xFFFF) {
            throw VmError.arithmetic("cast to u16 out of range");
          }
          return Values.u16((int) (long) x);
        case U32:
          if (x > 0xFFFF_FFFFL) {
            throw VmError.arithmetic("cast to u32 out of range");
          }
          return Values.u32(x);
        default:
          break;
      }
    }
    BigInteger b = Values.toBigInteger(v);
    switch (target) {
      case U8:
      case U16:
      case U32:
      case U64: {
        int bits = target == Type.Kind.U8 ? 8 : target == Type.Kind.U16 ? 16 : target == Type.Kind.U32 ? 32 : 64;
        if (b.signum() < 0 || b.bitLength() > bits) {
          throw VmError.arithmetic("cast to " + target + " out of range");
        }
        long l = b.longValue();
        return sameWidthOf(target, l);
      }
      case U128:
        if (b.signum() < 0 || b.bitLength() > 128) {
          throw VmError.arithmetic("cast to u128 out of range");
        }
        return U128.unchecked(b);
      case U256:
        if (b.signum() < 0 || b.bitLength() > 256) {
          throw VmError.arithmetic("cast to u256 out of range");
        }
        return U256.unchecked(b);
      default:
        if (!SignedInt.fits(target, b)) {
          throw VmError.arithmetic("cast to " + target + " out of range");
        }
        return new SignedInt(target, b);
    }
  }

  static Object negate(Object v) {
    SignedInt s = (SignedInt) v;
    BigInteger r = s.value.negate();
    if (!SignedInt.fits(s.kind, r)) {
      throw VmError.arithmetic("negation overflow");
    }
    return new SignedInt(s.kind, r);
  }

  private static long small(Object v) {
    if (v instanceof Byte x) {
      return x & 0xFF;
    } else if (v instanceof Short x) {
      return x & 0xFFFF;
    }
    return (Integer) v & 0xFFFF_FFFFL;
  }

  private static Object sameWidth(Object like, long v) {
    if (like instanceof Byte) {
      return Values.u8((int) v);
    } else if (like instanceof Short) {
      return Values.u16((int) v);
    }
    return Values.u32(v);
  }

  private static Object sameWidthOf(Type.Kind kind, long v) {
    return switch (kind) {
      case U8 -> Values.u8((int) v);
      case U16 -> Values.u16((int) v);
      case U32 -> Values.u32(v);
      default -> v;
    };
  }

  private static int bits(Object a) {
    if (a instanceof Long) {
      return 64;
    } else if (a instanceof Byte) {
      return 8;
    } else if (a instanceof Short) {
      return 16;
    } else if (a instanceof Integer) {
      return 32;
    } else if (a instanceof U128) {
      return 128;
    } else if (a instanceof U256) {
      return 256;
    }
    throw Values.typeError("unsigned integer", a);
  }

  /** u128, u256 and signed integers: exact arithmetic, then a range check. */
  private static Object big(Object a, Object b, int op) {
    if (a.getClass() != b.getClass()) {
      throw Values.typeError(a.getClass().getSimpleName(), b);
    }
    BigInteger x = Values.toBigInteger(a);
    BigInteger y = Values.toBigInteger(b);
    BigInteger r;
    switch (op) {
      case 0 -> r = x.add(y);
      case 1 -> r = x.subtract(y);
      case 2 -> r = x.multiply(y);
      default -> {
        if (y.signum() == 0) {
          throw VmError.arithmetic(op == 3 ? "division by zero" : "modulo by zero");
        }
        // BigInteger divide/remainder truncate toward zero, as Move's signed integers do.
        r = op == 3 ? x.divide(y) : x.remainder(y);
      }
    }
    if (a instanceof U128) {
      if (r.signum() < 0 || r.bitLength() > 128) {
        throw VmError.arithmetic("u128 " + OPS[op] + " out of range");
      }
      return U128.unchecked(r);
    } else if (a instanceof U256) {
      if (r.signum() < 0 || r.bitLength() > 256) {
        throw VmError.arithmetic("u256 " + OPS[op] + " out of range");
      }
      return U256.unchecked(r);
    } else if (a instanceof SignedInt s) {
      if (!SignedInt.fits(s.kind, r)) {
        throw VmError.arithmetic(s.kind + " " + OPS[op] + " out of range");
      }
      return new SignedInt(s.kind, r);
    }
    throw Values.typeError("integer", a);
  }

  private static final String[] OPS = {"addition", "subtraction", "multiplication", "division", "modulo"};
}
