package io.statecraft.move.runtime;

import java.math.BigInteger;

/** An Aptos signed integer (i8..i256, bytecode version 9). Immutable; kind says the width. */
public final class SignedInt implements Comparable<SignedInt> {
  final Type.Kind kind;
  final BigInteger value;

  public SignedInt(Type.Kind kind, BigInteger value) {
    if (!fits(kind, value)) {
      throw new IllegalArgumentException(kind + " out of range: " + value);
    }
    this.kind = kind;
    this.value = value;
  }

  public static int bits(Type.Kind kind) {
    return switch (kind) {
      case I8 -> 8;
      case I16 -> 16;
      case I32 -> 32;
      case I64 -> 64;
      case I128 -> 128;
      case I256 -> 256;
      default -> throw new IllegalArgumentException("not signed: " + kind);
    };
  }

  static boolean fits(Type.Kind kind, BigInteger v) {
    return v.bitLength() <= bits(kind) - 1;
  }

  public Type.Kind kind() {
    return kind;
  }

  public BigInteger toBigInteger() {
    return value;
  }

  @Override
  public int compareTo(SignedInt o) {
    return value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedInt s && s.kind == kind && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + kind.ordinal();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
