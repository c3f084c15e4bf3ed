package io.statecraft.move.binary;

import java.util.List;

/**
 * A function defined in this module: its function handle index, visibility, entry flag, the
 * struct definitions it acquires, and its code ({@code null} for a native function).
 */
public record FunctionDefinition(
    int function, Visibility visibility, boolean isEntry, List<Integer> acquires, CodeUnit code) {

  /** Bits of the flags byte that follows the visibility byte. */
  public static final int FLAG_NATIVE = 0x2;

  public static final int FLAG_ENTRY = 0x4;

  public FunctionDefinition {
    if (visibility == null) {
      throw new IllegalArgumentException("visibility is null");
    }
    acquires = List.copyOf(acquires);
  }

  public boolean isNative() {
    return code == null;
  }
}
