package io.statecraft.move.binary;

import java.util.Arrays;
import java.util.HexFormat;

/** An account address: 32 bytes (16 in Starcoin), kept as written. Immutable. */
public final class Address {
  private final byte[] bytes;

  public Address(byte[] bytes) {
    if (bytes.length != BinaryFormat.ADDRESS_LENGTH_DEFAULT
        && bytes.length != BinaryFormat.ADDRESS_LENGTH_SHORT) {
      throw new IllegalArgumentException("address must have 16 or 32 bytes: " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /** The address whose last byte is {@code value} and whose other bytes are zero. */
  public static Address ofShort(int length, int value) {
    byte[] b = new byte[length];
    b[length - 1] = (byte) value;
    return new Address(b);
  }

  public int length() {
    return bytes.length;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public byte byteAt(int i) {
    return bytes[i];
  }

  /** Full-width lowercase hex with a {@code 0x} prefix. */
  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
