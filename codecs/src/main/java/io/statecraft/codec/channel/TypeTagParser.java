package io.statecraft.codec.channel;

import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser of Move type text; depth-limited like the decoder. */
final class TypeTagParser {
  private final String s;
  private int pos;

  TypeTagParser(String s) {
    this.s = s;
  }

  TypeTag type(int depth) {
    if (depth >= TypeTag.MAX_DEPTH) throw fail("type nested deeper than " + TypeTag.MAX_DEPTH);
    skipSpace();
    String word = word();
    switch (word) {
      case "bool": return TypeTag.Primitive.BOOL;
      case "u8": return TypeTag.Primitive.U8;
      case "u16": return TypeTag.Primitive.U16;
      case "u32": return TypeTag.Primitive.U32;
      case "u64": return TypeTag.Primitive.U64;
      case "u128": return TypeTag.Primitive.U128;
      case "u256": return TypeTag.Primitive.U256;
      case "address": return TypeTag.Primitive.ADDRESS;
      case "signer": return TypeTag.Primitive.SIGNER;
      case "vector": {
        expect('<');
        TypeTag e = type(depth + 1);
        expect('>');
        return new TypeTag.Vector(e);
      }
      default: {
        if (!word.startsWith("0x") && !word.startsWith("0X")) throw fail("unknown type " + word);
        Address a = Address.parse(word);
        expect(':');
        expect(':');
        String module = word();
        expect(':');
        expect(':');
        String name = word();
        List<TypeTag> params = new ArrayList<>();
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == '<') {
          pos++;
          do {
            params.add(type(depth + 1));
            skipSpace();
          } while (pos < s.length() && s.charAt(pos) == ',' && pos++ >= 0);
          expect('>');
        }
        return new StructTag(a, module, name, params);
      }
    }
  }

  /** Parses {@code ADDR::module::function}. */
  FunctionId function() {
    skipSpace();
    Address a = Address.parse(word());
    expect(':');
    expect(':');
    String module = word();
    expect(':');
    expect(':');
    String fn = word();
    return new FunctionId(a, module, fn);
  }

  void end() {
    skipSpace();
    if (pos != s.length()) throw fail("unexpected text");
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
    if (start == pos) throw fail("expected a name");
    return s.substring(start, pos);
  }

  private void expect(char c) {
    skipSpace();
    if (pos >= s.length() || s.charAt(pos) != c) throw fail("expected '" + c + "'");
    pos++;
  }

  private void skipSpace() {
    while (pos < s.length() && s.charAt(pos) == ' ') pos++;
  }

  private IllegalArgumentException fail(String why) {
    return new IllegalArgumentException(why + " at " + pos + " in \"" + s + "\"");
  }
}
