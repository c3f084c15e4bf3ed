package io.statecraft.move.runtime;

import java.util.ArrayList;
import java.util.List;

/** Parses type tag text against a module set's datatypes. */
final class TypeParser {
  private final ModuleSet set;
  private final String s;
  private int pos;

  TypeParser(ModuleSet set, String s) {
    this.set = set;
    this.s = s;
  }

  Type parse() {
    Type t = type();
    skipSpace();
    if (pos != s.length()) {
      throw new IllegalArgumentException("trailing text in type: " + s);
    }
    return t;
  }

  private Type type() {
    skipSpace();
    String word = word();
    switch (word) {
      case "bool": return Type.BOOL;
      case "u8": return Type.U8;
      case "u16": return Type.U16;
      case "u32": return Type.U32;
      case "u64": return Type.U64;
      case "u128": return Type.U128;
      case "u256": return Type.U256;
      case "i8": return Type.I8;
      case "i16": return Type.I16;
      case "i32": return Type.I32;
      case "i64": return Type.I64;
      case "i128": return Type.I128;
      case "i256": return Type.I256;
      case "address": return Type.ADDRESS;
      case "signer": return Type.SIGNER;
      case "vector": {
        expect('<');
        Type e = type();
        expect('>');
        return Type.vector(e);
      }
      default: {
        expect(':');
        expect(':');
        String module = word();
        expect(':');
        expect(':');
        String name = word();
        DatatypeDef def = set.datatype(new ModuleId(AccountAddress.parse(word), module), name);
        List<Type> args = new ArrayList<>();
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == '<') {
          pos++;
          do {
            args.add(type());
            skipSpace();
          } while (pos < s.length() && s.charAt(pos) == ',' && ++pos > 0);
          expect('>');
        }
        return Type.datatype(def, args);
      }
    }
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException("expected a name at " + pos + " in " + s);
    }
    return s.substring(start, pos);
  }

  private void expect(char c) {
    skipSpace();
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in " + s);
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < s.length() && s.charAt(pos) == ' ') {
      pos++;
    }
  }
}
