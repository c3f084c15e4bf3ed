package io.statecraft.move.binary.impl;

import io.statecraft.move.binary.MalformedModuleException;
import io.statecraft.move.binary.MalformedModuleException.Kind;
import java.math.BigInteger;

/**
 * A cursor over a window of an input array. Every read checks the window, so a length field
 * can never make the reader look past the table it belongs to, and every failure is a {@link
 * MalformedModuleException} carrying the absolute offset.
 */
public final class ByteReader {
  private final byte[] bytes;
  private int position;
  private final int end;

  public ByteReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  public int position() {
    return position;
  }

  public int end() {
    return end;
  }

  public int remaining() {
    return end - position;
  }

  public boolean atEnd() {
    return position >= end;
  }

  public MalformedModuleException error(Kind kind, String detail) {
    return new MalformedModuleException(kind, position, detail);
  }

  private void need(int n, String what) {
    if (end - position < n) {
      throw error(Kind.UNEXPECTED_EOF, "need " + n + " byte(s) for " + what + ", have " + (end - position));
    }
  }

  public int u8(String what) {
    need(1, what);
    return bytes[position++] & 0xFF;
  }

  public int u16(String what) {
    need(2, what);
    int v = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
    position += 2;
    return v;
  }

  public long u32(String what) {
    need(4, what);
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (bytes[position + i] & 0xFF);
    }
    position += 4;
    return v;
  }

  public long u64(String what) {
    need(8, what);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (bytes[position + i] & 0xFF);
    }
    position += 8;
    return v;
  }

  /** A little-endian integer of {@code width} bytes, unsigned or two's complement. */
  public BigInteger wide(int width, boolean signed, String what) {
    need(width, what);
    byte[] be = new byte[width];
    for (int i = 0; i < width; i++) {
      be[i] = bytes[position + width - 1 - i];
    }
    position += width;
    return signed ? new BigInteger(be) : new BigInteger(1, be);
  }

  public byte[] bytes(int n, String what) {
    need(n, what);
    byte[] out = new byte[n];
    System.arraycopy(bytes, position, out, 0, n);
    position += n;
    return out;
  }

  /**
   * A ULEB128 integer no larger than {@code max} (compared unsigned). Rejects encodings that
   * overflow 64 bits and non-minimal ones (a last byte of zero after the first), as the
   * reference readers do; this is also what makes writing back byte-identical.
   */
  public long uleb(long max, String what) {
    int start = position;
    long value = 0;
    int shift = 0;
    while (true) {
      if (position >= end) {
        throw new MalformedModuleException(Kind.UNEXPECTED_EOF, start, "ULEB128 for " + what + " runs past the end");
      }
      int b = bytes[position++] & 0xFF;
      long cur = b & 0x7F;
      if (((cur << shift) >>> shift) != cur) {
        throw new MalformedModuleException(Kind.BAD_ULEB128, start, "ULEB128 for " + what + " overflows 64 bits");
      }
      value |= cur << shift;
      if ((b & 0x80) == 0) {
        if (shift > 0 && cur == 0) {
          throw new MalformedModuleException(Kind.BAD_ULEB128, start, "non-minimal ULEB128 for " + what);
        }
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new MalformedModuleException(Kind.BAD_ULEB128, start, "ULEB128 for " + what + " is too long");
      }
    }
    if (Long.compareUnsigned(value, max) > 0) {
      throw new MalformedModuleException(
          Kind.LIMIT_EXCEEDED, start, what + " " + Long.toUnsignedString(value) + " exceeds " + Long.toUnsignedString(max));
    }
    return value;
  }

  /** A ULEB128 integer bounded by an int maximum. */
  public int ulebInt(int max, String what) {
    return (int) uleb(max, what);
  }
}
