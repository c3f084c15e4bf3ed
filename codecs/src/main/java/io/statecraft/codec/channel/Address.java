package io.statecraft.codec.channel;

import io.statecraft.codec.Hex;
import java.util.Arrays;

/**
 * A 32-byte Move account address. A member's address is its Ed25519 public key (as on the
 * devchain, see {@code SignedTx.addressOf}), so a member call's signature is verified against
 * the sender address itself unless the caller supplies another key.
 */
public final class Address implements Comparable<Address> {
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException("an address is " + SIZE + " bytes");
    }
    return new Address(bytes.clone());
  }

  /**
   * Parses {@code 0x}-hex of at most 64 digits; shorter forms are left-padded with zeros, so
   * {@code 0x1} is the standard-library address.
   */
  public static Address parse(String s) {
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (h.isEmpty() || h.length() > 2 * SIZE) {
      throw new IllegalArgumentException("bad address: " + s);
    }
    StringBuilder padded = new StringBuilder(2 * SIZE);
    for (int i = h.length(); i < 2 * SIZE; i++) {
      padded.append('0');
    }
    return new Address(Hex.decode(padded.append(h).toString()));
  }

  /** The address of the one-byte value {@code n}, e.g. {@code 0x1}. */
  public static Address ofShort(int n) {
    byte[] b = new byte[SIZE];
    b[SIZE - 1] = (byte) n;
    return new Address(b);
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  byte[] unsafeArray() {
    return bytes;
  }

  /** Full {@code 0x} + 64 hex digits. */
  public String toHex() {
    return "0x" + Hex.encode(bytes);
  }

  /** {@code 0x1}-style short form: {@code 0x} and the hex digits without leading zeros. */
  public String toShortString() {
    String h = Hex.encode(bytes);
    int i = 0;
    while (i < h.length() - 1 && h.charAt(i) == '0') i++;
    return "0x" + h.substring(i);
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
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toShortString();
  }
}
