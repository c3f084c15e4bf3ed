package io.statecraft.codec.channel;

import io.statecraft.codec.Hex;
import java.util.Arrays;

/**
 * An immutable byte string compared by content: BCS arguments, resource values, event data,
 * signatures. (Plain {@code byte[]} in records would compare by identity.)
 */
public final class Blob implements Comparable<Blob> {
  public static final Blob EMPTY = new Blob(new byte[0]);

  private final byte[] bytes;

  private Blob(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Blob of(byte[] bytes) {
    return new Blob(bytes.clone());
  }

  public static Blob ofHex(String hex) {
    return new Blob(Hex.decode(hex));
  }

  /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
  static Blob wrap(byte[] bytes) {
    return new Blob(bytes);
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The backing array, for encoders in this package; never modified. */
  byte[] unsafeArray() {
    return bytes;
  }

  public int size() {
    return bytes.length;
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Unsigned lexicographic order, the order of canonical sorting. */
  @Override
  public int compareTo(Blob o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64 ? "0x" + toHex() : "0x" + Hex.encode(Arrays.copyOf(bytes, 32)) + "…(" + bytes.length + " bytes)";
  }
}
