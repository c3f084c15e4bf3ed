package io.statecraft.move.binary;

import java.util.Arrays;
import java.util.HexFormat;

/** A constant pool entry: its type and its value as BCS bytes, kept undecoded. */
public record Constant(SignatureToken type, byte[] data) {
  public Constant {
    if (type == null) {
      throw new IllegalArgumentException("type is null");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public int dataLength() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Constant c && type.equals(c.type) && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Constant[" + type + ", 0x" + HexFormat.of().formatHex(data) + "]";
  }
}
