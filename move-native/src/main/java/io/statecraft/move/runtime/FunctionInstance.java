package io.statecraft.move.runtime;

/**
 * A function applied to closed type arguments. Generic operands of its code (call targets,
 * resource types, packed types) are substituted on first use and cached per instruction, so
 * a hot generic call costs one array read after the first time.
 */
public final class FunctionInstance {
  final FunctionDef def;
  final Type[] typeArguments;
  final int[] ops;
  /** The unfused ops (see {@link Fusion}). */
  final int[] orig;
  final int[] operands;
  final Object[] pool;
  final Object[] resolved;
  final int localCount;
  final int parameterCount;

  FunctionInstance(FunctionDef def, Type[] typeArguments) {
    this.def = def;
    this.typeArguments = typeArguments;
    Code code = def.code();
    this.ops = code == null ? null : code.fusedOps();
    this.orig = code == null ? null : code.ops();
    this.operands = code == null ? null : code.operands();
    this.pool = code == null ? null : code.pool();
    this.resolved = code == null ? null : new Object[code.pool().length];
    this.localCount = def.localCount();
    this.parameterCount = def.parameterCount();
  }

  public FunctionDef def() {
    return def;
  }

  public Type[] typeArguments() {
    return typeArguments.clone();
  }

  Type substitute(Type t) {
    return typeArguments.length == 0 ? t : t.substitute(typeArguments);
  }

  @Override
  public String toString() {
    if (typeArguments.length == 0) {
      return def.toString();
    }
    StringBuilder sb = new StringBuilder(def.toString()).append('<');
    for (int i = 0; i < typeArguments.length; i++) {
      sb.append(i > 0 ? ", " : "").append(typeArguments[i]);
    }
    return sb.append('>').toString();
  }
}
