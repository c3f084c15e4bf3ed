package io.statecraft.move.runtime;

/** Ability bits as the binary format encodes them. */
public final class Abilities {
  public static final int COPY = 0x1;
  public static final int DROP = 0x2;
  public static final int STORE = 0x4;
  public static final int KEY = 0x8;
  public static final int ALL = COPY | DROP | STORE | KEY;
  public static final int PRIMITIVES = COPY | DROP | STORE;

  private Abilities() {}

  public static boolean has(int set, int ability) {
    return (set & ability) == ability;
  }

  public static String describe(int set) {
    StringBuilder sb = new StringBuilder();
    String[] names = {"copy", "drop", "store", "key"};
    for (int i = 0; i < 4; i++) {
      if ((set & (1 << i)) != 0) {
        sb.append(sb.length() > 0 ? ", " : "").append(names[i]);
      }
    }
    return sb.toString();
  }
}
