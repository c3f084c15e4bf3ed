package io.statecraft.move.runtime;

import java.util.Arrays;

/** A 32-byte Move account address, as both Sui and Aptos use. Immutable; ordered bytewise. */
public final class AccountAddress implements Comparable<AccountAddress> {
  public static final int LENGTH = 32;
  public static final AccountAddress ZERO = new AccountAddress(new byte[LENGTH]);
  public static final AccountAddress ONE = ofLong(1);
  public static final AccountAddress TWO = ofLong(2);

  private final byte[] bytes;
  private final int hash;

  private AccountAddress(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static AccountAddress of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("address must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new AccountAddress(bytes.clone());
  }

  /** The address whose last 8 bytes hold {@code v} big-endian (0x1, 0x2, ...). */
  public static AccountAddress ofLong(long v) {
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < 8; i++) {
      b[LENGTH - 1 - i] = (byte) (v >>> (8 * i));
    }
    return new AccountAddress(b);
  }

  /** Parses {@code 0x1}, {@code 1}, or a full 64-digit hex address. */
  public static AccountAddress parse(String text) {
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (hex.isEmpty() || hex.length() > 2 * LENGTH) {
      throw new IllegalArgumentException("bad address: " + text);
    }
    byte[] b = new byte[LENGTH];
    int nibble = 0;
    for (int i = hex.length() - 1; i >= 0; i--, nibble++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("bad address: " + text);
      }
      b[LENGTH - 1 - nibble / 2] |= (byte) (nibble % 2 == 0 ? d : d << 4);
    }
    return new AccountAddress(b);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  public void writeTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, LENGTH);
  }

  /** 64 lowercase hex digits, no prefix (the form type names use). */
  public String toHex() {
    StringBuilder sb = new StringBuilder(2 * LENGTH);
    for (byte x : bytes) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }

  /** {@code 0x} and the shortest hex form, e.g. {@code 0x1}. */
  public String toShortString() {
    String hex = toHex();
    int i = 0;
    while (i < hex.length() - 1 && hex.charAt(i) == '0') {
      i++;
    }
    return "0x" + hex.substring(i);
  }

  @Override
  public int compareTo(AccountAddress o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountAddress a && a.hash == hash && Arrays.equals(a.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "0x" + toHex();
  }
}
