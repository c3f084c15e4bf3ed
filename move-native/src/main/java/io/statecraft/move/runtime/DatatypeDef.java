package io.statecraft.move.runtime;

import java.util.List;

/**
 * A loaded struct or enum declaration. A struct is a datatype with one unnamed variant; an enum
 * (Sui or Aptos) has one entry per variant. Field types may mention the type parameters.
 * Identity equality: one def per (module, name) per loaded module set.
 */
public final class DatatypeDef {
  /** One variant: its name (null for a struct's only variant) and its fields. */
  public record Variant(String name, List<String> fieldNames, List<Type> fieldTypes) {}

  private final ModuleId module;
  private final String name;
  private final int abilities;
  private final int[] typeParameterConstraints;
  private final boolean[] phantom;
  private final boolean isEnum;
  private final boolean isNative;
  private Variant[] variants;
  private Type[][] declaredFieldTypes;
  private int typeDepth = -1;

  public DatatypeDef(ModuleId module, String name, int abilities, int[] typeParameterConstraints,
      boolean[] phantom, boolean isEnum, boolean isNative) {
    this.module = module;
    this.name = name;
    this.abilities = abilities;
    this.typeParameterConstraints = typeParameterConstraints.clone();
    this.phantom = phantom.clone();
    this.isEnum = isEnum;
    this.isNative = isNative;
  }

  /** Set once after all datatypes of a module set exist, since fields may refer to any of them. */
  public void setVariants(List<Variant> variants) {
    if (this.variants != null) {
      throw new IllegalStateException("variants already set for " + name);
    }
    this.variants = variants.toArray(new Variant[0]);
    this.declaredFieldTypes = new Type[this.variants.length][];
    for (int i = 0; i < this.variants.length; i++) {
      declaredFieldTypes[i] = this.variants[i].fieldTypes().toArray(new Type[0]);
    }
  }

  public ModuleId module() {
    return module;
  }

  public String name() {
    return name;
  }

  public int abilities() {
    return abilities;
  }

  public int typeParameterCount() {
    return typeParameterConstraints.length;
  }

  public int typeParameterConstraint(int i) {
    return typeParameterConstraints[i];
  }

  public boolean isPhantom(int i) {
    return phantom[i];
  }

  public boolean isEnum() {
    return isEnum;
  }

  public boolean isNative() {
    return isNative;
  }

  public int variantCount() {
    return variants.length;
  }

  public Variant variant(int i) {
    return variants[i];
  }

  public int fieldCount(int variant) {
    return declaredFieldTypes[variant].length;
  }

  Type[] declaredFieldTypes(int variant) {
    return declaredFieldTypes[variant];
  }

  /**
   * Depth of the declaration's value tree with type parameters counted as 1; -2 marks a cycle
   * (a recursive datatype a verifier would have rejected), reported as too deep.
   */
  int declaredDepth(int limit) {
    if (typeDepth >= 0) {
      return typeDepth;
    }
    if (typeDepth == -2) {
      return Integer.MAX_VALUE;
    }
    typeDepth = -2;
    int max = 0;
    outer:
    for (Type[] fields : declaredFieldTypes) {
      for (Type f : fields) {
        int d = TypeDepth.valueDepth(f, limit);
        if (d > max) {
          max = d;
        }
        if (max > limit) {
          break outer;
        }
      }
    }
    typeDepth = max >= Integer.MAX_VALUE - 1 ? Integer.MAX_VALUE : 1 + max;
    return typeDepth;
  }

  @Override
  public String toString() {
    return module + "::" + name;
  }
}
