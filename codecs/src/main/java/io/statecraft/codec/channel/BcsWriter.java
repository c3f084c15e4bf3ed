package io.statecraft.codec.channel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends BCS-style canonical bytes: little-endian fixed-width integers, ULEB128 lengths
 * (minimal, at most 2^32−1), length-prefixed byte strings and UTF-8 strings, one tag byte per
 * sum-type variant. See {@code codecs/ENTRY-FORMAT.md}.
 *
 * <p>Not thread-safe; a writer is a short-lived local.
 */
public final class BcsWriter {
  private byte[] buf;
  private int len;

  public BcsWriter() {
    this(256);
  }

  public BcsWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  public BcsWriter u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  public BcsWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public BcsWriter u32(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public BcsWriter u64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** A ULEB128 length or count; {@code v} is read as an unsigned 32-bit value. */
  public BcsWriter uleb128(int v) {
    long x = Integer.toUnsignedLong(v);
    ensure(5);
    do {
      int b = (int) (x & 0x7F);
      x >>>= 7;
      buf[len++] = (byte) (x != 0 ? b | 0x80 : b);
    } while (x != 0);
    return this;
  }

  /** Raw bytes, no length: for fixed-size fields (hashes, addresses, signatures). */
  public BcsWriter fixed(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** ULEB128 length then the bytes. */
  public BcsWriter bytes(byte[] b) {
    uleb128(b.length);
    return fixed(b);
  }

  /** ULEB128 byte length then the UTF-8 bytes. */
  public BcsWriter string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public int size() {
    return len;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}
