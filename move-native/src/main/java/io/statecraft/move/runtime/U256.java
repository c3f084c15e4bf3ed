package io.statecraft.move.runtime;

import java.math.BigInteger;

/** A u256 value. Immutable. Arithmetic goes through BigInteger; the range is checked per op. */
public final class U256 implements Comparable<U256> {
  static final BigInteger MAX_BIG = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  public static final U256 ZERO = new U256(BigInteger.ZERO);
  public static final U256 MAX = new U256(MAX_BIG);

  final BigInteger value;

  private U256(BigInteger value) {
    this.value = value;
  }

  public static U256 of(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("u256 out of range: " + v);
    }
    return new U256(v);
  }

  /** No range check: callers guarantee 0 <= v < 2^256. */
  static U256 unchecked(BigInteger v) {
    return new U256(v);
  }

  public static U256 of(long unsigned) {
    return new U256(Values.unsignedBig(unsigned));
  }

  public BigInteger toBigInteger() {
    return value;
  }

  @Override
  public int compareTo(U256 o) {
    return value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof U256 u && u.value.equals(value);
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
