package io.statecraft.codec.channel;

/** An entry function {@code ADDR::module::function}. BCS: address (32) ‖ module ‖ function. */
public record FunctionId(Address address, String module, String function) {
  public FunctionId {
    if (address == null) throw new IllegalArgumentException("function address is null");
    Identifiers.require(module, "module");
    Identifiers.require(function, "function");
  }

  /** Parses {@code 0x2::game::move_to}; the address may be in short form. */
  public static FunctionId parse(String text) {
    TypeTagParser p = new TypeTagParser(text);
    FunctionId f = p.function();
    p.end();
    return f;
  }

  void write(BcsWriter w) {
    w.fixed(address.unsafeArray()).string(module).string(function);
  }

  static FunctionId read(BcsReader r) throws MalformedEntryException {
    Address a = Address.of(r.fixed(Address.SIZE, "function address"));
    String m = Identifiers.read(r, "module name");
    String f = Identifiers.read(r, "function name");
    return new FunctionId(a, m, f);
  }

  @Override
  public String toString() {
    return address.toShortString() + "::" + module + "::" + function;
  }
}
