package io.statecraft.move.runtime;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.natives.NativeRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of modules loaded and linked together: every datatype and function resolved to its
 * definition, every body pre-decoded for the interpreter. Immutable once built and safe to
 * share between threads; load it once and run any number of transactions against it (function
 * instantiations are cached inside).
 */
public final class ModuleSet {
  private final Map<ModuleId, LoadedModule> modules;
  private final NativeRegistry natives;

  ModuleSet(Map<ModuleId, LoadedModule> modules, NativeRegistry natives) {
    this.modules = Collections.unmodifiableMap(new TreeMap<>(modules));
    this.natives = natives;
  }

  /**
   * Verifies (see {@link io.statecraft.move.verify.Verifier#verifyAll}), loads and links
   * modules; dependencies must be in the list. A module the verifier rejects is a
   * {@link LinkException} with status UNKNOWN_VERIFICATION_ERROR and the verifier's message.
   * Verification results are cached per module content, so loading the same module again does
   * not verify it again. Verified code runs with unboxed integer lanes (see {@link Lanes}).
   */
  public static ModuleSet load(List<CompiledModule> modules, NativeRegistry natives) {
    for (CompiledModule m : modules) {
      VerifiedUnits.verify(m);
    }
    return new Linker(natives, true).link(modules);
  }

  /**
   * Loads and links modules <em>without</em> running the bytecode verifier. Only for trusted
   * tooling and for tests of how the interpreter survives ill-typed code: unverified code runs
   * on the generic (boxed, dynamically checked) ops and traps with INTERNAL_TYPE_ERROR where
   * it is ill-typed.
   */
  public static ModuleSet loadUnverified(List<CompiledModule> modules, NativeRegistry natives) {
    return new Linker(natives, false).link(modules);
  }

  public static ModuleSet load(List<CompiledModule> modules) {
    return load(modules, NativeRegistry.standard());
  }

  public Collection<LoadedModule> modules() {
    return modules.values();
  }

  public LoadedModule module(ModuleId id) {
    return modules.get(id);
  }

  public NativeRegistry natives() {
    return natives;
  }

  public FunctionDef function(ModuleId module, String name) {
    LoadedModule m = modules.get(module);
    FunctionDef f = m == null ? null : m.function(name);
    if (f == null) {
      throw new LinkException(StatusCode.FUNCTION_RESOLUTION_FAILURE, "no function " + module + "::" + name);
    }
    return f;
  }

  public DatatypeDef datatype(ModuleId module, String name) {
    LoadedModule m = modules.get(module);
    DatatypeDef d = m == null ? null : m.datatype(name);
    if (d == null) {
      throw new LinkException(StatusCode.LINKER_ERROR, "no datatype " + module + "::" + name);
    }
    return d;
  }

  /** Links a script against this set; the result is its {@code main}. */
  public FunctionDef loadScript(CompiledScript script) {
    VerifiedUnits.verify(script);
    return new Linker(natives, true).linkScript(script, this);
  }

  /** Links a script without verifying it (see {@link #loadUnverified}). */
  public FunctionDef loadScriptUnverified(CompiledScript script) {
    return new Linker(natives, false).linkScript(script, this);
  }

  /** Parses a type tag: {@code u64}, {@code vector<u8>}, {@code 0x1::string::String}, generics. */
  public Type parseType(String text) {
    return new TypeParser(this, text).parse();
  }

  /** The module list, in load order (dependencies first). */
  public List<ModuleId> ids() {
    return new ArrayList<>(modules.keySet());
  }
}
