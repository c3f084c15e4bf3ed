package io.statecraft.move.runtime;

import java.math.BigInteger;

/**
 * What u128 and u256 share: an immutable BigInteger within the type's range. They stay two
 * classes because they are two Move types: the interpreter dispatches on the class, and a u128
 * never equals a u256 of the same numeric value.
 */
abstract class WideUnsigned {
  final BigInteger value;

  WideUnsigned(BigInteger value) {
    this.value = value;
  }

  static BigInteger checked(BigInteger v, int bits) {
    if (v.signum() < 0 || v.bitLength() > bits) {
      throw new IllegalArgumentException("u" + bits + " out of range: " + v);
    }
    return v;
  }

  public final BigInteger toBigInteger() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((WideUnsigned) o).value.equals(value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  @Override
  public final String toString() {
    return value.toString();
  }
}
