package io.statecraft.codec.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * A Move type, encoded exactly as Move's own BCS {@code TypeTag} (as Sui and Aptos encode it):
 * variant tags bool=0, u8=1, u64=2, u128=3, address=4, signer=5, vector=6, struct=7, u16=8,
 * u32=9, u256=10. Nesting is limited to {@link #MAX_DEPTH} levels so that no input can make a
 * decoder recurse deeply.
 */
public sealed interface TypeTag permits TypeTag.Primitive, TypeTag.Vector, StructTag {
  /** The deepest nesting of vectors and struct type parameters accepted. */
  int MAX_DEPTH = 16;

  int TAG_VECTOR = 6;
  int TAG_STRUCT = 7;

  /** Types without parameters. */
  enum Primitive implements TypeTag {
    BOOL(0, "bool"), U8(1, "u8"), U64(2, "u64"), U128(3, "u128"), ADDRESS(4, "address"),
    SIGNER(5, "signer"), U16(8, "u16"), U32(9, "u32"), U256(10, "u256");

    final int tag;
    final String text;

    Primitive(int tag, String text) {
      this.tag = tag;
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code vector<element>}. */
  record Vector(TypeTag element) implements TypeTag {
    public Vector {
      if (element == null) throw new IllegalArgumentException("vector element type is null");
      if (TypeTag.depthOf(element) + 1 > MAX_DEPTH) throw new IllegalArgumentException("type nested too deep");
    }

    @Override
    public String toString() {
      return "vector<" + element + ">";
    }
  }

  /** Nesting depth: 1 for a primitive or a struct without parameters. */
  static int depthOf(TypeTag t) {
    if (t instanceof Vector v) return 1 + depthOf(v.element());
    if (t instanceof StructTag s) {
      int d = 0;
      for (TypeTag p : s.typeParams()) d = Math.max(d, depthOf(p));
      return 1 + d;
    }
    return 1;
  }

  /** Parses the textual form, e.g. {@code vector<0x1::string::String>} or {@code 0x2::coin::Coin<0x2::sui::SUI>}. */
  static TypeTag parse(String text) {
    TypeTagParser p = new TypeTagParser(text);
    TypeTag t = p.type(0);
    p.end();
    return t;
  }

  static void write(BcsWriter w, TypeTag t) {
    if (t instanceof Primitive p) {
      w.u8(p.tag);
    } else if (t instanceof Vector v) {
      w.u8(TAG_VECTOR);
      write(w, v.element());
    } else {
      w.u8(TAG_STRUCT);
      ((StructTag) t).writeBody(w);
    }
  }

  static TypeTag read(BcsReader r, int depth) throws MalformedEntryException {
    if (depth >= MAX_DEPTH) {
      throw r.error("type tag nested deeper than " + MAX_DEPTH);
    }
    int tag = r.u8();
    switch (tag) {
      case 0: return Primitive.BOOL;
      case 1: return Primitive.U8;
      case 2: return Primitive.U64;
      case 3: return Primitive.U128;
      case 4: return Primitive.ADDRESS;
      case 5: return Primitive.SIGNER;
      case 8: return Primitive.U16;
      case 9: return Primitive.U32;
      case 10: return Primitive.U256;
      case TAG_VECTOR: return new Vector(read(r, depth + 1));
      case TAG_STRUCT: return StructTag.readBody(r, depth);
      default:
        throw new MalformedEntryException("unknown type tag " + tag, r.position() - 1);
    }
  }

  static List<TypeTag> readList(BcsReader r, int depth, String what) throws MalformedEntryException {
    int n = r.length(what, Integer.MAX_VALUE, 1);
    List<TypeTag> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(read(r, depth));
    }
    return List.copyOf(out);
  }

  static void writeList(BcsWriter w, List<TypeTag> list) {
    w.uleb128(list.size());
    for (TypeTag t : list) write(w, t);
  }
}
