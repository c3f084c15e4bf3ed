package io.statecraft.codec.channel;

/** Move identifiers (module, struct and function names): {@code [A-Za-z][A-Za-z0-9_]*} or {@code _[A-Za-z0-9_]+}. */
final class Identifiers {
  static final int MAX_LENGTH = 255;

  private Identifiers() {}

  static boolean isValid(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) return false;
    char c0 = s.charAt(0);
    if (c0 == '_') {
      if (s.length() == 1) return false;
    } else if (!isAsciiLetter(c0)) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
  }

  static String require(String s, String what) {
    if (!isValid(s)) {
      throw new IllegalArgumentException("not a Move identifier (" + what + "): " + s);
    }
    return s;
  }

  static String read(BcsReader r, String what) throws MalformedEntryException {
    int start = r.position();
    String s = r.string(what, MAX_LENGTH);
    if (!isValid(s)) {
      throw new MalformedEntryException(what + " is not a Move identifier", start);
    }
    return s;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
