package io.statecraft.move.natives;

import io.statecraft.move.runtime.AccountAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * Native implementations by (address, module, function). Immutable: {@link #with} returns a
 * new registry, so the node composes the standard natives with its own (tick time, members,
 * randomness, assets) without touching shared state.
 */
public final class NativeRegistry {
  public static final NativeRegistry EMPTY = new NativeRegistry(new TreeMap<>());

  private final TreeMap<String, NativeFunction> functions;

  private NativeRegistry(TreeMap<String, NativeFunction> functions) {
    this.functions = functions;
  }

  /** Move's standard library natives at 0x1 (see {@link StdlibNatives}). */
  public static NativeRegistry standard() {
    return StdlibNatives.register(EMPTY, AccountAddress.ONE);
  }

  private static String key(AccountAddress address, String module, String function) {
    return address.toHex() + "::" + module + "::" + function;
  }

  public NativeRegistry with(AccountAddress address, String module, String function, NativeFunction impl) {
    TreeMap<String, NativeFunction> copy = new TreeMap<>(functions);
    copy.put(key(address, module, function), impl);
    return new NativeRegistry(copy);
  }

  /** All of {@code other}'s natives added to (and replacing) these. */
  public NativeRegistry withAll(NativeRegistry other) {
    TreeMap<String, NativeFunction> copy = new TreeMap<>(functions);
    copy.putAll(other.functions);
    return new NativeRegistry(copy);
  }

  public NativeFunction lookup(AccountAddress address, String module, String function) {
    return functions.get(key(address, module, function));
  }

  public Map<String, NativeFunction> asMap() {
    return java.util.Collections.unmodifiableMap(functions);
  }
}
