package io.statecraft.move.runtime;

import java.math.BigInteger;

/**
 * The runtime representation of Move values, and the operations every value supports (copy,
 * equality). One Java class per Move type so an instruction can dispatch on the class:
 *
 * <ul>
 *   <li>bool: {@link Boolean}; u8: {@link Byte}, u16: {@link Short}, u32: {@link Integer},
 *       u64: {@link Long} (bits read unsigned); u128: {@link U128}; u256: {@link U256};
 *       i8..i256: {@link SignedInt};
 *   <li>address: {@link AccountAddress}; signer: {@link SignerValue};
 *   <li>vector: {@link VectorValue}; struct and enum: {@link StructValue};
 *   <li>references: {@link Ref}; Aptos function values: {@link ClosureValue}.
 * </ul>
 *
 * Primitives are immutable and shared; vectors and structs are mutable containers, so copying
 * one is deep.
 */
public final class Values {
  private Values() {}

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  public static Byte u8(int v) {
    return Byte.valueOf((byte) v);
  }

  public static Short u16(int v) {
    return Short.valueOf((short) v);
  }

  public static Integer u32(long v) {
    return Integer.valueOf((int) v);
  }

  /** Small u64 values are shared: loop counters, indices and coordinates allocate nothing. */
  private static final Long[] SMALL_U64 = new Long[1 << 14];

  static {
    for (int i = 0; i < SMALL_U64.length; i++) {
      SMALL_U64[i] = (long) i;
    }
  }

  public static Long u64(long v) {
    return v >= 0 && v < SMALL_U64.length ? SMALL_U64[(int) v] : Long.valueOf(v);
  }

  public static U128 u128(BigInteger v) {
    return U128.of(v);
  }

  public static U256 u256(BigInteger v) {
    return U256.of(v);
  }

  public static Boolean bool(boolean v) {
    return v ? Boolean.TRUE : Boolean.FALSE;
  }

  static BigInteger unsignedBig(long v) {
    BigInteger b = BigInteger.valueOf(v);
    return v >= 0 ? b : b.add(TWO_64);
  }

  /** Any integer value as an exact BigInteger (unsigned ones non-negative). */
  public static BigInteger toBigInteger(Object v) {
    if (v instanceof Long l) {
      return unsignedBig(l);
    } else if (v instanceof Byte b) {
      return BigInteger.valueOf(b & 0xFF);
    } else if (v instanceof Short s) {
      return BigInteger.valueOf(s & 0xFFFF);
    } else if (v instanceof Integer i) {
      return BigInteger.valueOf(i & 0xFFFF_FFFFL);
    } else if (v instanceof U128 u) {
      return u.value;
    } else if (v instanceof U256 u) {
      return u.value;
    } else if (v instanceof SignedInt s) {
      return s.value;
    }
    throw typeError("integer", v);
  }

  /**
   * Hard cap on the nesting that copy, equality and size follow. Well-typed values never come
   * near it (the value depth limit is checked on types, default 128); ill-typed code that packs
   * values deeper than their declared types stops here with a trap instead of a
   * StackOverflowError, at the same point on every JVM.
   */
  public static final int MAX_NESTING = 1024;

  static VmError tooDeep() {
    return VmError.of(StatusCode.VM_MAX_VALUE_DEPTH_REACHED, "value nests deeper than " + MAX_NESTING);
  }

  /** A deep copy: containers are duplicated, primitives shared. */
  public static Object copy(Object v) {
    return copy(v, 0);
  }

  static Object copy(Object v, int depth) {
    if (depth > MAX_NESTING) {
      throw tooDeep();
    }
    if (v instanceof StructValue s) {
      Object[] f = s.fields;
      Object[] c = new Object[f.length];
      for (int i = 0; i < f.length; i++) {
        c[i] = copy(f[i], depth + 1);
      }
      return new StructValue(s.variant, c);
    } else if (v instanceof VectorValue vec) {
      Object[] c = new Object[Math.max(vec.size, 4)];
      Object[] e = vec.elements;
      boolean flat = vec.size == 0 || !isContainer(e[0]);
      if (flat) {
        System.arraycopy(e, 0, c, 0, vec.size);
      } else {
        for (int i = 0; i < vec.size; i++) {
          c[i] = copy(e[i], depth + 1);
        }
      }
      return new VectorValue(c, vec.size);
    } else if (v instanceof ClosureValue cl) {
      return cl.deepCopy(depth);
    }
    return v;
  }

  static boolean isContainer(Object v) {
    return v instanceof StructValue || v instanceof VectorValue || v instanceof ClosureValue;
  }

  /** Move equality: structural, through references. */
  public static boolean equal(Object a, Object b) {
    return equal(a, b, 0);
  }

  static boolean equal(Object a, Object b, int depth) {
    if (depth > MAX_NESTING) {
      throw tooDeep();
    }
    if (a instanceof Ref ra) {
      a = ra.get();
    }
    if (b instanceof Ref rb) {
      b = rb.get();
    }
    if (a == b) {
      return true;
    }
    if (a instanceof StructValue sa) {
      if (!(b instanceof StructValue sb) || sa.variant != sb.variant || sa.fields.length != sb.fields.length) {
        return false;
      }
      for (int i = 0; i < sa.fields.length; i++) {
        if (!equal(sa.fields[i], sb.fields[i], depth + 1)) {
          return false;
        }
      }
      return true;
    } else if (a instanceof VectorValue va) {
      if (!(b instanceof VectorValue vb) || va.size != vb.size) {
        return false;
      }
      for (int i = 0; i < va.size; i++) {
        if (!equal(va.elements[i], vb.elements[i], depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return a != null && a.equals(b);
  }

  /** Number of nodes in a value tree: the gas and memory measure of copies and comparisons. */
  public static long size(Object v) {
    return size(v, 0);
  }

  static long size(Object v, int depth) {
    if (depth > MAX_NESTING) {
      throw tooDeep();
    }
    if (v instanceof StructValue s) {
      long n = 1;
      for (Object f : s.fields) {
        n += size(f, depth + 1);
      }
      return n;
    } else if (v instanceof VectorValue vec) {
      if (vec.size == 0 || !isContainer(vec.elements[0])) {
        return 1 + vec.size;
      }
      long n = 1;
      for (int i = 0; i < vec.size; i++) {
        n += size(vec.elements[i], depth + 1);
      }
      return n;
    }
    return 1;
  }

  static VmError typeError(String expected, Object got) {
    return VmError.of(StatusCode.INTERNAL_TYPE_ERROR,
        "expected " + expected + ", got " + (got == null ? "nothing" : got.getClass().getSimpleName()));
  }
}
