package io.statecraft.move.bcs;

import java.util.Arrays;

/** An append-only byte buffer with BCS primitives: little-endian integers, ULEB128 lengths. */
public final class BcsWriter {
  private byte[] buf;
  private int len;

  public BcsWriter() {
    this(64);
  }

  public BcsWriter(int capacity) {
    buf = new byte[Math.max(capacity, 16)];
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

  public BcsWriter u16(int v) {
    return littleEndian(v, 2);
  }

  public BcsWriter u32(long v) {
    return littleEndian(v, 4);
  }

  public BcsWriter u64(long v) {
    return littleEndian(v, 8);
  }

  private BcsWriter littleEndian(long v, int n) {
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** The low {@code n} bytes of a two's complement big-endian array, little-endian. */
  public BcsWriter wide(java.math.BigInteger v, int n) {
    byte[] be = v.toByteArray();
    ensure(n);
    for (int i = 0; i < n; i++) {
      int j = be.length - 1 - i;
      buf[len++] = j >= 0 ? be[j] : (byte) (v.signum() < 0 ? 0xFF : 0);
    }
    return this;
  }

  public BcsWriter uleb128(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  public BcsWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** ULEB128 length then the bytes. */
  public BcsWriter byteVector(byte[] b) {
    return uleb128(b.length).bytes(b);
  }

  public int size() {
    return len;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}
