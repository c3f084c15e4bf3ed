package io.statecraft.codec;

/** Lower-case hexadecimal, the textual form of keys, hashes and signatures on every wire. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
    }
    return new String(out);
  }

  /**
   * Decodes hex, accepting an optional {@code 0x} prefix and either case.
   *
   * @throws IllegalArgumentException on odd length or a non-hex character
   */
  public static byte[] decode(String hex) {
    String s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if ((s.length() & 1) != 0) {
      throw new IllegalArgumentException("odd-length hex string");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((nibble(s.charAt(2 * i)) << 4) | nibble(s.charAt(2 * i + 1)));
    }
    return out;
  }

  private static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw new IllegalArgumentException("not a hex digit: '" + c + "'");
  }
}
