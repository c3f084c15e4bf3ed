package io.statecraft.move.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled module, table by table, as a faithful record of its binary: tables keep their
 * order, indices are plain {@code int}s into them, and the header facts and table layout are
 * kept so that {@link ModuleWriter} reproduces the bytes {@link ModuleReader} read.
 *
 * <p>Tables a flavor lacks are empty: Sui enum tables in Aptos and legacy units, Aptos variant
 * tables in Sui and legacy units. Immutable; use {@link #toBuilder()} to derive a changed copy.
 */
public final class CompiledModule implements CompiledUnit {
  private final BinaryFormat format;
  private final TableLayout layout;
  private final int selfModuleHandle;
  private final List<ModuleHandle> moduleHandles;
  private final List<DatatypeHandle> datatypeHandles;
  private final List<FunctionHandle> functionHandles;
  private final List<FunctionInstantiation> functionInstantiations;
  private final List<Signature> signatures;
  private final List<String> identifiers;
  private final List<Address> addressIdentifiers;
  private final List<Constant> constantPool;
  private final List<Metadata> metadata;
  private final List<StructDefinition> structDefs;
  private final List<StructDefInstantiation> structDefInstantiations;
  private final List<FunctionDefinition> functionDefs;
  private final List<FieldHandle> fieldHandles;
  private final List<FieldInstantiation> fieldInstantiations;
  private final List<ModuleHandle> friendDecls;
  private final List<EnumDefinition> enumDefs;
  private final List<EnumDefInstantiation> enumDefInstantiations;
  private final List<VariantHandle> variantHandles;
  private final List<VariantInstantiationHandle> variantInstantiationHandles;
  private final List<VariantFieldHandle> variantFieldHandles;
  private final List<VariantFieldInstantiation> variantFieldInstantiations;
  private final List<StructVariantHandle> structVariantHandles;
  private final List<StructVariantInstantiation> structVariantInstantiations;
  private final byte[] trailingBytes;

  private CompiledModule(Builder b) {
    if (b.format == null) {
      throw new IllegalArgumentException("format is required");
    }
    this.format = b.format;
    this.layout = b.layout == null ? TableLayout.CANONICAL : b.layout;
    this.selfModuleHandle = b.selfModuleHandle;
    this.moduleHandles = List.copyOf(b.moduleHandles);
    this.datatypeHandles = List.copyOf(b.datatypeHandles);
    this.functionHandles = List.copyOf(b.functionHandles);
    this.functionInstantiations = List.copyOf(b.functionInstantiations);
    this.signatures = List.copyOf(b.signatures);
    this.identifiers = List.copyOf(b.identifiers);
    this.addressIdentifiers = List.copyOf(b.addressIdentifiers);
    this.constantPool = List.copyOf(b.constantPool);
    this.metadata = List.copyOf(b.metadata);
    this.structDefs = List.copyOf(b.structDefs);
    this.structDefInstantiations = List.copyOf(b.structDefInstantiations);
    this.functionDefs = List.copyOf(b.functionDefs);
    this.fieldHandles = List.copyOf(b.fieldHandles);
    this.fieldInstantiations = List.copyOf(b.fieldInstantiations);
    this.friendDecls = List.copyOf(b.friendDecls);
    this.enumDefs = List.copyOf(b.enumDefs);
    this.enumDefInstantiations = List.copyOf(b.enumDefInstantiations);
    this.variantHandles = List.copyOf(b.variantHandles);
    this.variantInstantiationHandles = List.copyOf(b.variantInstantiationHandles);
    this.variantFieldHandles = List.copyOf(b.variantFieldHandles);
    this.variantFieldInstantiations = List.copyOf(b.variantFieldInstantiations);
    this.structVariantHandles = List.copyOf(b.structVariantHandles);
    this.structVariantInstantiations = List.copyOf(b.structVariantInstantiations);
    this.trailingBytes = b.trailingBytes.clone();
  }

  public static Builder builder(BinaryFormat format) {
    return new Builder().format(format);
  }

  /** A builder holding copies of every table of this unit, for making a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.format = format;
    b.layout = layout;
    b.selfModuleHandle = selfModuleHandle;
    b.moduleHandles = new ArrayList<>(moduleHandles);
    b.datatypeHandles = new ArrayList<>(datatypeHandles);
    b.functionHandles = new ArrayList<>(functionHandles);
    b.functionInstantiations = new ArrayList<>(functionInstantiations);
    b.signatures = new ArrayList<>(signatures);
    b.identifiers = new ArrayList<>(identifiers);
    b.addressIdentifiers = new ArrayList<>(addressIdentifiers);
    b.constantPool = new ArrayList<>(constantPool);
    b.metadata = new ArrayList<>(metadata);
    b.structDefs = new ArrayList<>(structDefs);
    b.structDefInstantiations = new ArrayList<>(structDefInstantiations);
    b.functionDefs = new ArrayList<>(functionDefs);
    b.fieldHandles = new ArrayList<>(fieldHandles);
    b.fieldInstantiations = new ArrayList<>(fieldInstantiations);
    b.friendDecls = new ArrayList<>(friendDecls);
    b.enumDefs = new ArrayList<>(enumDefs);
    b.enumDefInstantiations = new ArrayList<>(enumDefInstantiations);
    b.variantHandles = new ArrayList<>(variantHandles);
    b.variantInstantiationHandles = new ArrayList<>(variantInstantiationHandles);
    b.variantFieldHandles = new ArrayList<>(variantFieldHandles);
    b.variantFieldInstantiations = new ArrayList<>(variantFieldInstantiations);
    b.structVariantHandles = new ArrayList<>(structVariantHandles);
    b.structVariantInstantiations = new ArrayList<>(structVariantInstantiations);
    b.trailingBytes = trailingBytes.clone();
    return b;
  }

  public BinaryFormat format() {
    return format;
  }

  public TableLayout layout() {
    return layout;
  }

  public int selfModuleHandle() {
    return selfModuleHandle;
  }

  public List<ModuleHandle> moduleHandles() {
    return moduleHandles;
  }

  public List<DatatypeHandle> datatypeHandles() {
    return datatypeHandles;
  }

  public List<FunctionHandle> functionHandles() {
    return functionHandles;
  }

  public List<FunctionInstantiation> functionInstantiations() {
    return functionInstantiations;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  public List<String> identifiers() {
    return identifiers;
  }

  public List<Address> addressIdentifiers() {
    return addressIdentifiers;
  }

  public List<Constant> constantPool() {
    return constantPool;
  }

  public List<Metadata> metadata() {
    return metadata;
  }

  public List<StructDefinition> structDefs() {
    return structDefs;
  }

  public List<StructDefInstantiation> structDefInstantiations() {
    return structDefInstantiations;
  }

  public List<FunctionDefinition> functionDefs() {
    return functionDefs;
  }

  public List<FieldHandle> fieldHandles() {
    return fieldHandles;
  }

  public List<FieldInstantiation> fieldInstantiations() {
    return fieldInstantiations;
  }

  public List<ModuleHandle> friendDecls() {
    return friendDecls;
  }

  public List<EnumDefinition> enumDefs() {
    return enumDefs;
  }

  public List<EnumDefInstantiation> enumDefInstantiations() {
    return enumDefInstantiations;
  }

  public List<VariantHandle> variantHandles() {
    return variantHandles;
  }

  public List<VariantInstantiationHandle> variantInstantiationHandles() {
    return variantInstantiationHandles;
  }

  public List<VariantFieldHandle> variantFieldHandles() {
    return variantFieldHandles;
  }

  public List<VariantFieldInstantiation> variantFieldInstantiations() {
    return variantFieldInstantiations;
  }

  public List<StructVariantHandle> structVariantHandles() {
    return structVariantHandles;
  }

  public List<StructVariantInstantiation> structVariantInstantiations() {
    return structVariantInstantiations;
  }

  @Override
  public byte[] trailingBytes() {
    return trailingBytes.clone();
  }

  /** The handle of this module itself. */
  public ModuleHandle selfHandle() {
    return moduleHandles.get(selfModuleHandle);
  }

  /** Address and name of this module (requires the self handle to be in bounds). */
  public ModuleId moduleId() {
    ModuleHandle self = selfHandle();
    return new ModuleId(addressIdentifiers.get(self.address()), identifiers.get(self.name()));
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CompiledModule other)) {
      return false;
    }
    return java.util.Objects.equals(format, other.format)
        && java.util.Objects.equals(layout, other.layout)
        && selfModuleHandle == other.selfModuleHandle
        && java.util.Objects.equals(moduleHandles, other.moduleHandles)
        && java.util.Objects.equals(datatypeHandles, other.datatypeHandles)
        && java.util.Objects.equals(functionHandles, other.functionHandles)
        && java.util.Objects.equals(functionInstantiations, other.functionInstantiations)
        && java.util.Objects.equals(signatures, other.signatures)
        && java.util.Objects.equals(identifiers, other.identifiers)
        && java.util.Objects.equals(addressIdentifiers, other.addressIdentifiers)
        && java.util.Objects.equals(constantPool, other.constantPool)
        && java.util.Objects.equals(metadata, other.metadata)
        && java.util.Objects.equals(structDefs, other.structDefs)
        && java.util.Objects.equals(structDefInstantiations, other.structDefInstantiations)
        && java.util.Objects.equals(functionDefs, other.functionDefs)
        && java.util.Objects.equals(fieldHandles, other.fieldHandles)
        && java.util.Objects.equals(fieldInstantiations, other.fieldInstantiations)
        && java.util.Objects.equals(friendDecls, other.friendDecls)
        && java.util.Objects.equals(enumDefs, other.enumDefs)
        && java.util.Objects.equals(enumDefInstantiations, other.enumDefInstantiations)
        && java.util.Objects.equals(variantHandles, other.variantHandles)
        && java.util.Objects.equals(variantInstantiationHandles, other.variantInstantiationHandles)
        && java.util.Objects.equals(variantFieldHandles, other.variantFieldHandles)
        && java.util.Objects.equals(variantFieldInstantiations, other.variantFieldInstantiations)
        && java.util.Objects.equals(structVariantHandles, other.structVariantHandles)
        && java.util.Objects.equals(structVariantInstantiations, other.structVariantInstantiations)
        && java.util.Arrays.equals(trailingBytes, other.trailingBytes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(format, layout, selfModuleHandle, moduleHandles, datatypeHandles, functionHandles, functionInstantiations, signatures, identifiers, addressIdentifiers, constantPool, metadata, structDefs, structDefInstantiations, functionDefs, fieldHandles, fieldInstantiations, friendDecls, enumDefs, enumDefInstantiations, variantHandles, variantInstantiationHandles, variantFieldHandles, variantFieldInstantiations, structVariantHandles, structVariantInstantiations);
  }

  @Override
  public String toString() {
    return "CompiledModule[" + format + "]";
  }

  /** Mutable assembly of a unit; lists are plain {@link ArrayList}s to add to directly. */
  public static final class Builder {
    private BinaryFormat format;
    private TableLayout layout = TableLayout.CANONICAL;
    private int selfModuleHandle = 0;
    public List<ModuleHandle> moduleHandles = new ArrayList<>();
    public List<DatatypeHandle> datatypeHandles = new ArrayList<>();
    public List<FunctionHandle> functionHandles = new ArrayList<>();
    public List<FunctionInstantiation> functionInstantiations = new ArrayList<>();
    public List<Signature> signatures = new ArrayList<>();
    public List<String> identifiers = new ArrayList<>();
    public List<Address> addressIdentifiers = new ArrayList<>();
    public List<Constant> constantPool = new ArrayList<>();
    public List<Metadata> metadata = new ArrayList<>();
    public List<StructDefinition> structDefs = new ArrayList<>();
    public List<StructDefInstantiation> structDefInstantiations = new ArrayList<>();
    public List<FunctionDefinition> functionDefs = new ArrayList<>();
    public List<FieldHandle> fieldHandles = new ArrayList<>();
    public List<FieldInstantiation> fieldInstantiations = new ArrayList<>();
    public List<ModuleHandle> friendDecls = new ArrayList<>();
    public List<EnumDefinition> enumDefs = new ArrayList<>();
    public List<EnumDefInstantiation> enumDefInstantiations = new ArrayList<>();
    public List<VariantHandle> variantHandles = new ArrayList<>();
    public List<VariantInstantiationHandle> variantInstantiationHandles = new ArrayList<>();
    public List<VariantFieldHandle> variantFieldHandles = new ArrayList<>();
    public List<VariantFieldInstantiation> variantFieldInstantiations = new ArrayList<>();
    public List<StructVariantHandle> structVariantHandles = new ArrayList<>();
    public List<StructVariantInstantiation> structVariantInstantiations = new ArrayList<>();
    private byte[] trailingBytes = new byte[0];

    public Builder format(BinaryFormat format) {
      this.format = format;
      return this;
    }

    public BinaryFormat format() {
      return format;
    }

    public Builder layout(TableLayout layout) {
      this.layout = layout;
      return this;
    }

    public Builder selfModuleHandle(int selfModuleHandle) {
      this.selfModuleHandle = selfModuleHandle;
      return this;
    }

    public int selfModuleHandle() {
      return selfModuleHandle;
    }

    public Builder trailingBytes(byte[] bytes) {
      this.trailingBytes = bytes.clone();
      return this;
    }

    public CompiledModule build() {
      return new CompiledModule(this);
    }
  }
}
