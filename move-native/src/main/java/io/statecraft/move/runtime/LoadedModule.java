package io.statecraft.move.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One module of a {@link ModuleSet}: its datatypes and functions by name, in definition order. */
public final class LoadedModule {
  private final ModuleId id;
  final Map<String, DatatypeDef> datatypes = new LinkedHashMap<>();
  final Map<String, FunctionDef> functions = new LinkedHashMap<>();

  LoadedModule(ModuleId id) {
    this.id = id;
  }

  public ModuleId id() {
    return id;
  }

  public DatatypeDef datatype(String name) {
    return datatypes.get(name);
  }

  public FunctionDef function(String name) {
    return functions.get(name);
  }

  public Map<String, DatatypeDef> datatypes() {
    return Collections.unmodifiableMap(datatypes);
  }

  public Map<String, FunctionDef> functions() {
    return Collections.unmodifiableMap(functions);
  }
}
