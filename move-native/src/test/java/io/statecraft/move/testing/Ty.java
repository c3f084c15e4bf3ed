package io.statecraft.move.testing;

import java.util.List;

/**
 * A type as test sources write it, naming datatypes by name ({@code "Point"} in this module,
 * {@code "0x1::string::String"} elsewhere); {@link ModuleBuilder} turns it into signature
 * tokens. Reads like the assembler's type syntax, so tests convert easily.
 */
public record Ty(String kind, String name, List<Ty> args) {
  public static final Ty BOOL = new Ty("bool", null, List.of());
  public static final Ty U8 = new Ty("u8", null, List.of());
  public static final Ty U16 = new Ty("u16", null, List.of());
  public static final Ty U32 = new Ty("u32", null, List.of());
  public static final Ty U64 = new Ty("u64", null, List.of());
  public static final Ty U128 = new Ty("u128", null, List.of());
  public static final Ty U256 = new Ty("u256", null, List.of());
  public static final Ty I64 = new Ty("i64", null, List.of());
  public static final Ty ADDRESS = new Ty("address", null, List.of());
  public static final Ty SIGNER = new Ty("signer", null, List.of());

  public static Ty vec(Ty e) {
    return new Ty("vector", null, List.of(e));
  }

  public static Ty ref(Ty t) {
    return new Ty("&", null, List.of(t));
  }

  public static Ty mref(Ty t) {
    return new Ty("&mut", null, List.of(t));
  }

  public static Ty tp(int i) {
    return new Ty("T", Integer.toString(i), List.of());
  }

  public static Ty st(String name, Ty... args) {
    return new Ty("struct", name, List.of(args));
  }
}
