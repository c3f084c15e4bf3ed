package io.statecraft.move.natives;

import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.VmError;
import io.statecraft.move.runtime.VmLimits;

/** What a native may ask of the VM while it runs. */
public interface NativeContext {
  /** Charges gas; throws OUT_OF_GAS when the budget is exhausted. */
  void charge(long units);

  /** BCS bytes of a value of a closed type. */
  byte[] serialize(Type type, Object value);

  /** Records an event (type and BCS payload), checked against the event limits. */
  void emitEvent(Type type, Object value);

  /** The canonical tag text of a type ({@code 0x<64 hex>::m::S<..>} with prefix). */
  String typeTag(Type type, boolean withPrefix);

  VmLimits limits();

  /** Throws unless a vector may hold {@code length} elements. */
  void checkVectorLength(long length);

  /** Throws unless values of this type are within the value depth limit. */
  void checkValueDepth(Type type);

  /** A host object the node registered for its own natives (clock, members, randomness). */
  <T> T extension(Class<T> type);

  /** An abort from this native, to throw: {@code throw context.abort(code)}. */
  default VmError abort(long code) {
    return VmError.abort(code);
  }
}
