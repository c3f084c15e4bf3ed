package io.statecraft.move.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * A runtime type: fully instantiated after substitution, or still holding type parameters
 * while it is the declared type of a generic field or function. Immutable with structural
 * equality; struct instantiations cache their substituted field types, so a generic struct is
 * instantiated once per distinct argument list that reaches it.
 */
public final class Type {
  public enum Kind {
    BOOL, U8, U16, U32, U64, U128, U256, I8, I16, I32, I64, I128, I256, ADDRESS, SIGNER,
    VECTOR, DATATYPE, REFERENCE, MUT_REFERENCE, TYPE_PARAMETER, FUNCTION
  }

  private static final Type[] NO_TYPES = new Type[0];

  public static final Type BOOL = new Type(Kind.BOOL, null, null, null, 0);
  public static final Type U8 = new Type(Kind.U8, null, null, null, 0);
  public static final Type U16 = new Type(Kind.U16, null, null, null, 0);
  public static final Type U32 = new Type(Kind.U32, null, null, null, 0);
  public static final Type U64 = new Type(Kind.U64, null, null, null, 0);
  public static final Type U128 = new Type(Kind.U128, null, null, null, 0);
  public static final Type U256 = new Type(Kind.U256, null, null, null, 0);
  public static final Type I8 = new Type(Kind.I8, null, null, null, 0);
  public static final Type I16 = new Type(Kind.I16, null, null, null, 0);
  public static final Type I32 = new Type(Kind.I32, null, null, null, 0);
  public static final Type I64 = new Type(Kind.I64, null, null, null, 0);
  public static final Type I128 = new Type(Kind.I128, null, null, null, 0);
  public static final Type I256 = new Type(Kind.I256, null, null, null, 0);
  public static final Type ADDRESS = new Type(Kind.ADDRESS, null, null, null, 0);
  public static final Type SIGNER = new Type(Kind.SIGNER, null, null, null, 0);
  public static final Type VECTOR_U8 = vector(U8);

  private final Kind kind;
  /** Vector element or reference target. */
  private final Type element;
  private final DatatypeDef datatype;
  /** Datatype type arguments; for functions: parameters then results. */
  private final Type[] arguments;
  /** Type parameter index; for functions: parameter count in the high half, abilities low. */
  private final int index;
  private final int hash;
  private final boolean closed;
  private final int depth;
  private volatile Type[][] variantFieldTypes;

  private Type(Kind kind, Type element, DatatypeDef datatype, Type[] arguments, int index) {
    this.kind = kind;
    this.element = element;
    this.datatype = datatype;
    this.arguments = arguments == null ? NO_TYPES : arguments;
    this.index = index;
    int h = kind.ordinal() * 31 + index;
    boolean c = kind != Kind.TYPE_PARAMETER;
    int d = 1;
    if (element != null) {
      h = h * 31 + element.hash;
      c &= element.closed;
      d = 1 + element.depth;
    }
    if (datatype != null) {
      h = h * 31 + datatype.hashCode();
    }
    for (Type a : this.arguments) {
      h = h * 31 + a.hash;
      c &= a.closed;
      d = Math.max(d, 1 + a.depth);
    }
    this.hash = h;
    this.closed = c;
    this.depth = d;
  }

  public static Type vector(Type element) {
    return new Type(Kind.VECTOR, element, null, null, 0);
  }

  public static Type reference(Type target, boolean mutable) {
    return new Type(mutable ? Kind.MUT_REFERENCE : Kind.REFERENCE, target, null, null, 0);
  }

  public static Type datatype(DatatypeDef def, List<Type> typeArguments) {
    return datatype(def, typeArguments.toArray(NO_TYPES));
  }

  public static Type datatype(DatatypeDef def, Type... typeArguments) {
    if (typeArguments.length != def.typeParameterCount()) {
      throw new IllegalArgumentException(
          def.name() + " takes " + def.typeParameterCount() + " type arguments, got " + typeArguments.length);
    }
    return new Type(Kind.DATATYPE, null, def, typeArguments.clone(), 0);
  }

  public static Type typeParameter(int index) {
    return new Type(Kind.TYPE_PARAMETER, null, null, null, index);
  }

  /** Aptos function value type; abilities as {@link Abilities} bits. */
  public static Type function(List<Type> parameters, List<Type> results, int abilities) {
    Type[] all = new Type[parameters.size() + results.size()];
    for (int i = 0; i < parameters.size(); i++) {
      all[i] = parameters.get(i);
    }
    for (int i = 0; i < results.size(); i++) {
      all[parameters.size() + i] = results.get(i);
    }
    return new Type(Kind.FUNCTION, null, null, all, (parameters.size() << 16) | abilities);
  }

  public Kind kind() {
    return kind;
  }

  public Type element() {
    return element;
  }

  public DatatypeDef datatype() {
    return datatype;
  }

  public List<Type> typeArguments() {
    return kind == Kind.DATATYPE ? List.of(arguments) : List.of();
  }

  Type[] typeArgumentArray() {
    return arguments;
  }

  public int parameterIndex() {
    return index;
  }

  /** True when no type parameter occurs inside. */
  public boolean isClosed() {
    return closed;
  }

  /** Nesting depth of the type tree: 1 for a leaf. */
  public int depth() {
    return depth;
  }

  public boolean isReference() {
    return kind == Kind.REFERENCE || kind == Kind.MUT_REFERENCE;
  }

  public boolean isInteger() {
    return kind.ordinal() >= Kind.U8.ordinal() && kind.ordinal() <= Kind.I256.ordinal();
  }

  /** Replaces type parameters by {@code args}; returns this when nothing changes. */
  public Type substitute(Type[] args) {
    if (closed) {
      return this;
    }
    switch (kind) {
      case TYPE_PARAMETER:
        if (index >= args.length) {
          throw new IllegalStateException("type parameter " + index + " out of " + args.length);
        }
        return args[index];
      case VECTOR:
        return vector(element.substitute(args));
      case REFERENCE:
      case MUT_REFERENCE:
        return reference(element.substitute(args), kind == Kind.MUT_REFERENCE);
      case DATATYPE:
      case FUNCTION: {
        Type[] out = new Type[arguments.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = arguments[i].substitute(args);
        }
        return new Type(kind, null, datatype, out, index);
      }
      default:
        return this;
    }
  }

  /** Field types of a struct instantiation, substituted (computed once per instantiation). */
  public Type[] fieldTypes() {
    return variantFieldTypes(0);
  }

  /** Field types of one variant of an enum instantiation (variant 0 for a struct). */
  public Type[] variantFieldTypes(int variant) {
    Type[][] cached = variantFieldTypes;
    if (cached == null) {
      DatatypeDef def = datatype;
      cached = new Type[def.variantCount()][];
      for (int v = 0; v < cached.length; v++) {
        Type[] declared = def.declaredFieldTypes(v);
        Type[] out = new Type[declared.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = declared[i].substitute(arguments);
        }
        cached[v] = out;
      }
      variantFieldTypes = cached;
    }
    return cached[variant];
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Type t
        && t.hash == hash
        && t.kind == kind
        && t.index == index
        && t.datatype == datatype
        && (element == null ? t.element == null : element.equals(t.element))
        && Arrays.equals(arguments, t.arguments);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * The canonical type tag text: {@code u64}, {@code vector<u8>},
   * {@code 0x<64 hex>::module::Name<A,B>}. Without the prefix this is the form
   * {@code std::type_name} returns.
   */
  public String toTag(boolean prefix) {
    StringBuilder sb = new StringBuilder();
    appendTag(sb, prefix);
    return sb.toString();
  }

  void appendTag(StringBuilder sb, boolean prefix) {
    switch (kind) {
      case VECTOR -> {
        sb.append("vector<");
        element.appendTag(sb, prefix);
        sb.append('>');
      }
      case REFERENCE, MUT_REFERENCE -> {
        sb.append(kind == Kind.REFERENCE ? "&" : "&mut ");
        element.appendTag(sb, prefix);
      }
      case DATATYPE -> {
        if (prefix) {
          sb.append("0x");
        }
        sb.append(datatype.module().address().toHex()).append("::")
            .append(datatype.module().name()).append("::").append(datatype.name());
        if (arguments.length > 0) {
          sb.append('<');
          for (int i = 0; i < arguments.length; i++) {
            if (i > 0) {
              sb.append(','); // canonical form: no space, as Move's to_canonical_string
            }
            arguments[i].appendTag(sb, prefix);
          }
          sb.append('>');
        }
      }
      case TYPE_PARAMETER -> sb.append('T').append(index);
      case FUNCTION -> {
        int n = index >>> 16;
        sb.append('|');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          arguments[i].appendTag(sb, prefix);
        }
        sb.append('|');
        for (int i = n; i < arguments.length; i++) {
          sb.append(i == n ? " " : ", ");
          arguments[i].appendTag(sb, prefix);
        }
      }
      default -> sb.append(kind.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  @Override
  public String toString() {
    return toTag(true);
  }
}
