package io.statecraft.move.binary;

import java.util.Arrays;
import java.util.HexFormat;

/** A metadata entry (version 5+): opaque key and value bytes that toolchains attach. */
public record Metadata(byte[] key, byte[] value) {
  public Metadata {
    key = key.clone();
    value = value.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public int keyLength() {
    return key.length;
  }

  public int valueLength() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && Arrays.equals(key, m.key) && Arrays.equals(value, m.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "Metadata[0x" + hex.formatHex(key) + " = 0x" + hex.formatHex(value) + "]";
  }
}
