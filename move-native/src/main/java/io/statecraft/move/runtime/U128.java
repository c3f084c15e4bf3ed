package io.statecraft.move.runtime;

import java.math.BigInteger;

/** A u128 value. Immutable. Arithmetic goes through BigInteger; the range is checked per op. */
public final class U128 implements Comparable<U128> {
  static final BigInteger MAX_BIG = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  public static final U128 ZERO = new U128(BigInteger.ZERO);
  public static final U128 MAX = new U128(MAX_BIG);

  final BigInteger value;

  private U128(BigInteger value) {
    this.value = value;
  }

  public static U128 of(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 128) {
      throw new IllegalArgumentException("u128 out of range: " + v);
    }
    return new U128(v);
  }

  /** No range check: callers guarantee 0 <= v < 2^128. */
  static U128 unchecked(BigInteger v) {
    return new U128(v);
  }

  public static U128 of(long unsigned) {
    return new U128(Values.unsignedBig(unsigned));
  }

  public BigInteger toBigInteger() {
    return value;
  }

  @Override
  public int compareTo(U128 o) {
    return value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof U128 u && u.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
