package io.statecraft.move.spec;

import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.DatatypeDef;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.Type;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the text of a spec directive: type tags, typed value literals (encoded straight
 * to BCS, so no runtime values are built here) and the small words of the directive grammar.
 *
 * <pre>
 * typed   := type value
 * type    := bool | u8..u256 | i8..i256 | address | signer | vector&lt;type&gt; | &amp;type | &amp;mut type
 *          | ADDR::m::S[&lt;type, ...&gt;] | m::S[&lt;...&gt;]     (m::S: the one loaded module named m)
 * value   := true | false | 123 | 0xff | max | min | -5      (integers; max/min of the type)
 *          | @0x1 | 0x1                                      (address)
 *          | x"00ff" | b"text" | [value, ...]                (vectors; hex/byte strings for vector&lt;u8&gt;)
 *          | {value, ...}                                    (struct fields in order)
 *          | Variant | Variant {value, ...}                  (enum variant by name)
 *          | bcs x"..."                                      (raw BCS bytes, any type)
 * </pre>
 */
final class Literals {
  private final ModuleSet modules;
  private final String s;
  int pos;

  Literals(ModuleSet modules, String s) {
    this.modules = modules;
    this.s = s;
  }

  // ---- lexical helpers ----

  void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  boolean atEnd() {
    skipSpace();
    return pos >= s.length();
  }

  boolean at(String t) {
    skipSpace();
    return s.startsWith(t, pos);
  }

  boolean accept(String t) {
    if (at(t)) {
      pos += t.length();
      return true;
    }
    return false;
  }

  void expect(String t) {
    if (!accept(t)) {
      throw error("expected '" + t + "'");
    }
  }

  /** A word of letters, digits, '_' and ':' (so {@code 0x2::m::f} is one word). */
  String word() {
    skipSpace();
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == ':') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected a word");
    }
    return s.substring(start, pos);
  }

  boolean atWord(String w) {
    skipSpace();
    if (!s.startsWith(w, pos)) {
      return false;
    }
    int end = pos + w.length();
    return end >= s.length() || !(Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_');
  }

  boolean acceptWord(String w) {
    if (atWord(w)) {
      pos += w.length();
      return true;
    }
    return false;
  }

  String rest() {
    skipSpace();
    String r = s.substring(pos).trim();
    pos = s.length();
    return r;
  }

  IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + pos + " of: " + s);
  }

  long number() {
    String w = word();
    try {
      return w.startsWith("0x") ? Long.parseUnsignedLong(w.substring(2), 16) : Long.parseUnsignedLong(w);
    } catch (NumberFormatException e) {
      throw error("bad number " + w);
    }
  }

  // ---- types ----

  /** The text of a type (balanced angle brackets), without resolving it. */
  String typeText() {
    skipSpace();
    StringBuilder sb = new StringBuilder();
    if (accept("&")) {
      sb.append('&');
      if (acceptWord("mut")) {
        sb.append("mut ");
      }
    }
    sb.append(word());
    if (at("<")) {
      int depth = 0;
      int start = pos;
      do {
        char c = s.charAt(pos++);
        if (c == '<') {
          depth++;
        } else if (c == '>') {
          depth--;
        }
        if (pos >= s.length() && depth > 0) {
          throw error("unbalanced '<'");
        }
      } while (depth > 0);
      sb.append(s, start, pos);
    }
    return sb.toString();
  }

  Type type() {
    return resolveType(typeText());
  }

  Type resolveType(String text) {
    text = text.trim();
    if (text.startsWith("&mut ")) {
      return Type.reference(resolveType(text.substring(5)), true);
    } else if (text.startsWith("&")) {
      return Type.reference(resolveType(text.substring(1)), false);
    }
    return modules.parseType(expandShortNames(text));
  }

  /** {@code m::S} to {@code ADDR::m::S} when exactly one loaded module is named m. */
  String expandShortNames(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == ':') {
        int j = i;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
            || text.charAt(j) == ':')) {
          j++;
        }
        String w = text.substring(i, j);
        String[] parts = w.split("::");
        if (parts.length == 2) {
          w = moduleByName(parts[0]).address().toShortString() + "::" + w;
        }
        out.append(w);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  ModuleId moduleByName(String name) {
    ModuleId found = null;
    for (ModuleId id : modules.ids()) {
      if (id.name().equals(name)) {
        if (found != null) {
          throw new IllegalArgumentException("module name " + name + " is ambiguous: write ADDR::" + name);
        }
        found = id;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("no loaded module named " + name);
    }
    return found;
  }

  /** {@code ADDR::m::f} or {@code m::f}. */
  String[] functionName() {
    String w = word();
    int last = w.lastIndexOf("::");
    if (last < 0) {
      throw error("expected MODULE::FUNCTION");
    }
    String module = w.substring(0, last);
    String fn = w.substring(last + 2);
    ModuleId id = module.contains("::") ? ModuleId.parse(module) : moduleByName(module);
    return new String[] {id.address().toShortString() + "::" + id.name(), fn};
  }

  // ---- values, straight to BCS ----

  /** {@code type value}: returns the resolved type and the BCS bytes of the value. */
  Typed typed() {
    Type t = type();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    value(t, out);
    return new Typed(t, out.toByteArray());
  }

  record Typed(Type type, byte[] bcs) {}

  /** A parenthesized, comma-separated list of typed values: {@code (u64 1, bool true)}. */
  List<Typed> typedList() {
    expect("(");
    List<Typed> out = new ArrayList<>();
    if (accept(")")) {
      return out;
    }
    do {
      out.add(typed());
    } while (accept(","));
    expect(")");
    return out;
  }

  byte[] valueBytes(Type t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    value(t, out);
    return out.toByteArray();
  }

  void value(Type t, ByteArrayOutputStream out) {
    if (acceptWord("bcs")) {
      out.writeBytes(byteString()); // raw BCS bytes, e.g. malformed arguments
      return;
    }
    switch (t.kind()) {
      case REFERENCE, MUT_REFERENCE -> value(t.element(), out);
      case BOOL -> {
        if (acceptWord("true")) {
          out.write(1);
        } else if (acceptWord("false")) {
          out.write(0);
        } else {
          throw error("expected true or false");
        }
      }
      case U8 -> integer(out, 8, false);
      case U16 -> integer(out, 16, false);
      case U32 -> integer(out, 32, false);
      case U64 -> integer(out, 64, false);
      case U128 -> integer(out, 128, false);
      case U256 -> integer(out, 256, false);
      case I8 -> integer(out, 8, true);
      case I16 -> integer(out, 16, true);
      case I32 -> integer(out, 32, true);
      case I64 -> integer(out, 64, true);
      case I128 -> integer(out, 128, true);
      case I256 -> integer(out, 256, true);
      case ADDRESS -> {
        accept("@");
        out.writeBytes(AccountAddress.parse(word()).toBytes());
      }
      case VECTOR -> vector(t, out);
      case DATATYPE -> datatype(t, out);
      default -> throw error("no literal for type " + t);
    }
  }

  private void vector(Type t, ByteArrayOutputStream out) {
    Type e = t.element();
    if (e.kind() == Type.Kind.U8 && (at("x\"") || at("b\""))) {
      byte[] b = byteString();
      uleb(out, b.length);
      out.writeBytes(b);
      return;
    }
    expect("[");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = 0;
    if (!accept("]")) {
      do {
        value(e, body);
        n++;
      } while (accept(","));
      expect("]");
    }
    uleb(out, n);
    out.writeBytes(body.toByteArray());
  }

  private byte[] byteString() {
    boolean hex = at("x\"");
    pos += 2;
    int end = s.indexOf('"', pos);
    if (end < 0) {
      throw error("unterminated string");
    }
    String body = s.substring(pos, end);
    pos = end + 1;
    if (!hex) {
      return unescape(body);
    }
    if (body.length() % 2 != 0) {
      throw error("odd hex string");
    }
    byte[] b = new byte[body.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(body.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** b"..." with \n, \t, \\, \xNN escapes; other characters as UTF-8. */
  private static byte[] unescape(String body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char d = body.charAt(++i);
        switch (d) {
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case 'x' -> {
            out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> out.write(d);
        }
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private void datatype(Type t, ByteArrayOutputStream out) {
    DatatypeDef def = t.datatype();
    Type[] fields;
    if (def.isEnum()) {
      String name = word();
      int tag = -1;
      for (int v = 0; v < def.variantCount(); v++) {
        if (def.variant(v).name().equals(name)) {
          tag = v;
        }
      }
      if (tag < 0) {
        throw error("no variant " + name + " in " + def);
      }
      uleb(out, tag);
      fields = t.variantFieldTypes(tag);
      if (fields.length == 0) {
        if (accept("{")) {
          expect("}");
        }
        return;
      }
    } else {
      fields = t.fieldTypes();
    }
    expect("{");
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        expect(",");
      }
      value(fields[i], out);
    }
    expect("}");
  }

  private void integer(ByteArrayOutputStream out, int bits, boolean signed) {
    skipSpace();
    boolean negative = accept("-");
    BigInteger v;
    BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    if (acceptWord("max")) {
      v = max;
    } else if (acceptWord("min")) {
      v = min;
    } else {
      String w = word();
      v = w.startsWith("0x") ? new BigInteger(w.substring(2), 16) : new BigInteger(w);
    }
    if (negative) {
      v = v.negate();
    }
    if (v.compareTo(max) > 0 || v.compareTo(min) < 0) {
      throw error(v + " out of range for " + (signed ? "i" : "u") + bits);
    }
    BigInteger two = v.signum() < 0 ? v.add(BigInteger.ONE.shiftLeft(bits)) : v;
    for (int i = 0; i < bits / 8; i++) {
      out.write(two.shiftRight(8 * i).intValue() & 0xFF);
    }
  }

  static void uleb(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}
