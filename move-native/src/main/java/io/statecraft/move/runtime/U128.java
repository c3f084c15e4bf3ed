package io.statecraft.move.runtime;

import java.math.BigInteger;

/** A u128 value. Immutable. Arithmetic goes through BigInteger; the range is checked per op. */
public final class U128 extends WideUnsigned implements Comparable<U128> {
  static final BigInteger MAX_BIG = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  public static final U128 ZERO = new U128(BigInteger.ZERO);
  public static final U128 MAX = new U128(MAX_BIG);

  private U128(BigInteger value) {
    super(value);
  }

  public static U128 of(BigInteger v) {
    return new U128(checked(v, 128));
  }

  /** No range check: callers guarantee 0 <= v < 2^128. */
  static U128 unchecked(BigInteger v) {
    return new U128(v);
  }

  public static U128 of(long unsigned) {
    return new U128(Values.unsignedBig(unsigned));
  }

  @Override
  public int compareTo(U128 o) {
    return value.compareTo(o.value);
  }
}
