package io.statecraft.move.binary.impl;

import java.math.BigInteger;
import java.util.Arrays;

/** A growable little-endian byte buffer with ULEB128 support. */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (buf.length - size < extra) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public int size() {
    return size;
  }

  public void u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  public void u16(int v) {
    ensure(2);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
  }

  public void u32(long v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void u64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  /** {@code width} bytes little-endian, two's complement for negative values. */
  public void wide(BigInteger v, int width) {
    byte[] be = v.toByteArray();
    ensure(width);
    byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
    for (int i = 0; i < width; i++) {
      int j = be.length - 1 - i;
      buf[size++] = j >= 0 ? be[j] : fill;
    }
  }

  public void uleb(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  public void append(ByteWriter other) {
    ensure(other.size);
    System.arraycopy(other.buf, 0, buf, size, other.size);
    size += other.size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
