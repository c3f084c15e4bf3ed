package io.statecraft.move.binary;

import java.util.StringJoiner;

/** A set of {@link Ability abilities}, stored as the 4-bit mask the binary format uses. */
public record AbilitySet(int bits) {

  public static final int ALL_BITS = 0xF;
  public static final AbilitySet EMPTY = new AbilitySet(0);
  public static final AbilitySet ALL = new AbilitySet(ALL_BITS);
  /** copy + drop + store: what primitives have. */
  public static final AbilitySet PRIMITIVES = new AbilitySet(0x7);

  public AbilitySet {
    if ((bits & ~ALL_BITS) != 0) {
      throw new IllegalArgumentException("not an ability set: " + bits);
    }
  }

  public static AbilitySet of(Ability... abilities) {
    int bits = 0;
    for (Ability a : abilities) {
      bits |= a.bit();
    }
    return new AbilitySet(bits);
  }

  public boolean has(Ability ability) {
    return (bits & ability.bit()) != 0;
  }

  public AbilitySet with(Ability ability) {
    return new AbilitySet(bits | ability.bit());
  }

  public AbilitySet intersect(AbilitySet other) {
    return new AbilitySet(bits & other.bits);
  }

  public AbilitySet union(AbilitySet other) {
    return new AbilitySet(bits | other.bits);
  }

  public boolean isSubsetOf(AbilitySet other) {
    return (bits & ~other.bits) == 0;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    for (Ability a : Ability.values()) {
      if (has(a)) {
        j.add(a.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return j.toString();
  }
}
