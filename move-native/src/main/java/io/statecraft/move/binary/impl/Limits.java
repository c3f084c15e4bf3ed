package io.statecraft.move.binary.impl;

/** The binary format's encoding limits, shared by reader, writer and checker. */
public final class Limits {
  private Limits() {}

  public static final int TABLE_COUNT_MAX = 255;
  public static final long TABLE_OFFSET_MAX = 0xFFFF_FFFFL;
  public static final long TABLE_SIZE_MAX = 0xFFFF_FFFFL;
  public static final int TABLE_INDEX_MAX = 0xFFFF;
  public static final int BYTECODE_COUNT_MAX = 0xFFFF;
  public static final int BYTECODE_INDEX_MAX = 0xFFFF;
  public static final int LOCAL_INDEX_MAX = 0xFF;
  public static final int IDENTIFIER_SIZE_MAX = 0xFFFF;
  public static final int CONSTANT_SIZE_MAX = 0xFFFF;
  public static final int METADATA_KEY_SIZE_MAX = 1023;
  public static final int METADATA_VALUE_SIZE_MAX = 0xFFFF;
  public static final int SIGNATURE_SIZE_MAX = 0xFF;
  public static final int ACQUIRES_COUNT_MAX = 0xFF;
  public static final int FIELD_COUNT_MAX = 0xFF;
  public static final int FIELD_OFFSET_MAX = 0xFF;
  public static final int VARIANT_COUNT_MAX = 127;
  public static final int VARIANT_TAG_MAX = 127;
  public static final int JUMP_TABLE_COUNT_MAX = 127;
  public static final int TYPE_PARAMETER_COUNT_MAX = 0xFF;
  public static final int TYPE_PARAMETER_INDEX_MAX = 0x10000;
  public static final int ACCESS_SPECIFIER_COUNT_MAX = 64;
  public static final int ATTRIBUTE_COUNT_MAX = 16;
  public static final int SIGNATURE_TOKEN_DEPTH_MAX = 256;

  /**
   * Move identifiers: {@code <SELF>}, or a letter followed by letters, digits and underscores,
   * or an underscore followed by at least one of those. Aptos version 9 also allows {@code $}
   * wherever an underscore may stand.
   */
  public static boolean isValidIdentifier(String s, boolean dollarAllowed) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    if (s.equals("<SELF>")) {
      return true;
    }
    char first = s.charAt(0);
    if (isLetter(first)) {
      // any tail
    } else if (first == '_' || (dollarAllowed && first == '$')) {
      if (n < 2) {
        return false;
      }
    } else {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '_' || (dollarAllowed && c == '$'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
