package io.statecraft.move.binary;

import io.statecraft.move.binary.impl.UnitDecoder;

/**
 * Reads Move binaries into {@link CompiledModule} / {@link CompiledScript}: legacy versions 5
 * and 6, Sui version 7, Aptos versions 7 to 10.
 *
 * <p>Any input either decodes or fails with {@link MalformedModuleException}; the reader never
 * throws anything else, runs in time linear in the input and allocates memory proportional to
 * it. It does not check that indices are in bounds: that is {@link BoundsChecker}'s job ({@link
 * #readModuleChecked} does both).
 */
public final class ModuleReader {
  private final ReaderOptions options;

  public ModuleReader() {
    this(ReaderOptions.DEFAULT);
  }

  public ModuleReader(ReaderOptions options) {
    this.options = options;
  }

  public ReaderOptions options() {
    return options;
  }

  public CompiledModule readModule(byte[] bytes) {
    return UnitDecoder.decodeModule(bytes, options);
  }

  public CompiledScript readScript(byte[] bytes) {
    return UnitDecoder.decodeScript(bytes, options);
  }

  /** Reads, then bounds-checks; throws {@link MalformedModuleException} or {@link InvalidModuleException}. */
  public CompiledModule readModuleChecked(byte[] bytes) {
    CompiledModule module = readModule(bytes);
    BoundsChecker.check(module);
    return module;
  }

  public CompiledScript readScriptChecked(byte[] bytes) {
    CompiledScript script = readScript(bytes);
    BoundsChecker.check(script);
    return script;
  }

  /** Header facts only, without decoding the tables. */
  public BinaryFormat readFormat(byte[] bytes) {
    return UnitDecoder.decodeFormat(bytes, options);
  }
}
