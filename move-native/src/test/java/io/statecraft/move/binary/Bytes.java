package io.statecraft.move.binary;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: hex, byte search, and an independent reading of a binary's table directory. */
final class Bytes {
  private Bytes() {}

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", "").replace("_", ""));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Table code → content bytes, read straight from the header without the reader under test. */
  static Map<Integer, byte[]> tables(byte[] binary) {
    int[] pos = {8};
    int count = (int) uleb(binary, pos);
    Map<Integer, long[]> dir = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int kind = binary[pos[0]++] & 0xFF;
      long offset = uleb(binary, pos);
      long size = uleb(binary, pos);
      dir.put(kind, new long[] {offset, size});
    }
    int data = pos[0];
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    dir.forEach((k, v) -> {
      byte[] b = new byte[(int) v[1]];
      System.arraycopy(binary, data + (int) v[0], b, 0, b.length);
      out.put(k, b);
    });
    return out;
  }

  static byte[] uleb(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  static long uleb(byte[] b, int[] pos) {
    long v = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++] & 0xFF;
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
      shift += 7;
    }
  }
}
