package io.statecraft.codec.channel;

import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import java.util.Arrays;

/** A 32-byte digest: transaction, effects and entry hashes, state roots, genesis hashes. */
public final class Hash32 implements Comparable<Hash32> {
  public static final int SIZE = 32;
  /** All zeros: the {@code prevHash} of height 1 for a channel without a genesis hash. */
  public static final Hash32 ZERO = new Hash32(new byte[SIZE]);

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Hash32 of(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is " + SIZE + " bytes");
    }
    return new Hash32(bytes.clone());
  }

  public static Hash32 ofHex(String hex) {
    return of(Hex.decode(hex));
  }

  /** SHA-256 of the concatenated parts. */
  public static Hash32 sha256(byte[]... parts) {
    return new Hash32(Hashes.sha256(parts));
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  byte[] unsafeArray() {
    return bytes;
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return "0x" + toHex();
  }
}
