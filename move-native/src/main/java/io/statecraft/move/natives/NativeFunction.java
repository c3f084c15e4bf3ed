package io.statecraft.move.natives;

import io.statecraft.move.runtime.Type;

/**
 * A Move function implemented in Java. It receives its closed type arguments and its
 * arguments (references as {@link io.statecraft.move.runtime.Ref}), returns its results in
 * order, charges gas through the context and fails by throwing a
 * {@link io.statecraft.move.runtime.VmError} (usually {@link NativeContext#abort}). It must be
 * deterministic: no clock, no randomness, no hash iteration order.
 */
@FunctionalInterface
public interface NativeFunction {
  Object[] call(NativeContext context, Type[] typeArguments, Object[] arguments);
}
