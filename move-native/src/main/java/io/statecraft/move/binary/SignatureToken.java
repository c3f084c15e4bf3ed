package io.statecraft.move.binary;

import java.util.List;

/**
 * A type as written in a signature, a field, or a constant. Datatypes are named by an index
 * into the datatype handles (Aptos calls them struct handles; in Sui they name structs and
 * enums alike).
 *
 * <p>Serialized preorder: one tag byte per node, followed by the node's own operands, then its
 * children. Sui and Aptos share tags {@code 0x01..0x0F}; Aptos alone has function types
 * ({@code 0x10}, version 8) and signed integers ({@code 0x11..0x16}, version 9).
 */
public sealed interface SignatureToken
    permits SignatureToken.Primitive,
        SignatureToken.Vector,
        SignatureToken.Reference,
        SignatureToken.MutableReference,
        SignatureToken.Datatype,
        SignatureToken.DatatypeInstantiation,
        SignatureToken.TypeParameter,
        SignatureToken.Function {

  /** Tokens with no children and no operands, with their tag byte. */
  enum Primitive implements SignatureToken {
    BOOL(0x01, 5, false),
    U8(0x02, 5, false),
    U64(0x03, 5, false),
    U128(0x04, 5, false),
    ADDRESS(0x05, 5, false),
    SIGNER(0x0C, 5, false),
    U16(0x0D, 6, false),
    U32(0x0E, 6, false),
    U256(0x0F, 6, false),
    I8(0x11, 9, true),
    I16(0x12, 9, true),
    I32(0x13, 9, true),
    I64(0x14, 9, true),
    I128(0x15, 9, true),
    I256(0x16, 9, true);

    private final int tag;
    private final int sinceVersion;
    private final boolean aptosOnly;

    Primitive(int tag, int sinceVersion, boolean aptosOnly) {
      this.tag = tag;
      this.sinceVersion = sinceVersion;
      this.aptosOnly = aptosOnly;
    }

    public int tag() {
      return tag;
    }

    public int sinceVersion() {
      return sinceVersion;
    }

    public boolean aptosOnly() {
      return aptosOnly;
    }

    public boolean isInteger() {
      return this != BOOL && this != ADDRESS && this != SIGNER;
    }

    public boolean isSigned() {
      return aptosOnly;
    }
  }

  /** Tag bytes of the non-primitive tokens. */
  int TAG_REFERENCE = 0x06;
  int TAG_MUTABLE_REFERENCE = 0x07;
  int TAG_DATATYPE = 0x08;
  int TAG_TYPE_PARAMETER = 0x09;
  int TAG_VECTOR = 0x0A;
  int TAG_DATATYPE_INSTANTIATION = 0x0B;
  int TAG_FUNCTION = 0x10;

  /** Deepest nesting the reference readers accept. */
  int DEPTH_MAX = 256;

  record Vector(SignatureToken element) implements SignatureToken {
    public Vector {
      requireNonNull(element);
    }
  }

  record Reference(SignatureToken referent) implements SignatureToken {
    public Reference {
      requireNonNull(referent);
    }
  }

  record MutableReference(SignatureToken referent) implements SignatureToken {
    public MutableReference {
      requireNonNull(referent);
    }
  }

  /** A datatype without type arguments, by datatype handle index. */
  record Datatype(int handle) implements SignatureToken {}

  /** A generic datatype applied to at least one type argument. */
  record DatatypeInstantiation(int handle, List<SignatureToken> typeArguments)
      implements SignatureToken {
    public DatatypeInstantiation {
      typeArguments = List.copyOf(typeArguments);
      if (typeArguments.isEmpty()) {
        throw new IllegalArgumentException("datatype instantiation with no type arguments");
      }
    }
  }

  /** The index-th type parameter of the enclosing function or datatype. */
  record TypeParameter(int index) implements SignatureToken {}

  /** Aptos function type {@code |parameters| results has abilities} (version 8). */
  record Function(
      List<SignatureToken> parameters, List<SignatureToken> results, AbilitySet abilities)
      implements SignatureToken {
    public Function {
      parameters = List.copyOf(parameters);
      results = List.copyOf(results);
      requireNonNull(abilities);
    }
  }

  private static void requireNonNull(Object o) {
    if (o == null) {
      throw new IllegalArgumentException("null child token");
    }
  }

  /** Nesting depth: 1 for a leaf. */
  static int depth(SignatureToken token) {
    if (token instanceof Vector v) {
      return 1 + depth(v.element());
    } else if (token instanceof Reference r) {
      return 1 + depth(r.referent());
    } else if (token instanceof MutableReference r) {
      return 1 + depth(r.referent());
    } else if (token instanceof DatatypeInstantiation d) {
      int max = 0;
      for (SignatureToken t : d.typeArguments()) {
        max = Math.max(max, depth(t));
      }
      return 1 + max;
    } else if (token instanceof Function f) {
      int max = 0;
      for (SignatureToken t : f.parameters()) {
        max = Math.max(max, depth(t));
      }
      for (SignatureToken t : f.results()) {
        max = Math.max(max, depth(t));
      }
      return 1 + max;
    }
    return 1;
  }
}
