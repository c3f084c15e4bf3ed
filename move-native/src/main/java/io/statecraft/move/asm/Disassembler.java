package io.statecraft.move.asm;

import io.statecraft.move.asm.Ast.*;
import io.statecraft.move.binary.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Prints a {@link CompiledModule} or {@link CompiledScript} as assembly source.
 *
 * <p>The body names everything symbolically. Where a name would resolve to a different entry
 * than the one the binary holds (duplicate entries, shadowed names) the printer falls back to
 * the raw index ({@code #3}) or pins the entry ({@code #[handle = 3]}, {@code name#7}); it
 * decides by asking the assembler's own resolver. In exact mode (the default) a trailing
 * {@code tables} block records every pool and the table layout, so that {@link Assembler}
 * rebuilds the very same bytes. Without it the source still assembles, with tables laid out
 * canonically.
 */
public final class Disassembler {
  private static final Set<String> KEYWORDS = Set.of(
      "bool", "u8", "u16", "u32", "u64", "u128", "u256", "i8", "i16", "i32", "i64", "i128", "i256",
      "address", "signer", "vector", "mut", "has", "phantom", "copy", "drop", "store", "key", "public",
      "entry", "native", "fun", "struct", "enum", "use", "friend", "const", "metadata", "module", "script",
      "as", "acquires", "access", "local", "jump_table", "tables", "true", "false", "bcs", "reads", "writes",
      "package");

  private final CompiledUnit unit;
  private final CompiledModule module;
  private final BinaryFormat format;
  private final boolean exact;
  private final Assembly chk;
  private final StringBuilder out = new StringBuilder();

  private Disassembler(CompiledUnit unit, boolean exact) {
    this.unit = unit;
    this.module = unit instanceof CompiledModule m ? m : null;
    this.format = unit.format();
    this.exact = exact;
    this.chk = new Assembly("<disassembler>", format);
    chk.seed(unit);
    chk.frozen = true;
    chk.pinned = true;
    if (module != null) {
      chk.self = module.selfModuleHandle();
      chk.structDefs.addAll(module.structDefs());
      chk.enumDefs.addAll(module.enumDefs());
      String selfName = identifier(module.selfHandle().name());
      if (selfName != null) {
        chk.moduleAliases.put(selfName, chk.self);
      }
    }
    for (int i = 0; i < unit.constantPool().size(); i++) {
      chk.consts.add(unit.constantPool().get(i));
      chk.constNames.put("C" + i, i);
    }
  }

  /** The source of a unit, with a tables block that pins its exact binary layout. */
  public static String disassemble(CompiledUnit unit) {
    return disassemble(unit, true);
  }

  /**
   * The source of a unit; {@code exact = false} leaves out the tables block, for a cleaner
   * listing that assembles to an equivalent unit with canonical tables.
   */
  public static String disassemble(CompiledUnit unit, boolean exact) {
    Disassembler d = new Disassembler(unit, exact);
    try {
      d.print();
    } catch (RuntimeException e) {
      if (e instanceof AssemblyException) {
        throw e;
      }
      throw new AssemblyException("cannot disassemble: " + e);
    }
    return d.out.toString();
  }

  /** Reads bytes as a module, else as a script, and prints them. */
  public static String disassemble(byte[] bytes, ReaderOptions options) {
    ModuleReader reader = new ModuleReader(options);
    CompiledUnit unit;
    try {
      unit = reader.readModule(bytes);
    } catch (MalformedModuleException e) {
      unit = reader.readScript(bytes);
    }
    return disassemble(unit);
  }

  public static String disassemble(byte[] bytes) {
    return disassemble(bytes, ReaderOptions.DEFAULT);
  }

  // ---------------------------------------------------------------- helpers

  private String identifier(int i) {
    return i >= 0 && i < unit.identifiers().size() ? unit.identifiers().get(i) : null;
  }

  private Address address(int i) {
    return i >= 0 && i < unit.addressIdentifiers().size() ? unit.addressIdentifiers().get(i) : null;
  }

  static String quote(String name) {
    boolean plain = !name.isEmpty() && Lexer.isIdentStart(name.charAt(0));
    for (int i = 0; plain && i < name.length(); i++) {
      plain = Lexer.isIdentPart(name.charAt(i));
    }
    return plain && !KEYWORDS.contains(name) ? name : "`" + name + "`";
  }

  private Parser parser(String text) {
    Parser p = new Parser("<disassembler>", text);
    p.flavor = format.flavor();
    return p;
  }

  /** True when {@code text}, parsed and resolved, gives {@code expected}. */
  private <T> boolean resolves(String text, Function<Parser, T> parse, Function<T, Object> resolve, Object expected) {
    try {
      Parser p = parser(text);
      T ast = parse.apply(p);
      p.expectEnd();
      return expected.equals(resolve.apply(ast));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String bytesLiteral(byte[] b) {
    boolean printable = b.length > 0;
    for (byte x : b) {
      if (x < 0x20 || x > 0x7e || x == '"' || x == '\\') {
        printable = false;
        break;
      }
    }
    return printable ? "b\"" + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) + "\"" : "x\"" + hex(b) + "\"";
  }

  private static String abilities(AbilitySet s, String sep) {
    List<String> parts = new ArrayList<>();
    for (Ability a : Ability.values()) {
      if (s.has(a)) {
        parts.add(a.name().toLowerCase(Locale.ROOT));
      }
    }
    return String.join(sep, parts);
  }

  private static String typeParamNames(int n, List<String> constraints, List<Boolean> phantoms) {
    if (n == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder("<");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(", ");
      }
      if (phantoms != null && phantoms.get(i)) {
        b.append("phantom ");
      }
      b.append('T').append(i);
      if (!constraints.get(i).isEmpty()) {
        b.append(": ").append(constraints.get(i));
      }
    }
    return b.append('>').toString();
  }

  private static List<String> tpNames(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("T" + i);
    }
    return out;
  }

  // ---------------------------------------------------------------- names

  /** Ways to write the module of a handle, most readable first. */
  private final java.util.Map<Integer, List<String>> prefixCache = new java.util.HashMap<>();
  private final java.util.Map<Integer, String> structRefCache = new java.util.HashMap<>();

  private List<String> modulePrefixes(int m) {
    return prefixCache.computeIfAbsent(m, this::modulePrefixesUncached);
  }

  private List<String> modulePrefixesUncached(int m) {
    List<String> out = new ArrayList<>();
    if (m < 0 || m >= unit.moduleHandles().size()) {
      return out;
    }
    ModuleHandle mh = unit.moduleHandles().get(m);
    String name = identifier(mh.name());
    Address a = address(mh.address());
    if (name == null || a == null) {
      return out;
    }
    out.add(quote(name) + "::");
    out.add(Values.shortHex(a.toBytes()) + "::" + quote(name) + "::");
    return out;
  }

  private List<String> datatypeNames(int h) {
    List<String> out = new ArrayList<>();
    if (h >= 0 && h < unit.datatypeHandles().size()) {
      DatatypeHandle d = unit.datatypeHandles().get(h);
      String name = identifier(d.name());
      if (name != null) {
        out.add(quote(name));
        for (String p : modulePrefixes(d.module())) {
          out.add(p + quote(name));
        }
      }
    }
    return out;
  }

  private List<String> functionNames(int h) {
    List<String> out = new ArrayList<>();
    if (h >= 0 && h < unit.functionHandles().size()) {
      FunctionHandle f = unit.functionHandles().get(h);
      String name = identifier(f.name());
      if (name != null) {
        out.add(quote(name));
        for (String p : modulePrefixes(f.module())) {
          out.add(p + quote(name));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- types

  private final java.util.Map<List<Object>, String> typeCache = new java.util.HashMap<>();

  String type(SignatureToken t, Assembly.Scope sc) {
    if (t instanceof SignatureToken.Primitive p) {
      return p.name().toLowerCase(Locale.ROOT);
    }
    List<Object> key = List.of(t, sc.typeParams().size());
    String s = typeCache.get(key);
    if (s == null) {
      s = typeUncached(t, sc);
      typeCache.put(key, s);
    }
    return s;
  }

  private String typeUncached(SignatureToken t, Assembly.Scope sc) {
    if (t instanceof SignatureToken.Primitive p) {
      return p.name().toLowerCase(Locale.ROOT);
    } else if (t instanceof SignatureToken.Vector v) {
      return "vector<" + type(v.element(), sc) + ">";
    } else if (t instanceof SignatureToken.Reference r) {
      return "&" + type(r.referent(), sc);
    } else if (t instanceof SignatureToken.MutableReference r) {
      return "&mut " + type(r.referent(), sc);
    } else if (t instanceof SignatureToken.Function f) {
      List<String> ps = new ArrayList<>();
      for (SignatureToken x : f.parameters()) {
        ps.add(x instanceof SignatureToken.Function ? "(" + type(x, sc) + ")" : type(x, sc));
      }
      StringBuilder b = new StringBuilder("|").append(String.join(", ", ps)).append("| ");
      if (f.results().size() == 1 && !(f.results().get(0) instanceof SignatureToken.Function)) {
        b.append(type(f.results().get(0), sc));
      } else {
        b.append('(').append(typeList(f.results(), sc)).append(')');
      }
      if (f.abilities().bits() != 0) {
        b.append(" has ").append(abilities(f.abilities(), " + "));
      }
      return b.toString();
    } else if (t instanceof SignatureToken.TypeParameter tp) {
      return "T" + tp.index();
    }
    int h;
    String args = "";
    if (t instanceof SignatureToken.Datatype d) {
      h = d.handle();
    } else {
      SignatureToken.DatatypeInstantiation di = (SignatureToken.DatatypeInstantiation) t;
      h = di.handle();
      args = "<" + typeList(di.typeArguments(), sc) + ">";
    }
    for (String name : datatypeNames(h)) {
      String text = name + args;
      if (resolves(text, Parser::type, ast -> chk.type(ast, sc), t)) {
        return text;
      }
    }
    return "#" + h + args;
  }

  String typeList(List<SignatureToken> ts, Assembly.Scope sc) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ts.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(type(ts.get(i), sc));
    }
    return b.toString();
  }

  private Signature sig(int i) {
    return i >= 0 && i < unit.signatures().size() ? unit.signatures().get(i) : null;
  }

  // ---------------------------------------------------------------- unit

  private void print() {
    out.append("#[format(").append(format.flavor().name().toLowerCase(Locale.ROOT)).append(", ").append(format.version());
    if (format.headerWord() != BinaryFormat.canonicalHeaderWord(format.flavor(), format.version())) {
      out.append(", header = 0x").append(Integer.toHexString(format.headerWord()));
    }
    if (format.addressLength() != BinaryFormat.ADDRESS_LENGTH_DEFAULT) {
      out.append(", address_length = ").append(format.addressLength());
    }
    out.append(")]\n");
    if (module != null) {
      ModuleHandle self = module.selfHandle();
      out.append("module ").append(Values.shortHex(address(self.address()).toBytes())).append("::")
          .append(quote(identifier(self.name()))).append(" {\n");
    } else {
      out.append("script {\n");
    }
    boolean[] definedDatatype = new boolean[unit.datatypeHandles().size()];
    boolean[] definedFunction = new boolean[unit.functionHandles().size()];
    if (module != null) {
      for (StructDefinition s : module.structDefs()) {
        mark(definedDatatype, s.structHandle());
      }
      for (EnumDefinition e : module.enumDefs()) {
        mark(definedDatatype, e.enumHandle());
      }
      for (FunctionDefinition f : module.functionDefs()) {
        mark(definedFunction, f.function());
      }
    }
    boolean blank = false;
    for (int i = 0; i < unit.moduleHandles().size(); i++) {
      if (module != null && i == module.selfModuleHandle()) {
        continue;
      }
      ModuleHandle mh = unit.moduleHandles().get(i);
      String text = "use " + modPath(mh.address(), mh.name(), false) + ";";
      int idx = i;
      boolean ok = resolves(text, p -> p.modPathForUse(), path -> chk.moduleDecl(path), idx);
      line(1, (ok ? "" : "#[handle = " + i + "] ") + text);
      blank = true;
    }
    if (module != null) {
      for (ModuleHandle f : module.friendDecls()) {
        line(1, "friend " + modPath(f.address(), f.name(), true) + ";");
        blank = true;
      }
    }
    for (int i = 0; i < unit.datatypeHandles().size(); i++) {
      if (!definedDatatype[i]) {
        useStruct(i);
        blank = true;
      }
    }
    for (int i = 0; i < unit.functionHandles().size(); i++) {
      if (!definedFunction[i]) {
        useFun(i);
        blank = true;
      }
    }
    if (blank) {
      out.append('\n');
      blank = false;
    }
    for (int i = 0; i < unit.constantPool().size(); i++) {
      Constant c = unit.constantPool().get(i);
      line(1, "const C" + i + ": " + type(c.type(), Assembly.Scope.EMPTY) + " = " + constValue(c) + ";");
      blank = true;
    }
    for (Metadata m : unit.metadata()) {
      line(1, "metadata " + bytesLiteral(m.key()) + " = " + bytesLiteral(m.value()) + ";");
      blank = true;
    }
    if (blank) {
      out.append('\n');
    }
    if (module != null) {
      for (int i = 0; i < module.structDefs().size(); i++) {
        structDef(module.structDefs().get(i));
      }
      for (int i = 0; i < module.enumDefs().size(); i++) {
        EnumDefinition e = module.enumDefs().get(i);
        datatypeDef(e.enumHandle(), "enum", e.variants(), null);
      }
      for (FunctionDefinition f : module.functionDefs()) {
        function(f);
      }
    } else {
      script((CompiledScript) unit);
    }
    if (exact) {
      tables();
    }
    out.append("}\n");
  }

  private static void mark(boolean[] marks, int i) {
    if (i >= 0 && i < marks.length) {
      marks[i] = true;
    }
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  /** {@code 0x1::name}, with pins where first-match lookups would pick another entry. */
  private String modPath(int addr, int name, boolean pins) {
    Address a = address(addr);
    String n = identifier(name);
    StringBuilder b = new StringBuilder(Values.shortHex(a.toBytes()));
    if (pins && chk.addrs.find(a) != addr) {
      b.append('#').append(addr);
    }
    b.append("::").append(quote(n));
    if (pins && chk.idents.find(n) != name) {
      b.append('#').append(name);
    }
    return b.toString();
  }

  private String nameWithPin(int name) {
    String n = identifier(name);
    return chk.idents.find(n) != name ? quote(n) + "#" + name : quote(n);
  }

  private String constValue(Constant c) {
    String v = Values.render(c.type(), c.data(), format.addressLength());
    return v != null ? v : "bcs x\"" + hex(c.data()) + "\"";
  }

  private String datatypeTypeParams(DatatypeHandle d) {
    List<String> cs = new ArrayList<>();
    List<Boolean> ph = new ArrayList<>();
    for (DatatypeTypeParameter p : d.typeParameters()) {
      cs.add(abilities(p.constraints(), " + "));
      ph.add(p.isPhantom());
    }
    return typeParamNames(cs.size(), cs, ph);
  }

  private static String has(AbilitySet s) {
    return s.bits() == 0 ? "" : " has " + abilities(s, ", ");
  }

  private void useStruct(int i) {
    DatatypeHandle d = unit.datatypeHandles().get(i);
    ModuleHandle mh = unit.moduleHandles().get(d.module());
    String text = "use struct " + modPath(mh.address(), mh.name(), false) + "::" + quote(identifier(d.name()))
        + datatypeTypeParams(d) + has(d.abilities()) + ";";
    boolean ok = resolves(text, Parser::useStructForCheck,
        u -> chk.datatypeDecl(List.of(), chk.moduleDecl(u.module()), u.name(), u.typeParams(), u.abilities(), u.pos()), i);
    line(1, (ok ? "" : "#[handle = " + i + "] ") + text);
  }

  private String funTypeParams(List<AbilitySet> tps) {
    List<String> cs = new ArrayList<>();
    for (AbilitySet a : tps) {
      cs.add(abilities(a, " + "));
    }
    return typeParamNames(cs.size(), cs, null);
  }

  /** {@code <T0>(arg0: u64): u64 access [...]}; parameter names only when {@code named}. */
  private String signatureText(FunctionHandle f, boolean named) {
    Assembly.Scope sc = Assembly.Scope.ofTypeParams(tpNames(f.typeParameters().size()));
    StringBuilder b = new StringBuilder(funTypeParams(f.typeParameters())).append('(');
    Signature ps = sig(f.parameters());
    for (int i = 0; i < ps.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      if (named) {
        b.append("arg").append(i).append(": ");
      }
      b.append(type(ps.tokens().get(i), sc));
    }
    b.append(')');
    Signature rs = sig(f.returns());
    if (rs.size() == 1) {
      b.append(": ").append(type(rs.tokens().get(0), sc));
    } else if (rs.size() > 1) {
      b.append(": (").append(typeList(rs.tokens(), sc)).append(')');
    }
    b.append(access(f.accessSpecifiers(), sc, named ? ps.size() : 0));
    return b.toString();
  }

  private String access(List<AccessSpecifier> specs, Assembly.Scope sc, int namedParams) {
    if (specs == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (AccessSpecifier s : specs) {
      StringBuilder b = new StringBuilder();
      if (s.negated()) {
        b.append('!');
      }
      b.append(s.kind().name().toLowerCase(Locale.ROOT)).append(' ');
      ResourceSpecifier r = s.resource();
      if (r instanceof ResourceSpecifier.Any) {
        b.append('*');
      } else if (r instanceof ResourceSpecifier.DeclaredAtAddress at) {
        Address a = address(at.address());
        b.append(a == null ? "addr(" + at.address() + ")"
            : Values.shortHex(a.toBytes()) + (chk.addrs.find(a) != at.address() ? "#" + at.address() : "") + "::*");
      } else if (r instanceof ResourceSpecifier.DeclaredInModule im) {
        b.append("module(").append(im.module()).append(')');
      } else if (r instanceof ResourceSpecifier.Resource rs) {
        String t = type(new SignatureToken.Datatype(rs.datatype()), sc);
        b.append(t.startsWith("#") ? "res(" + rs.datatype() + ")" : t);
      } else {
        ResourceSpecifier.ResourceInstantiation ri = (ResourceSpecifier.ResourceInstantiation) r;
        b.append("inst(").append(ri.datatype()).append(", ").append(ri.typeArguments()).append(')');
      }
      b.append('(');
      AddressSpecifier ad = s.address();
      if (ad instanceof AddressSpecifier.Any) {
        b.append('*');
      } else if (ad instanceof AddressSpecifier.Literal l) {
        Address a = address(l.address());
        b.append('@').append(a == null ? "0x0" : Values.shortHex(a.toBytes())).append('#').append(l.address());
      } else {
        AddressSpecifier.Parameter p = (AddressSpecifier.Parameter) ad;
        String local = p.local() < namedParams ? "arg" + p.local() : Integer.toString(p.local());
        b.append(p.hasFunction() ? "#" + p.function() + "(" + local + ")" : local);
      }
      b.append(')');
      parts.add(b.toString());
    }
    return " access [" + String.join(", ", parts) + "]";
  }

  private static String attributes(FunctionHandle f) {
    StringBuilder b = new StringBuilder();
    for (FunctionAttribute a : f.attributes()) {
      b.append("#[").append(a.name().toLowerCase(Locale.ROOT)).append("] ");
    }
    return b.toString();
  }

  private void useFun(int i) {
    FunctionHandle f = unit.functionHandles().get(i);
    ModuleHandle mh = unit.moduleHandles().get(f.module());
    String text = attributes(f) + "use fun " + modPath(mh.address(), mh.name(), false) + "::"
        + quote(identifier(f.name())) + signatureText(f, false) + ";";
    boolean ok = resolves(text, Parser::useFunForCheck,
        u -> chk.functionDecl(u.attrs(), chk.moduleDecl(u.module()), u.name(), u.sig(), u.pos()), i);
    line(1, (ok ? "" : "#[handle = " + i + "] ") + text);
  }

  // ---------------------------------------------------------------- definitions

  private void structDef(StructDefinition s) {
    StructFieldInformation info = s.fieldInformation();
    if (info instanceof StructFieldInformation.Native) {
      datatypeDef(s.structHandle(), "native struct", null, null);
    } else if (info instanceof StructFieldInformation.Declared d) {
      datatypeDef(s.structHandle(), "struct", null, d.fields());
    } else {
      datatypeDef(s.structHandle(), "enum", ((StructFieldInformation.DeclaredVariants) info).variants(), null);
    }
  }

  private void datatypeDef(int h, String keyword, List<VariantDefinition> variants, List<FieldDefinition> fields) {
    DatatypeHandle d = unit.datatypeHandles().get(h);
    String name = identifier(d.name());
    List<TypeParam> tps = new ArrayList<>();
    for (DatatypeTypeParameter p : d.typeParameters()) {
      tps.add(new TypeParam("T" + tps.size(), p.constraints(), p.isPhantom(), null));
    }
    boolean ok;
    try {
      ok = chk.datatypeDecl(List.of(), chk.self, new Name(name, null, null), tps, d.abilities(), null) == h;
    } catch (RuntimeException e) {
      ok = false;
    }
    StringBuilder b = new StringBuilder();
    if (!ok) {
      b.append("#[handle = ").append(h).append("]\n  ");
    }
    b.append(keyword).append(' ').append(quote(name)).append(datatypeTypeParams(d)).append(has(d.abilities()));
    Assembly.Scope sc = Assembly.Scope.ofTypeParams(tpNames(d.typeParameters().size()));
    if (fields == null && variants == null) {
      line(1, b.append(';').toString());
    } else if (fields != null) {
      line(1, b.append(" {").append(fieldList(fields, sc)).append('}').toString());
    } else {
      line(1, b.append(" {").toString());
      for (int i = 0; i < variants.size(); i++) {
        VariantDefinition v = variants.get(i);
        String vf = v.fields().isEmpty() ? "" : " {" + fieldList(v.fields(), sc) + "}";
        line(2, nameWithPin(v.name()) + vf + (i + 1 < variants.size() ? "," : ""));
      }
      line(1, "}");
    }
    out.append('\n');
  }

  private String fieldList(List<FieldDefinition> fields, Assembly.Scope sc) {
    List<String> parts = new ArrayList<>();
    for (FieldDefinition f : fields) {
      parts.add(nameWithPin(f.name()) + ": " + type(f.type(), sc));
    }
    return parts.isEmpty() ? "" : " " + String.join(", ", parts) + " ";
  }

  private void function(FunctionDefinition def) {
    FunctionHandle f = unit.functionHandles().get(def.function());
    String name = identifier(f.name());
    String sigText = signatureText(f, true);
    List<Attr> attrs = new ArrayList<>();
    for (FunctionAttribute a : f.attributes()) {
      attrs.add(new Attr(a.name().toLowerCase(Locale.ROOT), List.of(), null));
    }
    int h = def.function();
    boolean ok = resolves(sigText, Parser::funSig,
        sig -> chk.functionDecl(attrs, chk.self, new Name(name, null, null), sig, null), h);
    List<String> pins = new ArrayList<>();
    if (!ok) {
      pins.add("handle = " + h);
    }
    StringBuilder head = new StringBuilder();
    switch (def.visibility()) {
      case PUBLIC -> head.append("public ");
      case FRIEND -> head.append("public(friend) ");
      default -> { }
    }
    if (def.isEntry()) {
      head.append("entry ");
    }
    if (def.isNative()) {
      head.append("native ");
    }
    head.append("fun ").append(quote(name)).append(sigText);
    if (!def.acquires().isEmpty()) {
      List<String> acq = new ArrayList<>();
      for (int d : def.acquires()) {
        acq.add(structDefRef(d));
      }
      head.append(" acquires ").append(String.join(", ", acq));
    }
    Assembly.Scope tsc = Assembly.Scope.ofTypeParams(tpNames(f.typeParameters().size()));
    String body = def.isNative() ? null : body(def.code(), sig(f.parameters()).size(), tsc, pins);
    String attrText = attributes(f) + (pins.isEmpty() ? "" : "#[" + String.join(", ", pins) + "] ");
    if (!attrText.isEmpty()) {
      line(1, attrText.trim());
    }
    if (body == null) {
      line(1, head.append(';').toString());
    } else {
      line(1, head.append(" {").toString());
      out.append(body);
      line(1, "}");
    }
    out.append('\n');
  }

  private String structDefRef(int d) {
    return structRefCache.computeIfAbsent(d, this::structDefRefUncached);
  }

  private String structDefRefUncached(int d) {
    if (d >= 0 && d < module.structDefs().size()) {
      for (String n : datatypeNames(module.structDefs().get(d).structHandle())) {
        if (resolves(n, Parser::ref, r -> chk.structDef(r), d)) {
          return n;
        }
      }
    }
    return "#" + d;
  }

  private void script(CompiledScript s) {
    List<AbilitySet> tps = s.typeParameters();
    Assembly.Scope tsc = Assembly.Scope.ofTypeParams(tpNames(tps.size()));
    Signature ps = sig(s.parameters());
    StringBuilder head = new StringBuilder("fun main").append(funTypeParams(tps)).append('(');
    for (int i = 0; i < ps.size(); i++) {
      if (i > 0) {
        head.append(", ");
      }
      head.append("arg").append(i).append(": ").append(type(ps.tokens().get(i), tsc));
    }
    head.append(')').append(access(s.accessSpecifiers(), tsc, ps.size()));
    List<String> pins = new ArrayList<>();
    if (chk.sigs.find(ps) != s.parameters()) {
      pins.add("params = " + s.parameters());
    }
    String body = body(s.code(), ps.size(), tsc, pins);
    if (!pins.isEmpty()) {
      line(1, "#[" + String.join(", ", pins) + "]");
    }
    line(1, head.append(" {").toString());
    out.append(body);
    line(1, "}");
  }

  // ---------------------------------------------------------------- code

  private String body(CodeUnit code, int params, Assembly.Scope tsc, List<String> pins) {
    StringBuilder b = new StringBuilder();
    Signature locals = sig(code.locals());
    if (locals == null) {
      throw new AssemblyException("locals signature " + code.locals() + " out of bounds");
    }
    if (chk.sigs.find(locals) != code.locals()) {
      pins.add("locals = " + code.locals());
    }
    java.util.Map<String, Integer> localNames = new java.util.HashMap<>();
    for (int i = 0; i < params; i++) {
      localNames.put("arg" + i, i);
    }
    for (int i = 0; i < locals.size(); i++) {
      localNames.put("loc" + i, params + i);
      b.append("    local loc").append(i).append(": ").append(type(locals.tokens().get(i), tsc)).append(";\n");
    }
    int n = code.code().size();
    Set<Integer> targets = new TreeSet<>();
    for (Bytecode bc : code.code()) {
      if (bc.opcode().operandKind() == OperandKind.CODE_OFFSET && bc.index() < n) {
        targets.add(bc.index());
      }
    }
    java.util.Map<String, Integer> labels = new java.util.HashMap<>();
    java.util.Map<String, Integer> jts = new java.util.HashMap<>();
    for (int j = 0; j < code.jumpTables().size(); j++) {
      VariantJumpTable jt = code.jumpTables().get(j);
      jts.put("J" + j, j);
      List<String> offs = new ArrayList<>();
      for (int o : jt.offsets()) {
        if (o < n) {
          targets.add(o);
          offs.add("L" + o);
        } else {
          offs.add(Integer.toString(o));
        }
      }
      b.append("    jump_table J").append(j).append(": ").append(enumDefRef(jt.headEnum()))
          .append(" [").append(String.join(", ", offs)).append("];\n");
    }
    for (int t : targets) {
      labels.put("L" + t, t);
    }
    Assembly.Scope sc = new Assembly.Scope(tsc.typeParams(), localNames, labels, jts);
    for (int i = 0; i < n; i++) {
      if (targets.contains(i)) {
        b.append("  L").append(i).append(":\n");
      }
      b.append("    ").append(instruction(code.code().get(i), sc, n, params + locals.size(), code.jumpTables().size()))
          .append('\n');
    }
    return b.toString();
  }

  private String enumDefRef(int e) {
    if (module != null && e >= 0 && e < module.enumDefs().size()) {
      for (String n : datatypeNames(module.enumDefs().get(e).enumHandle())) {
        if (resolves(n, Parser::ref, r -> chk.enumDef(r), e)) {
          return n;
        }
      }
    }
    return "#" + e;
  }

  private String instruction(Bytecode bc, Assembly.Scope sc, int codeSize, int localCount, int jumpTables) {
    Opcode op = bc.opcode();
    String mn = Opcodes.name(op, format.flavor());
    OperandKind kind = op.operandKind();
    switch (kind) {
      case NONE:
        return mn;
      case CODE_OFFSET:
        return mn + " " + (bc.index() < codeSize ? "L" + bc.index() : Integer.toString(bc.index()));
      case LOCAL_INDEX: {
        int params = (int) sc.locals().keySet().stream().filter(k -> k.startsWith("arg")).count();
        String name = bc.index() < params ? "arg" + bc.index()
            : bc.index() < localCount ? "loc" + (bc.index() - params) : Integer.toString(bc.index());
        return mn + " " + name;
      }
      case JUMP_TABLE:
        return mn + " " + (bc.index() < jumpTables ? "J" + bc.index() : Integer.toString(bc.index()));
      case U64:
        return mn + " " + Long.toUnsignedString(bc.value());
      case U8, U16, U32, I8, I16, I32, I64:
        return mn + " " + bc.value();
      case U128, U256, I128, I256:
        return mn + " " + bc.wide();
      default:
        break;
    }
    for (String cand : candidates(bc, sc)) {
      String text = mn + " " + cand;
      if (resolves(text, Parser::instruction, in -> chk.instruction(in, sc), bc)) {
        return text;
      }
    }
    String raw = "#" + bc.index();
    if (kind.hasIndexAndValue()) {
      raw += ", " + Long.toUnsignedString(bc.value());
    }
    return mn + " " + raw;
  }

  /** Symbolic operand texts to try, most readable first. */
  private List<String> candidates(Bytecode bc, Assembly.Scope sc) {
    List<String> out = new ArrayList<>();
    int i = bc.index();
    String count = ", " + Long.toUnsignedString(bc.value());
    try {
      switch (bc.opcode().operandKind()) {
        case CONSTANT -> {
          Constant c = unit.constantPool().get(i);
          String v = Values.render(c.type(), c.data(), format.addressLength());
          if (v != null) {
            out.add(type(c.type(), Assembly.Scope.EMPTY) + " " + v);
          }
          out.add("C" + i);
        }
        case FUNCTION_HANDLE -> out.addAll(functionNames(i));
        case FUNCTION_HANDLE_AND_MASK -> functionNames(i).forEach(n -> out.add(n + count));
        case FUNCTION_INSTANTIATION, FUNCTION_INSTANTIATION_AND_MASK -> {
          FunctionInstantiation fi = unit.functionInstantiations().get(i);
          String args = "<" + typeList(sig(fi.typeParameters()).tokens(), sc) + ">";
          String tail = bc.opcode().operandKind() == OperandKind.FUNCTION_INSTANTIATION ? "" : count;
          for (String n : functionNames(fi.handle())) {
            out.add(n + args + tail);
          }
          out.add("#" + fi.handle() + args + tail);
        }
        case STRUCT_DEF -> out.add(structDefRef(i));
        case STRUCT_DEF_INSTANTIATION -> {
          StructDefInstantiation si = module.structDefInstantiations().get(i);
          out.add(structDefRef(si.def()) + "<" + typeList(sig(si.typeParameters()).tokens(), sc) + ">");
        }
        case FIELD_HANDLE -> out.add(fieldText(module.fieldHandles().get(i), ""));
        case FIELD_INSTANTIATION -> {
          FieldInstantiation fi = module.fieldInstantiations().get(i);
          out.add(fieldText(module.fieldHandles().get(fi.handle()),
              "<" + typeList(sig(fi.typeParameters()).tokens(), sc) + ">"));
        }
        case SIGNATURE, SIGNATURE_AND_COUNT -> {
          Signature s = sig(i);
          String text = s.size() == 1 ? type(s.tokens().get(0), sc) : "(" + typeList(s.tokens(), sc) + ")";
          out.add(bc.opcode().operandKind() == OperandKind.SIGNATURE ? text : text + count);
        }
        case VARIANT_HANDLE -> {
          VariantHandle v = module.variantHandles().get(i);
          out.add(variantText(enumDefRef(v.enumDef()), "", module.enumDefs().get(v.enumDef()).variants(), v.variant()));
        }
        case VARIANT_INSTANTIATION_HANDLE -> {
          VariantInstantiationHandle v = module.variantInstantiationHandles().get(i);
          EnumDefInstantiation ei = module.enumDefInstantiations().get(v.enumDefInstantiation());
          out.add(variantText(enumDefRef(ei.def()), "<" + typeList(sig(ei.typeParameters()).tokens(), sc) + ">",
              module.enumDefs().get(ei.def()).variants(), v.variant()));
        }
        case STRUCT_VARIANT_HANDLE -> {
          StructVariantHandle v = module.structVariantHandles().get(i);
          out.add(variantText(structDefRef(v.structDef()), "", structVariants(v.structDef()), v.variant()));
        }
        case STRUCT_VARIANT_INSTANTIATION -> {
          StructVariantInstantiation si = module.structVariantInstantiations().get(i);
          StructVariantHandle v = module.structVariantHandles().get(si.handle());
          out.add(variantText(structDefRef(v.structDef()), "<" + typeList(sig(si.typeParameters()).tokens(), sc) + ">",
              structVariants(v.structDef()), v.variant()));
        }
        case VARIANT_FIELD_HANDLE -> out.add(variantFieldText(module.variantFieldHandles().get(i), ""));
        case VARIANT_FIELD_INSTANTIATION -> {
          VariantFieldInstantiation vi = module.variantFieldInstantiations().get(i);
          out.add(variantFieldText(module.variantFieldHandles().get(vi.handle()),
              "<" + typeList(sig(vi.typeParameters()).tokens(), sc) + ">"));
        }
        default -> { }
      }
    } catch (RuntimeException e) {
      // out of bounds somewhere: the raw index will do
    }
    return out;
  }

  private List<VariantDefinition> structVariants(int d) {
    return ((StructFieldInformation.DeclaredVariants) module.structDefs().get(d).fieldInformation()).variants();
  }

  private String variantText(String owner, String args, List<VariantDefinition> vs, int tag) {
    return owner + args + "::" + quote(identifier(vs.get(tag).name()));
  }

  private String fieldText(FieldHandle fh, String args) {
    String owner = structDefRef(fh.owner());
    StructFieldInformation info = module.structDefs().get(fh.owner()).fieldInformation();
    String field = Integer.toString(fh.field());
    if (info instanceof StructFieldInformation.Declared d && fh.field() < d.fields().size()) {
      field = quote(identifier(d.fields().get(fh.field()).name()));
    }
    return owner + args + "." + field;
  }

  private String variantFieldText(VariantFieldHandle vf, String args) {
    String owner = structDefRef(vf.owner());
    List<VariantDefinition> vs = structVariants(vf.owner());
    List<String> names = new ArrayList<>();
    for (int v : vf.variants()) {
      names.add(quote(identifier(vs.get(v).name())));
    }
    String field = Integer.toString(vf.field());
    if (!vf.variants().isEmpty() && vf.field() < vs.get(vf.variants().get(0)).fields().size()) {
      field = quote(identifier(vs.get(vf.variants().get(0)).fields().get(vf.field()).name()));
    }
    return owner + args + "::{" + String.join(", ", names) + "}." + field;
  }

  // ---------------------------------------------------------------- tables block

  private void tables() {
    if (out.charAt(out.length() - 2) != '\n') {
      out.append('\n');
    }
    line(1, "// Exact binary layout: every pool in index order. Delete this block to let the");
    line(1, "// assembler lay out the tables itself.");
    line(1, "tables {");
    if (module != null) {
      line(2, "self " + module.selfModuleHandle() + ";");
    }
    TableLayout layout = unit.layout();
    if (!layout.equals(TableLayout.CANONICAL)) {
      line(2, "layout " + kinds(layout.headerOrder()) + " " + kinds(layout.contentOrder()) + ";");
    }
    byte[] trailing = unit.trailingBytes();
    if (trailing.length > 0) {
      line(2, "trailing x\"" + hex(trailing) + "\";");
    }
    table("identifiers", unit.identifiers(), s -> "\"" + s + "\"");
    table("addresses", unit.addressIdentifiers(), Address::toHex);
    table("module_handles", unit.moduleHandles(), m -> "(" + m.address() + ", " + m.name() + ")");
    table("datatype_handles", unit.datatypeHandles(), d -> {
      List<String> tps = new ArrayList<>();
      for (DatatypeTypeParameter p : d.typeParameters()) {
        tps.add((p.isPhantom() ? "phantom " : "") + "{" + abilities(p.constraints(), ", ") + "}");
      }
      return "(" + d.module() + ", " + d.name() + ", {" + abilities(d.abilities(), ", ") + "}, [" + String.join(", ", tps) + "])";
    });
    table("function_handles", unit.functionHandles(), f -> {
      List<String> tps = new ArrayList<>();
      for (AbilitySet a : f.typeParameters()) {
        tps.add("{" + abilities(a, ", ") + "}");
      }
      StringBuilder b = new StringBuilder("(").append(f.module()).append(", ").append(f.name()).append(", ")
          .append(f.parameters()).append(", ").append(f.returns()).append(", [").append(String.join(", ", tps)).append(']');
      if (f.accessSpecifiers() != null) {
        b.append(", access [").append(rawAccess(f.accessSpecifiers())).append(']');
      }
      if (!f.attributes().isEmpty()) {
        List<String> as = new ArrayList<>();
        f.attributes().forEach(a -> as.add(a.name().toLowerCase(Locale.ROOT)));
        b.append(", attributes [").append(String.join(", ", as)).append(']');
      }
      return b.append(')').toString();
    });
    table("function_instantiations", unit.functionInstantiations(), x -> pair(x.handle(), x.typeParameters()));
    table("signatures", unit.signatures(), s -> {
      List<String> ts = new ArrayList<>();
      s.tokens().forEach(t -> ts.add(rawType(t)));
      return "(" + String.join(", ", ts) + ")";
    });
    if (module != null) {
      table("struct_def_instantiations", module.structDefInstantiations(), x -> pair(x.def(), x.typeParameters()));
      table("field_handles", module.fieldHandles(), x -> pair(x.owner(), x.field()));
      table("field_instantiations", module.fieldInstantiations(), x -> pair(x.handle(), x.typeParameters()));
      table("enum_def_instantiations", module.enumDefInstantiations(), x -> pair(x.def(), x.typeParameters()));
      table("variant_handles", module.variantHandles(), x -> pair(x.enumDef(), x.variant()));
      table("variant_instantiation_handles", module.variantInstantiationHandles(),
          x -> pair(x.enumDefInstantiation(), x.variant()));
      table("variant_field_handles", module.variantFieldHandles(), x -> {
        List<String> vs = new ArrayList<>();
        x.variants().forEach(v -> vs.add(Integer.toString(v)));
        return "(" + x.owner() + ", [" + String.join(", ", vs) + "], " + x.field() + ")";
      });
      table("variant_field_instantiations", module.variantFieldInstantiations(), x -> pair(x.handle(), x.typeParameters()));
      table("struct_variant_handles", module.structVariantHandles(), x -> pair(x.structDef(), x.variant()));
      table("struct_variant_instantiations", module.structVariantInstantiations(), x -> pair(x.handle(), x.typeParameters()));
    }
    line(1, "}");
  }

  private static String pair(int a, int b) {
    return "(" + a + ", " + b + ")";
  }

  private static String kinds(List<TableKind> ks) {
    List<String> out = new ArrayList<>();
    ks.forEach(k -> out.add(k.name().toLowerCase(Locale.ROOT)));
    return "[" + String.join(", ", out) + "]";
  }

  private <T> void table(String name, List<T> entries, Function<T, String> render) {
    if (entries.isEmpty()) {
      return;
    }
    line(2, name + " [");
    for (int i = 0; i < entries.size(); i++) {
      line(3, render.apply(entries.get(i)) + (i + 1 < entries.size() ? "," : "") + "  // " + i);
    }
    line(2, "];");
  }

  private String rawAccess(List<AccessSpecifier> specs) {
    List<String> parts = new ArrayList<>();
    for (AccessSpecifier s : specs) {
      StringBuilder b = new StringBuilder();
      if (s.negated()) {
        b.append('!');
      }
      b.append(s.kind().name().toLowerCase(Locale.ROOT)).append(' ');
      ResourceSpecifier r = s.resource();
      if (r instanceof ResourceSpecifier.Any) {
        b.append('*');
      } else if (r instanceof ResourceSpecifier.DeclaredAtAddress at) {
        b.append("addr(").append(at.address()).append(')');
      } else if (r instanceof ResourceSpecifier.DeclaredInModule im) {
        b.append("module(").append(im.module()).append(')');
      } else if (r instanceof ResourceSpecifier.Resource rs) {
        b.append("res(").append(rs.datatype()).append(')');
      } else {
        ResourceSpecifier.ResourceInstantiation ri = (ResourceSpecifier.ResourceInstantiation) r;
        b.append("inst(").append(ri.datatype()).append(", ").append(ri.typeArguments()).append(')');
      }
      b.append('(');
      AddressSpecifier ad = s.address();
      if (ad instanceof AddressSpecifier.Any) {
        b.append('*');
      } else if (ad instanceof AddressSpecifier.Literal l) {
        Address a = address(l.address());
        b.append('@').append(a == null ? "0x0" : Values.shortHex(a.toBytes())).append('#').append(l.address());
      } else {
        AddressSpecifier.Parameter p = (AddressSpecifier.Parameter) ad;
        b.append(p.hasFunction() ? "#" + p.function() + "(" + p.local() + ")" : Integer.toString(p.local()));
      }
      parts.add(b.append(')').toString());
    }
    return String.join(", ", parts);
  }

  private static String rawType(SignatureToken t) {
    if (t instanceof SignatureToken.Primitive p) {
      return p.name().toLowerCase(Locale.ROOT);
    } else if (t instanceof SignatureToken.Vector v) {
      return "vector<" + rawType(v.element()) + ">";
    } else if (t instanceof SignatureToken.Reference r) {
      return "&" + rawType(r.referent());
    } else if (t instanceof SignatureToken.MutableReference r) {
      return "&mut " + rawType(r.referent());
    } else if (t instanceof SignatureToken.TypeParameter tp) {
      return "T" + tp.index();
    } else if (t instanceof SignatureToken.Datatype d) {
      return "#" + d.handle();
    } else if (t instanceof SignatureToken.DatatypeInstantiation di) {
      List<String> as = new ArrayList<>();
      di.typeArguments().forEach(a -> as.add(rawType(a)));
      return "#" + di.handle() + "<" + String.join(", ", as) + ">";
    }
    SignatureToken.Function f = (SignatureToken.Function) t;
    List<String> ps = new ArrayList<>();
    f.parameters().forEach(a -> ps.add(a instanceof SignatureToken.Function ? "(" + rawType(a) + ")" : rawType(a)));
    List<String> rs = new ArrayList<>();
    f.results().forEach(a -> rs.add(rawType(a)));
    String res = rs.size() == 1 && !(f.results().get(0) instanceof SignatureToken.Function)
        ? rs.get(0) : "(" + String.join(", ", rs) + ")";
    return "|" + String.join(", ", ps) + "| " + res
        + (f.abilities().bits() != 0 ? " has " + abilities(f.abilities(), " + ") : "");
  }
}
