package io.statecraft.move.binary;

/** Function visibility with its serialized byte (2, the old "script" visibility, is gone). */
public enum Visibility {
  PRIVATE(0x0),
  PUBLIC(0x1),
  FRIEND(0x3);

  private final int code;

  Visibility(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Visibility fromCode(int code) {
    return switch (code) {
      case 0x0 -> PRIVATE;
      case 0x1 -> PUBLIC;
      case 0x3 -> FRIEND;
      default -> null;
    };
  }
}
