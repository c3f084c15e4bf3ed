package io.statecraft.move.binary;

/** One ability a type can have, with its bit in a serialized ability set. */
public enum Ability {
  COPY(0x1),
  DROP(0x2),
  STORE(0x4),
  KEY(0x8);

  private final int bit;

  Ability(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }
}
