package io.statecraft.move.binary;

/** Public hex helper for tests outside this package. */
public final class Bytes2 {
  private Bytes2() {}

  public static byte[] hex(String s) {
    return Bytes.hex(s);
  }
}
