package io.statecraft.move.asm;

import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.Primitive;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;

/** BCS encoding and decoding of constant values for the types a literal can have. */
final class Values {
  private Values() {}

  static int width(Primitive p) {
    return switch (p) {
      case U8, I8 -> 1;
      case U16, I16 -> 2;
      case U32, I32 -> 4;
      case U64, I64 -> 8;
      case U128, I128 -> 16;
      case U256, I256 -> 32;
      default -> 0;
    };
  }

  /** True when a value of this integer type can hold v. */
  static boolean fits(Primitive p, BigInteger v) {
    int bits = width(p) * 8;
    if (p.isSigned()) {
      return v.bitLength() <= bits - 1;
    }
    return v.signum() >= 0 && v.bitLength() <= bits;
  }

  static void writeInt(ByteArrayOutputStream out, BigInteger v, int width) {
    for (int i = 0; i < width; i++) {
      out.write(v.shiftRight(8 * i).intValue() & 0xFF);
    }
  }

  static void writeUleb(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static BigInteger readInt(byte[] b, int at, int width, boolean signed) {
    byte[] be = new byte[width];
    for (int i = 0; i < width; i++) {
      be[i] = b[at + width - 1 - i];
    }
    return signed ? new BigInteger(be) : new BigInteger(1, be);
  }

  /** Renders a constant as a literal for its type, or null when the bytes are no such value. */
  static String render(SignatureToken type, byte[] data, int addressLength) {
    StringBuilder out = new StringBuilder();
    int[] at = {0};
    try {
      if (!render(type, data, at, addressLength, out, 0) || at[0] != data.length) {
        return null;
      }
    } catch (RuntimeException e) {
      return null;
    }
    return out.toString();
  }

  private static boolean render(SignatureToken type, byte[] b, int[] at, int alen, StringBuilder out, int depth) {
    if (depth > 16) {
      return false;
    }
    if (type instanceof Primitive p) {
      switch (p) {
        case BOOL -> {
          if (at[0] >= b.length || (b[at[0]] != 0 && b[at[0]] != 1)) {
            return false;
          }
          out.append(b[at[0]] == 1 ? "true" : "false");
          at[0]++;
          return true;
        }
        case ADDRESS -> {
          if (at[0] + alen > b.length) {
            return false;
          }
          byte[] a = java.util.Arrays.copyOfRange(b, at[0], at[0] + alen);
          at[0] += alen;
          out.append('@').append(shortHex(a));
          return true;
        }
        case SIGNER -> {
          return false;
        }
        default -> {
          int w = width(p);
          if (at[0] + w > b.length) {
            return false;
          }
          out.append(readInt(b, at[0], w, p.isSigned()));
          at[0] += w;
          return true;
        }
      }
    }
    if (type instanceof SignatureToken.Vector v) {
      long len = 0;
      int shift = 0;
      int start = at[0];
      while (true) {
        if (at[0] >= b.length || shift > 28) {
          return false;
        }
        int x = b[at[0]++] & 0xFF;
        len |= (long) (x & 0x7F) << shift;
        shift += 7;
        if ((x & 0x80) == 0) {
          break;
        }
      }
      ByteArrayOutputStream canon = new ByteArrayOutputStream();
      writeUleb(canon, len);
      if (canon.size() != at[0] - start || len > b.length - at[0]) {
        return false; // not the minimal length encoding, or too long
      }
      if (v.element() == Primitive.U8) {
        out.append("x\"").append(HexFormat.of().formatHex(b, at[0], at[0] + (int) len)).append('"');
        at[0] += (int) len;
        return true;
      }
      out.append('[');
      for (long i = 0; i < len; i++) {
        if (i > 0) {
          out.append(", ");
        }
        if (!render(v.element(), b, at, alen, out, depth + 1)) {
          return false;
        }
      }
      out.append(']');
      return true;
    }
    return false;
  }

  /** {@code 0x1}: lowercase hex without leading zeros. */
  static String shortHex(byte[] a) {
    String s = new BigInteger(1, a).toString(16);
    return "0x" + s;
  }
}
