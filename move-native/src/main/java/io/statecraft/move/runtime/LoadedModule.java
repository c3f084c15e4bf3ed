package io.statecraft.move.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One module of a {@link ModuleSet}: its datatypes and functions by name, in definition order. */
public final class LoadedModule {
  private final ModuleId id;
  private final Set<ModuleId> friends;
  final Map<String, DatatypeDef> datatypes = new LinkedHashMap<>();
  final Map<String, FunctionDef> functions = new LinkedHashMap<>();

  LoadedModule(ModuleId id, Set<ModuleId> friends) {
    this.id = id;
    this.friends = Set.copyOf(friends);
  }

  public ModuleId id() {
    return id;
  }

  /** The modules this one declares as friends: the only others that may call its public(friend) functions. */
  public Set<ModuleId> friends() {
    return friends;
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
