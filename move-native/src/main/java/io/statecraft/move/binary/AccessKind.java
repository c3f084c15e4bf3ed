package io.statecraft.move.binary;

/** Aptos access specifier kind, with its serialized byte. */
public enum AccessKind {
  READS(0x1),
  WRITES(0x2),
  /** Written by early version-7 toolchains; current Aptos readers no longer accept it. */
  ACQUIRES(0x3);

  private final int code;

  AccessKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static AccessKind fromCode(int code) {
    for (AccessKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }
}
