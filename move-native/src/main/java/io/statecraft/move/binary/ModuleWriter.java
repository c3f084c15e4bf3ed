package io.statecraft.move.binary;

import io.statecraft.move.binary.impl.UnitEncoder;

/**
 * Writes {@link CompiledModule} / {@link CompiledScript} back to bytes. For any unit that
 * {@link ModuleReader} produced, the output equals the input byte for byte: tables go out in
 * the recorded {@link TableLayout}, the header word and trailing bytes are kept, and every
 * integer is written in the minimal encoding the reader insists on.
 *
 * <p>A model the format cannot express (a value past an encoding limit, an Aptos instruction in
 * a Sui module ...) is refused with {@link InvalidModuleException} of kind {@code
 * NOT_ENCODABLE} or {@code LIMIT_EXCEEDED}. Indices are not bounds-checked here.
 */
public final class ModuleWriter {
  private ModuleWriter() {}

  public static byte[] write(CompiledUnit unit) {
    return UnitEncoder.encode(unit);
  }
}
