package io.statecraft.move.runtime;

/** A module's identity: the address it is published at and its name. Ordered by both. */
public record ModuleId(AccountAddress address, String name) implements Comparable<ModuleId> {
  public static ModuleId parse(String text) {
    int sep = text.indexOf("::");
    if (sep < 0) {
      throw new IllegalArgumentException("expected ADDR::MODULE, got " + text);
    }
    return new ModuleId(AccountAddress.parse(text.substring(0, sep)), text.substring(sep + 2));
  }

  @Override
  public int compareTo(ModuleId o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return address.toShortString() + "::" + name;
  }
}
