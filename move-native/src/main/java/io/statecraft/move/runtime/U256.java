package io.statecraft.move.runtime;

import java.math.BigInteger;

/** A u256 value. Immutable. Arithmetic goes through BigInteger; the range is checked per op. */
public final class U256 extends WideUnsigned implements Comparable<U256> {
  static final BigInteger MAX_BIG = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  public static final U256 ZERO = new U256(BigInteger.ZERO);
  public static final U256 MAX = new U256(MAX_BIG);

  private U256(BigInteger value) {
    super(value);
  }

  public static U256 of(BigInteger v) {
    return new U256(checked(v, 256));
  }

  /** No range check: callers guarantee 0 <= v < 2^256. */
  static U256 unchecked(BigInteger v) {
    return new U256(v);
  }

  public static U256 of(long unsigned) {
    return new U256(Values.unsignedBig(unsigned));
  }

  @Override
  public int compareTo(U256 o) {
    return value.compareTo(o.value);
  }
}
