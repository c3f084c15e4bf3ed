package io.statecraft.move.binary;

/** The identity of a module: its address and its name. */
public record ModuleId(Address address, String name) {
  @Override
  public String toString() {
    return address.toHex() + "::" + name;
  }
}
