package io.statecraft.move.bcs;

/** Reads BCS primitives; every malformation is a {@link BcsException}. */
public final class BcsReader {
  private final byte[] data;
  private int pos;

  public BcsReader(byte[] data) {
    this.data = data;
  }

  public int remaining() {
    return data.length - pos;
  }

  public int u8() {
    need(1);
    return data[pos++] & 0xFF;
  }

  public int u16() {
    return (int) littleEndian(2);
  }

  public long u32() {
    return littleEndian(4);
  }

  public long u64() {
    return littleEndian(8);
  }

  private long littleEndian(int n) {
    need(n);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (data[pos++] & 0xFFL) << (8 * i);
    }
    return v;
  }

  /** {@code n} bytes little-endian as a big-endian two's complement array. */
  public java.math.BigInteger wide(int n, boolean signed) {
    need(n);
    byte[] be = new byte[n + 1];
    for (int i = 0; i < n; i++) {
      be[n - i] = data[pos + i];
    }
    pos += n;
    if (signed && be[1] < 0) {
      be[0] = (byte) 0xFF;
    }
    return new java.math.BigInteger(be);
  }

  public byte[] bytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(data, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** Canonical ULEB128 of at most 32 bits, as BCS requires for lengths and variant tags. */
  public int uleb128() {
    long v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (shift > 0 && b == 0) {
          throw new BcsException("non-canonical ULEB128");
        }
        if (v > 0xFFFF_FFFFL) {
          throw new BcsException("ULEB128 above u32");
        }
        if (v > Integer.MAX_VALUE) {
          throw new BcsException("length too large");
        }
        return (int) v;
      }
    }
    throw new BcsException("ULEB128 too long");
  }

  public void expectEnd() {
    if (pos != data.length) {
      throw new BcsException((data.length - pos) + " trailing bytes");
    }
  }

  private void need(int n) {
    if (n < 0 || data.length - pos < n) {
      throw new BcsException("unexpected end of input");
    }
  }
}
