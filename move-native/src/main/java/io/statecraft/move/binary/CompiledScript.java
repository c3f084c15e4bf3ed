package io.statecraft.move.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled script (transaction script): the tables it shares with modules plus one main
 * function given by its type parameters, parameter signature, Aptos access specifiers (version
 * 8, {@code null} when absent) and code. Sui no longer runs scripts but older binaries exist.
 */
public final class CompiledScript implements CompiledUnit {
  private final BinaryFormat format;
  private final TableLayout layout;
  private final List<AbilitySet> typeParameters;
  private final int parameters;
  private final List<AccessSpecifier> accessSpecifiers;
  private final CodeUnit code;
  private final List<ModuleHandle> moduleHandles;
  private final List<DatatypeHandle> datatypeHandles;
  private final List<FunctionHandle> functionHandles;
  private final List<FunctionInstantiation> functionInstantiations;
  private final List<Signature> signatures;
  private final List<String> identifiers;
  private final List<Address> addressIdentifiers;
  private final List<Constant> constantPool;
  private final List<Metadata> metadata;
  private final byte[] trailingBytes;

  private CompiledScript(Builder b) {
    if (b.format == null) {
      throw new IllegalArgumentException("format is required");
    }
    this.format = b.format;
    this.layout = b.layout == null ? TableLayout.CANONICAL : b.layout;
    this.typeParameters = List.copyOf(b.typeParameters);
    this.parameters = b.parameters;
    this.accessSpecifiers = b.accessSpecifiers == null ? null : List.copyOf(b.accessSpecifiers);
    if (b.code == null) {
      throw new IllegalArgumentException("a script needs code");
    }
    this.code = b.code;
    this.moduleHandles = List.copyOf(b.moduleHandles);
    this.datatypeHandles = List.copyOf(b.datatypeHandles);
    this.functionHandles = List.copyOf(b.functionHandles);
    this.functionInstantiations = List.copyOf(b.functionInstantiations);
    this.signatures = List.copyOf(b.signatures);
    this.identifiers = List.copyOf(b.identifiers);
    this.addressIdentifiers = List.copyOf(b.addressIdentifiers);
    this.constantPool = List.copyOf(b.constantPool);
    this.metadata = List.copyOf(b.metadata);
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
    b.typeParameters = typeParameters;
    b.parameters = parameters;
    b.accessSpecifiers = accessSpecifiers;
    b.code = code;
    b.moduleHandles = new ArrayList<>(moduleHandles);
    b.datatypeHandles = new ArrayList<>(datatypeHandles);
    b.functionHandles = new ArrayList<>(functionHandles);
    b.functionInstantiations = new ArrayList<>(functionInstantiations);
    b.signatures = new ArrayList<>(signatures);
    b.identifiers = new ArrayList<>(identifiers);
    b.addressIdentifiers = new ArrayList<>(addressIdentifiers);
    b.constantPool = new ArrayList<>(constantPool);
    b.metadata = new ArrayList<>(metadata);
    b.trailingBytes = trailingBytes.clone();
    return b;
  }

  public BinaryFormat format() {
    return format;
  }

  public TableLayout layout() {
    return layout;
  }

  public List<AbilitySet> typeParameters() {
    return typeParameters;
  }

  public int parameters() {
    return parameters;
  }

  public List<AccessSpecifier> accessSpecifiers() {
    return accessSpecifiers;
  }

  public CodeUnit code() {
    return code;
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

  @Override
  public byte[] trailingBytes() {
    return trailingBytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CompiledScript other)) {
      return false;
    }
    return java.util.Objects.equals(format, other.format)
        && java.util.Objects.equals(layout, other.layout)
        && java.util.Objects.equals(typeParameters, other.typeParameters)
        && parameters == other.parameters
        && java.util.Objects.equals(accessSpecifiers, other.accessSpecifiers)
        && java.util.Objects.equals(code, other.code)
        && java.util.Objects.equals(moduleHandles, other.moduleHandles)
        && java.util.Objects.equals(datatypeHandles, other.datatypeHandles)
        && java.util.Objects.equals(functionHandles, other.functionHandles)
        && java.util.Objects.equals(functionInstantiations, other.functionInstantiations)
        && java.util.Objects.equals(signatures, other.signatures)
        && java.util.Objects.equals(identifiers, other.identifiers)
        && java.util.Objects.equals(addressIdentifiers, other.addressIdentifiers)
        && java.util.Objects.equals(constantPool, other.constantPool)
        && java.util.Objects.equals(metadata, other.metadata)
        && java.util.Arrays.equals(trailingBytes, other.trailingBytes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(format, layout, typeParameters, parameters, accessSpecifiers, code, moduleHandles, datatypeHandles, functionHandles, functionInstantiations, signatures, identifiers, addressIdentifiers, constantPool, metadata);
  }

  @Override
  public String toString() {
    return "CompiledScript[" + format + "]";
  }

  /** Mutable assembly of a unit; lists are plain {@link ArrayList}s to add to directly. */
  public static final class Builder {
    private BinaryFormat format;
    private TableLayout layout = TableLayout.CANONICAL;
    private List<AbilitySet> typeParameters = List.of();
    private int parameters = 0;
    private List<AccessSpecifier> accessSpecifiers = null;
    private CodeUnit code = null;
    public List<ModuleHandle> moduleHandles = new ArrayList<>();
    public List<DatatypeHandle> datatypeHandles = new ArrayList<>();
    public List<FunctionHandle> functionHandles = new ArrayList<>();
    public List<FunctionInstantiation> functionInstantiations = new ArrayList<>();
    public List<Signature> signatures = new ArrayList<>();
    public List<String> identifiers = new ArrayList<>();
    public List<Address> addressIdentifiers = new ArrayList<>();
    public List<Constant> constantPool = new ArrayList<>();
    public List<Metadata> metadata = new ArrayList<>();
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

    public Builder typeParameters(List<AbilitySet> typeParameters) {
      this.typeParameters = typeParameters;
      return this;
    }

    public List<AbilitySet> typeParameters() {
      return typeParameters;
    }

    public Builder parameters(int parameters) {
      this.parameters = parameters;
      return this;
    }

    public int parameters() {
      return parameters;
    }

    public Builder accessSpecifiers(List<AccessSpecifier> accessSpecifiers) {
      this.accessSpecifiers = accessSpecifiers;
      return this;
    }

    public List<AccessSpecifier> accessSpecifiers() {
      return accessSpecifiers;
    }

    public Builder code(CodeUnit code) {
      this.code = code;
      return this;
    }

    public CodeUnit code() {
      return code;
    }

    public Builder trailingBytes(byte[] bytes) {
      this.trailingBytes = bytes.clone();
      return this;
    }

    public CompiledScript build() {
      return new CompiledScript(this);
    }
  }
}
