package io.statecraft.move.binary;

/** Aptos function attributes (version 8), with their serialized byte. */
public enum FunctionAttribute {
  PERSISTENT(0x1),
  MODULE_LOCK(0x2);

  private final int code;

  FunctionAttribute(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static FunctionAttribute fromCode(int code) {
    for (FunctionAttribute a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }
}
