package io.statecraft.move.runtime;

import io.statecraft.move.natives.NativeFunction;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded function: signature, locals and pre-decoded code, or a native implementation.
 * Instantiations ({@link FunctionInstance}) are made once per distinct type argument list and
 * cached here.
 */
public final class FunctionDef {
  private final ModuleId module;
  private final String name;
  private final Visibility visibility;
  private final boolean entry;
  private final int[] typeParameterConstraints;
  private final Type[] parameters;
  private final Type[] returns;
  private Type[] locals;
  private Code code;
  private NativeFunction nativeImpl;
  private final boolean isNative;
  private final ConcurrentHashMap<List<Type>, FunctionInstance> instances = new ConcurrentHashMap<>();
  private volatile FunctionInstance plain;

  public FunctionDef(ModuleId module, String name, Visibility visibility, boolean entry,
      int[] typeParameterConstraints, List<Type> parameters, List<Type> returns, boolean isNative) {
    this.module = module;
    this.name = name;
    this.visibility = visibility;
    this.entry = entry;
    this.typeParameterConstraints = typeParameterConstraints.clone();
    this.parameters = parameters.toArray(new Type[0]);
    this.returns = returns.toArray(new Type[0]);
    this.isNative = isNative;
  }

  /** Body: locals after the parameters, and code. Set when the module set is linked. */
  public void setBody(List<Type> locals, Code code) {
    this.locals = locals.toArray(new Type[0]);
    this.code = code;
  }

  public void setNative(NativeFunction impl) {
    this.nativeImpl = impl;
  }

  public ModuleId module() {
    return module;
  }

  public String name() {
    return name;
  }

  public Visibility visibility() {
    return visibility;
  }

  public boolean isEntry() {
    return entry;
  }

  public boolean isNative() {
    return isNative;
  }

  public NativeFunction nativeImpl() {
    return nativeImpl;
  }

  public int typeParameterCount() {
    return typeParameterConstraints.length;
  }

  public int typeParameterConstraint(int i) {
    return typeParameterConstraints[i];
  }

  public List<Type> parameters() {
    return List.of(parameters);
  }

  public List<Type> returns() {
    return List.of(returns);
  }

  int parameterCount() {
    return parameters.length;
  }

  int returnCount() {
    return returns.length;
  }

  /** Parameters plus declared locals. */
  int localCount() {
    return parameters.length + (locals == null ? 0 : locals.length);
  }

  public Code code() {
    return code;
  }

  /** The instance for these (closed) type arguments, made once. */
  public FunctionInstance instantiate(Type[] typeArguments) {
    if (typeArguments.length == 0) {
      FunctionInstance p = plain;
      if (p == null) {
        p = new FunctionInstance(this, typeArguments);
        plain = p;
      }
      return p;
    }
    if (typeArguments.length != typeParameterConstraints.length) {
      throw VmError.of(StatusCode.NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
          this + " takes " + typeParameterConstraints.length + " type arguments, got " + typeArguments.length);
    }
    return instances.computeIfAbsent(Arrays.asList(typeArguments.clone()), k -> new FunctionInstance(this, typeArguments.clone()));
  }

  @Override
  public String toString() {
    return module + "::" + name;
  }
}
