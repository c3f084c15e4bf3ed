package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Vector;

/** Checks that bytes are exactly the BCS encoding of one value of a constant type. */
final class Bcs {
  private final byte[] data;
  private final int addressLength;
  private int pos;

  private Bcs(byte[] data, int addressLength) {
    this.data = data;
    this.addressLength = addressLength;
  }

  static boolean decodes(byte[] data, SignatureToken type, int addressLength) {
    Bcs b = new Bcs(data, addressLength);
    return b.value(type) && b.pos == data.length;
  }

  private boolean take(int n) {
    if (n < 0 || data.length - pos < n) {
      return false;
    }
    pos += n;
    return true;
  }

  private boolean value(SignatureToken t) {
    if (t instanceof Primitive p) {
      return switch (p) {
        case BOOL -> pos < data.length && (data[pos] == 0 || data[pos] == 1) && take(1);
        case U8, I8 -> take(1);
        case U16, I16 -> take(2);
        case U32, I32 -> take(4);
        case U64, I64 -> take(8);
        case U128, I128 -> take(16);
        case U256, I256 -> take(32);
        case ADDRESS -> take(addressLength);
        case SIGNER -> false;
      };
    }
    if (t instanceof Vector v) {
      long len = uleb();
      if (len < 0) {
        return false;
      }
      // Every element takes at least one byte: the loop is bounded by the input length.
      if (len > data.length - pos) {
        return false;
      }
      SignatureToken e = v.element();
      if (e == Primitive.U8 || e == Primitive.I8) {
        return take((int) len);
      }
      for (long i = 0; i < len; i++) {
        if (!value(e)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Canonical ULEB128 of at most 2^31 - 1, or -1. */
  private long uleb() {
    long value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= data.length) {
        return -1;
      }
      int b = data[pos++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (shift > 0 && b == 0) {
          return -1; // not canonical
        }
        return value > Integer.MAX_VALUE ? -1 : value;
      }
    }
    return -1;
  }
}
