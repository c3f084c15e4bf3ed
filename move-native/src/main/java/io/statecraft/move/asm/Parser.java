package io.statecraft.move.asm;

import io.statecraft.move.asm.Ast.*;
import io.statecraft.move.asm.Lexer.Kind;
import io.statecraft.move.asm.Lexer.Token;
import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.AccessKind;
import io.statecraft.move.binary.AccessSpecifier;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.AddressSpecifier;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionAttribute;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.OperandKind;
import io.statecraft.move.binary.ResourceSpecifier;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructVariantHandle;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.TableKind;
import io.statecraft.move.binary.TableLayout;
import io.statecraft.move.binary.VariantFieldHandle;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import io.statecraft.move.binary.Visibility;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Recursive-descent parser from tokens to {@link Ast}. */
final class Parser {
  static final Map<String, SignatureToken.Primitive> PRIMITIVES = Map.ofEntries(
      Map.entry("bool", SignatureToken.Primitive.BOOL),
      Map.entry("u8", SignatureToken.Primitive.U8),
      Map.entry("u16", SignatureToken.Primitive.U16),
      Map.entry("u32", SignatureToken.Primitive.U32),
      Map.entry("u64", SignatureToken.Primitive.U64),
      Map.entry("u128", SignatureToken.Primitive.U128),
      Map.entry("u256", SignatureToken.Primitive.U256),
      Map.entry("i8", SignatureToken.Primitive.I8),
      Map.entry("i16", SignatureToken.Primitive.I16),
      Map.entry("i32", SignatureToken.Primitive.I32),
      Map.entry("i64", SignatureToken.Primitive.I64),
      Map.entry("i128", SignatureToken.Primitive.I128),
      Map.entry("i256", SignatureToken.Primitive.I256),
      Map.entry("address", SignatureToken.Primitive.ADDRESS),
      Map.entry("signer", SignatureToken.Primitive.SIGNER));

  private final String file;
  private final List<Token> toks;
  private int p;
  FormatFlavor flavor = FormatFlavor.LEGACY;

  Parser(String file, String source) {
    this.file = file;
    this.toks = Lexer.tokenize(file, source);
  }

  // ---------------------------------------------------------------- helpers

  private Token peek() {
    return toks.get(p);
  }

  private Token peek(int ahead) {
    return toks.get(Math.min(p + ahead, toks.size() - 1));
  }

  private Token next() {
    Token t = toks.get(p);
    if (t.kind() != Kind.EOF) {
      p++;
    }
    return t;
  }

  static Pos pos(Token t) {
    return new Pos(t.line(), t.column());
  }

  AssemblyException error(Token t, String msg) {
    return new AssemblyException(file, t.line(), t.column(), msg);
  }

  AssemblyException error(Pos pos, String msg) {
    return new AssemblyException(file, pos.line(), pos.column(), msg);
  }

  private boolean at(String punct) {
    return peek().is(punct);
  }

  private boolean atWord(String w) {
    return peek().isWord(w);
  }

  private boolean accept(String punct) {
    if (at(punct)) {
      p++;
      return true;
    }
    return false;
  }

  private boolean acceptWord(String w) {
    if (atWord(w)) {
      p++;
      return true;
    }
    return false;
  }

  private Token expect(String punct) {
    if (!at(punct)) {
      throw error(peek(), "expected '" + punct + "' but found " + peek().describe());
    }
    return next();
  }

  private Token expectWord(String w) {
    if (!atWord(w)) {
      throw error(peek(), "expected '" + w + "' but found " + peek().describe());
    }
    return next();
  }

  private Token ident(String what) {
    if (peek().kind() != Kind.IDENT) {
      throw error(peek(), "expected " + what + " but found " + peek().describe());
    }
    return next();
  }

  private BigInteger number(String what) {
    if (peek().kind() != Kind.NUMBER) {
      throw error(peek(), "expected " + what + " but found " + peek().describe());
    }
    return next().number();
  }

  private int smallInt(String what) {
    Token t = peek();
    BigInteger v = number(what);
    if (v.bitLength() > 31) {
      throw error(t, what + " too large: " + v);
    }
    return v.intValueExact();
  }

  boolean atEnd() {
    return peek().kind() == Kind.EOF;
  }

  void expectEnd() {
    if (!atEnd()) {
      throw error(peek(), "unexpected " + peek().describe());
    }
  }

  // ---------------------------------------------------------------- unit

  Unit unit() {
    List<Attr> attrs = attributes();
    for (Attr a : attrs) {
      if (a.name().equals("format") && !a.args().isEmpty()) {
        String f = a.args().get(0).text().toUpperCase(Locale.ROOT);
        try {
          flavor = FormatFlavor.valueOf(f);
        } catch (IllegalArgumentException e) {
          throw error(a.pos(), "unknown flavor '" + a.args().get(0).text() + "' (legacy, sui, aptos)");
        }
      }
    }
    Token start = peek();
    boolean script;
    ModPath name = null;
    if (acceptWord("module")) {
      script = false;
      name = modPath();
    } else if (acceptWord("script")) {
      script = true;
    } else {
      throw error(peek(), "expected 'module' or 'script' but found " + peek().describe());
    }
    expect("{");
    List<Item> items = new ArrayList<>();
    TablesBlock tables = null;
    while (!at("}")) {
      if (atEnd()) {
        throw error(peek(), "missing '}' at end of " + (script ? "script" : "module"));
      }
      if (atWord("tables")) {
        Token t = next();
        if (tables != null) {
          throw error(t, "second tables block");
        }
        tables = tablesBlock(pos(t));
        continue;
      }
      items.add(item());
    }
    expect("}");
    expectEnd();
    return new Unit(script, attrs, name, items, tables, pos(start));
  }

  List<Attr> attributes() {
    List<Attr> out = new ArrayList<>();
    while (at("#") && peek(1).is("[")) {
      next();
      next();
      do {
        if (at("]")) {
          break;
        }
        Token n = ident("attribute name");
        List<Token> args = new ArrayList<>();
        if (accept("=")) {
          args.add(attrArg());
        } else if (accept("(")) {
          while (!at(")")) {
            Token k = attrArg();
            if (accept("=")) {
              // key = value inside the parentheses: keep both, key first
              args.add(k);
              args.add(attrArg());
            } else {
              args.add(k);
            }
            if (!accept(",")) {
              break;
            }
          }
          expect(")");
        }
        out.add(new Attr(n.text(), args, pos(n)));
      } while (accept(","));
      expect("]");
    }
    return out;
  }

  private Token attrArg() {
    Token t = next();
    if (t.kind() == Kind.EOF || t.kind() == Kind.PUNCT) {
      throw error(t, "expected an attribute value but found " + t.describe());
    }
    return t;
  }

  Name name(String what) {
    Token t = ident(what);
    Integer pin = null;
    if (at("#") && peek(1).kind() == Kind.NUMBER) {
      next();
      pin = smallInt("identifier index");
    }
    return new Name(t.text(), pin, pos(t));
  }

  Addr addr() {
    Token t = peek();
    BigInteger v = number("an address");
    Integer pin = null;
    if (at("#") && peek(1).kind() == Kind.NUMBER) {
      next();
      pin = smallInt("address index");
    }
    return new Addr(v, pin, pos(t));
  }

  ModPath modPath() {
    Addr a = addr();
    expect("::");
    return new ModPath(a, name("a module name"));
  }

  /** {@code use 0x1::m;} alone, for the disassembler's checks. */
  ModPath modPathForUse() {
    expectWord("use");
    ModPath m = modPath();
    expect(";");
    return m;
  }

  UseStruct useStructForCheck() {
    Item it = item();
    if (!(it instanceof UseStruct u)) {
      throw error(peek(), "expected use struct");
    }
    return u;
  }

  UseFun useFunForCheck() {
    Item it = item();
    if (!(it instanceof UseFun u)) {
      throw error(peek(), "expected use fun");
    }
    return u;
  }

  Item item() {
    List<Attr> attrs = attributes();
    Token t = peek();
    if (acceptWord("use")) {
      if (acceptWord("struct") || acceptWord("enum")) {
        ModPath m = modPath();
        expect("::");
        Name n = name("a type name");
        String alias = acceptWord("as") ? ident("an alias").text() : null;
        List<TypeParam> tps = typeParams(true);
        AbilitySet ab = acceptWord("has") ? abilities(true) : AbilitySet.EMPTY;
        expect(";");
        return new UseStruct(attrs, m, n, alias, tps, ab, pos(t));
      }
      if (acceptWord("fun")) {
        ModPath m = modPath();
        expect("::");
        Name n = name("a function name");
        String alias = acceptWord("as") ? ident("an alias").text() : null;
        FunSig sig = funSig();
        expect(";");
        return new UseFun(attrs, m, n, alias, sig, pos(t));
      }
      ModPath m = modPath();
      String alias = acceptWord("as") ? ident("an alias").text() : null;
      expect(";");
      return new UseModule(attrs, m, alias, pos(t));
    }
    if (atWord("friend") && peek(1).kind() == Kind.NUMBER) {
      next();
      ModPath m = modPath();
      expect(";");
      return new Friend(m, pos(t));
    }
    if (acceptWord("const")) {
      Token n = ident("a constant name");
      expect(":");
      Type ty = type();
      expect("=");
      Value v = value();
      expect(";");
      return new Const(n.text(), ty, v, pos(t));
    }
    if (acceptWord("metadata")) {
      byte[] k = bytes("metadata key");
      expect("=");
      byte[] v = bytes("metadata value");
      expect(";");
      return new Meta(k, v, pos(t));
    }
    if (atWord("native") && peek(1).isWord("struct")) {
      next();
      next();
      return struct(attrs, t, true);
    }
    if (acceptWord("struct")) {
      return struct(attrs, t, false);
    }
    if (acceptWord("enum")) {
      Name n = name("an enum name");
      List<TypeParam> tps = typeParams(true);
      AbilitySet ab = acceptWord("has") ? abilities(true) : AbilitySet.EMPTY;
      expect("{");
      List<Variant> vs = new ArrayList<>();
      while (!at("}")) {
        Token vt = peek();
        Name vn = name("a variant name");
        List<Field> fs = List.of();
        if (accept("{")) {
          fs = fields();
        }
        vs.add(new Variant(vn, fs, pos(vt)));
        if (!accept(",")) {
          break;
        }
      }
      expect("}");
      return new EnumDecl(attrs, n, tps, ab, vs, pos(t));
    }
    return fun(attrs);
  }

  private StructDecl struct(List<Attr> attrs, Token t, boolean isNative) {
    Name n = name("a struct name");
    List<TypeParam> tps = typeParams(true);
    AbilitySet ab = acceptWord("has") ? abilities(true) : AbilitySet.EMPTY;
    if (isNative) {
      expect(";");
      return new StructDecl(attrs, n, tps, ab, null, pos(t));
    }
    expect("{");
    return new StructDecl(attrs, n, tps, ab, fields(), pos(t));
  }

  /** Fields up to and including the closing brace. */
  private List<Field> fields() {
    List<Field> fs = new ArrayList<>();
    while (!at("}")) {
      Token ft = peek();
      Name fn = name("a field name");
      expect(":");
      fs.add(new Field(fn, type(), pos(ft)));
      if (!accept(",")) {
        break;
      }
    }
    expect("}");
    return fs;
  }

  private byte[] bytes(String what) {
    Token t = next();
    if (t.kind() != Kind.HEX && t.kind() != Kind.BYTES) {
      throw error(t, "expected " + what + " (x\"..\" or b\"..\") but found " + t.describe());
    }
    return t.bytes();
  }

  private FunDecl fun(List<Attr> attrs) {
    Token start = peek();
    Visibility vis = Visibility.PRIVATE;
    boolean entry = false;
    boolean isNative = false;
    while (true) {
      if (acceptWord("public")) {
        vis = Visibility.PUBLIC;
        if (at("(") && (peek(1).isWord("friend") || peek(1).isWord("package"))) {
          next();
          next();
          expect(")");
          vis = Visibility.FRIEND;
        }
      } else if (atWord("friend") && !peek(1).is(":")) {
        next();
        vis = Visibility.FRIEND;
      } else if (acceptWord("entry")) {
        entry = true;
      } else if (acceptWord("native")) {
        isNative = true;
      } else {
        break;
      }
    }
    if (!acceptWord("fun")) {
      throw error(peek(), "expected a declaration (use, friend, const, metadata, struct, enum, fun, tables) but found "
          + peek().describe());
    }
    Name n = name("a function name");
    FunSig sig = funSig();
    List<Ref> acquires = new ArrayList<>();
    if (acceptWord("acquires")) {
      do {
        acquires.add(ref());
      } while (accept(","));
    }
    Body body = null;
    if (isNative) {
      expect(";");
    } else {
      body = body();
    }
    return new FunDecl(attrs, vis, entry, n, sig, acquires, body, pos(start));
  }

  FunSig funSig() {
    Token start = peek();
    List<TypeParam> tps = typeParams(false);
    expect("(");
    List<Param> params = new ArrayList<>();
    while (!at(")")) {
      Token pt = peek();
      if (pt.kind() == Kind.IDENT && peek(1).is(":")) {
        next();
        next();
        params.add(new Param(pt.text(), type(), pos(pt)));
      } else {
        params.add(new Param(null, type(), pos(pt)));
      }
      if (!accept(",")) {
        break;
      }
    }
    expect(")");
    List<Type> returns = new ArrayList<>();
    if (accept(":")) {
      if (accept("(")) {
        while (!at(")")) {
          returns.add(type());
          if (!accept(",")) {
            break;
          }
        }
        expect(")");
      } else {
        returns.add(type());
      }
    }
    List<Access> access = null;
    if (acceptWord("access")) {
      access = new ArrayList<>();
      expect("[");
      while (!at("]")) {
        access.add(access());
        if (!accept(",")) {
          break;
        }
      }
      expect("]");
    }
    return new FunSig(tps, params, returns, access, pos(start));
  }

  /** {@code [!]reads|writes|acquires RESOURCE(ADDRESS)}. */
  private Access access() {
    Token start = peek();
    boolean neg = accept("!");
    Token k = ident("reads, writes or acquires");
    AccessKind kind = switch (k.text()) {
      case "reads" -> AccessKind.READS;
      case "writes" -> AccessKind.WRITES;
      case "acquires" -> AccessKind.ACQUIRES;
      default -> throw error(k, "expected reads, writes or acquires but found " + k.describe());
    };
    ResourceSpec res;
    if (accept("*")) {
      res = new AnyResource();
    } else if (peek().kind() == Kind.IDENT && peek(1).is("(")
        && List.of("addr", "module", "res", "inst").contains(peek().text()) && !peek().quoted()) {
      String form = next().text();
      expect("(");
      int a = smallInt("index");
      int b = 0;
      if (form.equals("inst")) {
        expect(",");
        b = smallInt("signature index");
      }
      expect(")");
      res = new RawResource(form, a, b);
    } else if (peek().kind() == Kind.NUMBER) {
      Addr a = addr();
      expect("::");
      if (accept("*")) {
        res = new AtAddress(a);
      } else {
        Name m = name("a module name");
        expect("::");
        if (accept("*")) {
          res = new InModule(a, m);
        } else {
          Token nt = ident("a type name");
          Ref r = new Ref(a, m.text(), nt.text(), -1, a.pos());
          res = new ResourceType(new Named(r, typeArgsOpt(), a.pos()));
        }
      }
    } else {
      res = new ResourceType(type());
    }
    expect("(");
    AddressSpec addr;
    if (accept("*")) {
      addr = new AnyAddress();
    } else if (accept("@")) {
      addr = new LiteralAddress(addr());
    } else if (at("#")) {
      Token h = next();
      int f = smallInt("function instantiation index");
      expect("(");
      String local = localName();
      expect(")");
      addr = new ParamAddress(local, f, pos(h));
    } else {
      Token lt = peek();
      addr = new ParamAddress(localName(), -1, pos(lt));
    }
    expect(")");
    return new Access(kind, neg, res, addr, pos(start));
  }

  private String localName() {
    Token t = next();
    if (t.kind() != Kind.IDENT && t.kind() != Kind.NUMBER) {
      throw error(t, "expected a local but found " + t.describe());
    }
    return t.text();
  }

  /** Type parameters; {@code datatype} allows {@code phantom}. */
  List<TypeParam> typeParams(boolean datatype) {
    List<TypeParam> out = new ArrayList<>();
    if (!accept("<")) {
      return out;
    }
    while (!at(">")) {
      Token t = peek();
      boolean phantom = false;
      if (datatype && atWord("phantom") && peek(1).kind() == Kind.IDENT) {
        next();
        phantom = true;
      }
      Token n = ident("a type parameter");
      AbilitySet c = accept(":") ? abilities(false) : AbilitySet.EMPTY;
      out.add(new TypeParam(n.text(), c, phantom, pos(t)));
      if (!accept(",")) {
        break;
      }
    }
    expect(">");
    return out;
  }

  private static Ability ability(String s) {
    return switch (s) {
      case "copy" -> Ability.COPY;
      case "drop" -> Ability.DROP;
      case "store" -> Ability.STORE;
      case "key" -> Ability.KEY;
      default -> null;
    };
  }

  /** Abilities separated by '+' (and by ',' when {@code commas}). */
  AbilitySet abilities(boolean commas) {
    int bits = 0;
    do {
      Token t = peek();
      Ability a = t.kind() == Kind.IDENT && !t.quoted() ? ability(t.text()) : null;
      if (a == null) {
        throw error(t, "expected an ability (copy, drop, store, key) but found " + t.describe());
      }
      next();
      bits |= a.bit();
    } while ((accept("+") || (commas && at(",") && peek(1).kind() == Kind.IDENT
        && ability(peek(1).text()) != null && !peek(1).quoted() && accept(","))));
    return new AbilitySet(bits);
  }

  /** {@code {copy, drop}}: an ability set in the tables block, possibly empty. */
  private AbilitySet abilityBraces() {
    expect("{");
    AbilitySet s = at("}") ? AbilitySet.EMPTY : abilities(true);
    expect("}");
    return s;
  }

  // ---------------------------------------------------------------- types

  Type type() {
    Token t = peek();
    Pos ps = pos(t);
    if (accept("&")) {
      boolean mut = acceptWord("mut");
      return new RefType(mut, type(), ps);
    }
    if (accept("|")) {
      List<Type> params = new ArrayList<>();
      if (!at("|")) {
        do {
          if (accept("(")) {
            // a function type as parameter is written in parentheses: |(|u8| u16), u64| ()
            params.add(type());
            expect(")");
          } else {
            params.add(type());
          }
        } while (accept(","));
      }
      expect("|");
      List<Type> results = new ArrayList<>();
      if (accept("(")) {
        while (!at(")")) {
          results.add(type());
          if (!accept(",")) {
            break;
          }
        }
        expect(")");
      } else {
        results.add(type());
      }
      AbilitySet ab = acceptWord("has") ? abilities(false) : AbilitySet.EMPTY;
      return new FunType(params, results, ab, ps);
    }
    if (at("#")) {
      next();
      int raw = smallInt("datatype handle index");
      Ref r = new Ref(null, null, null, raw, ps);
      return new Named(r, typeArgsOpt(), ps);
    }
    if (t.kind() == Kind.IDENT && !t.quoted()) {
      SignatureToken.Primitive prim = PRIMITIVES.get(t.text());
      if (prim != null) {
        next();
        return new Prim(prim, ps);
      }
      if (t.text().equals("vector") && peek(1).is("<")) {
        next();
        next();
        Type e = type();
        expect(">");
        return new Vec(e, ps);
      }
    }
    if (t.kind() != Kind.IDENT && t.kind() != Kind.NUMBER) {
      throw error(t, "expected a type but found " + t.describe());
    }
    Ref r = ref();
    return new Named(r, typeArgsOpt(), ps);
  }

  /** {@code <T, ...>} or null when absent; {@code <>} gives an empty list. */
  List<Type> typeArgsOpt() {
    if (!accept("<")) {
      return null;
    }
    List<Type> out = new ArrayList<>();
    while (!at(">")) {
      out.add(type());
      if (!accept(",")) {
        break;
      }
    }
    expect(">");
    return out;
  }

  /** A reference: {@code #n}, {@code name}, {@code alias::name} or {@code 0xA::m::name}. */
  Ref ref() {
    Token t = peek();
    if (accept("#")) {
      return new Ref(null, null, null, smallInt("index"), pos(t));
    }
    if (t.kind() == Kind.NUMBER) {
      Addr a = addr();
      expect("::");
      String m = ident("a module name").text();
      expect("::");
      return new Ref(a, m, ident("a name").text(), -1, pos(t));
    }
    String first = ident("a name").text();
    if (at("::") && peek(1).kind() == Kind.IDENT) {
      next();
      return new Ref(null, first, next().text(), -1, pos(t));
    }
    return new Ref(null, null, first, -1, pos(t));
  }

  // ---------------------------------------------------------------- values

  Value value() {
    Token t = peek();
    Pos ps = pos(t);
    if (accept("-")) {
      return new IntValue(number("a number").negate(), ps);
    }
    if (t.kind() == Kind.NUMBER) {
      return new IntValue(next().number(), ps);
    }
    if (acceptWord("true")) {
      return new BoolValue(true, ps);
    }
    if (acceptWord("false")) {
      return new BoolValue(false, ps);
    }
    if (accept("@")) {
      return new AddrValue(number("an address"), ps);
    }
    if (t.kind() == Kind.HEX || t.kind() == Kind.BYTES) {
      return new BytesValue(next().bytes(), ps);
    }
    if (acceptWord("bcs")) {
      return new RawValue(bytes("serialized value"), ps);
    }
    if (accept("[")) {
      List<Value> vs = new ArrayList<>();
      while (!at("]")) {
        vs.add(value());
        if (!accept(",")) {
          break;
        }
      }
      expect("]");
      return new ListValue(vs, ps);
    }
    throw error(t, "expected a value but found " + t.describe());
  }

  private boolean atValueStart() {
    Token t = peek();
    return t.kind() == Kind.NUMBER || t.kind() == Kind.HEX || t.kind() == Kind.BYTES
        || t.is("-") || t.is("@") || t.is("[") || t.isWord("true") || t.isWord("false")
        || t.isWord("bcs");
  }

  // ---------------------------------------------------------------- bodies

  private Body body() {
    Token start = expect("{");
    List<Local> locals = new ArrayList<>();
    List<JumpTable> jts = new ArrayList<>();
    List<Stmt> code = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (atWord("local") && peek(1).kind() == Kind.IDENT && peek(2).is(":")) {
        next();
        Token n = next();
        next();
        locals.add(new Local(n.text(), type(), pos(t)));
        accept(";");
      } else if (atWord("jump_table") && peek(1).kind() == Kind.IDENT) {
        next();
        Token n = next();
        expect(":");
        Ref e = ref();
        expect("[");
        List<Operand> targets = new ArrayList<>();
        while (!at("]")) {
          targets.add(labelOperand());
          if (!accept(",")) {
            break;
          }
        }
        expect("]");
        accept(";");
        jts.add(new JumpTable(n.text(), e, targets, pos(t)));
      } else {
        break;
      }
    }
    while (!accept("}")) {
      Token t = peek();
      if (atEnd()) {
        throw error(pos(start), "missing '}' at end of function body");
      }
      if (t.kind() == Kind.IDENT && peek(1).is(":")) {
        next();
        next();
        code.add(new Label(t.text(), pos(t)));
        continue;
      }
      code.add(instruction());
      accept(";");
    }
    return new Body(locals, jts, code, pos(start));
  }

  private Operand labelOperand() {
    Token t = peek();
    if (t.kind() == Kind.NUMBER) {
      return new Num(next().number(), pos(t));
    }
    return new NameOp(ident("a label").text(), pos(t));
  }

  Instr instruction() {
    Token t = ident("an instruction");
    Opcode op = Opcodes.lookup(flavor, t.text());
    if (op == null) {
      throw error(t, "unknown instruction '" + t.text() + "' in " + flavor.name().toLowerCase(Locale.ROOT) + " units");
    }
    return new Instr(t.text(), operand(op, pos(t)), pos(t));
  }

  /** The operand of an instruction, by its operand kind. */
  Operand operand(Opcode op, Pos at) {
    OperandKind kind = op.operandKind();
    Token t = peek();
    Pos ps = pos(t);
    switch (kind) {
      case NONE:
        return new NoOperand(at);
      case CODE_OFFSET:
        return labelOperand();
      case LOCAL_INDEX:
      case JUMP_TABLE: {
        if (t.kind() == Kind.NUMBER) {
          return new Num(next().number(), ps);
        }
        return new NameOp(ident(kind == OperandKind.JUMP_TABLE ? "a jump table" : "a local").text(), ps);
      }
      case U8, U16, U32, U64, U128, U256, I8, I16, I32, I64, I128, I256: {
        boolean neg = accept("-");
        BigInteger v = number("a number");
        return new Num(neg ? v.negate() : v, ps);
      }
      case CONSTANT: {
        if (at("#") && peek(1).kind() == Kind.NUMBER) {
          next();
          return new RawIndex(smallInt("constant index"), ps);
        }
        if (t.kind() == Kind.IDENT && !t.quoted() && !PRIMITIVES.containsKey(t.text())
            && !t.text().equals("vector") && !peek(1).is("<") && !peek(1).is("::")) {
          int save = p;
          next();
          boolean typed = atValueStart();
          p = save;
          if (!typed) {
            return new NameOp(next().text(), ps);
          }
        }
        Type ty = type();
        return new ConstOp(ty, value(), ps);
      }
      case SIGNATURE:
        return signatureOperand();
      case SIGNATURE_AND_COUNT: {
        Operand s = signatureOperand();
        expect(",");
        return new PairOp(s, number("an element count"), ps);
      }
      case FUNCTION_HANDLE_AND_MASK:
      case FUNCTION_INSTANTIATION_AND_MASK: {
        Operand f = pathOrRaw();
        expect(",");
        return new PairOp(f, number("a closure mask"), ps);
      }
      case FUNCTION_HANDLE:
      case FUNCTION_INSTANTIATION:
      case STRUCT_DEF:
      case STRUCT_DEF_INSTANTIATION:
        return pathOrRaw();
      case FIELD_HANDLE:
      case FIELD_INSTANTIATION: {
        if (at("#") && !isRawWithArgs()) {
          next();
          return new RawIndex(smallInt("field index"), ps);
        }
        Path owner = path();
        expect(".");
        return fieldTail(owner, ps);
      }
      case VARIANT_HANDLE:
      case VARIANT_INSTANTIATION_HANDLE:
      case STRUCT_VARIANT_HANDLE:
      case STRUCT_VARIANT_INSTANTIATION: {
        if (at("#") && !isRawWithArgs() && !peek(2).is("::")) {
          next();
          return new RawIndex(smallInt("variant index"), ps);
        }
        return variantOperand(ps);
      }
      case VARIANT_FIELD_HANDLE:
      case VARIANT_FIELD_INSTANTIATION: {
        if (at("#") && !isRawWithArgs() && !peek(2).is("::")) {
          next();
          return new RawIndex(smallInt("variant field index"), ps);
        }
        Path owner = path();
        expect("::");
        expect("{");
        List<String> vs = new ArrayList<>();
        while (!at("}")) {
          vs.add(ident("a variant name").text());
          if (!accept(",")) {
            break;
          }
        }
        expect("}");
        expect(".");
        Field_ f = fieldTail(owner, ps);
        return new VariantFieldOp(owner, vs, f.field(), f.offset(), ps);
      }
      default:
        throw error(t, "unsupported operand kind " + kind);
    }
  }

  private boolean isRawWithArgs() {
    return peek(1).kind() == Kind.NUMBER && peek(2).is("<");
  }

  private Field_ fieldTail(Path owner, Pos ps) {
    if (peek().kind() == Kind.NUMBER) {
      return new Field_(owner, null, smallInt("field offset"), ps);
    }
    return new Field_(owner, ident("a field name").text(), -1, ps);
  }

  /** {@code Enum::Variant}, {@code Enum<T>::Variant}, {@code 0x1::m::Enum::Variant}. */
  private Operand variantOperand(Pos ps) {
    Token t = peek();
    Addr a = null;
    List<String> segs = new ArrayList<>();
    int raw = -1;
    if (accept("#")) {
      raw = smallInt("index");
    } else {
      if (t.kind() == Kind.NUMBER) {
        a = addr();
        expect("::");
      }
      segs.add(ident("a name").text());
    }
    List<Type> args = null;
    while (true) {
      if (at("<") && args == null) {
        args = typeArgsOpt();
        continue;
      }
      if (at("::") && peek(1).kind() == Kind.IDENT) {
        next();
        segs.add(next().text());
        if (args != null) {
          break;
        }
        continue;
      }
      break;
    }
    if (raw >= 0) {
      if (segs.size() != 1) {
        throw error(t, "expected Enum::Variant");
      }
      return new VariantOp(new Path(new Ref(null, null, null, raw, ps), args, ps), segs.get(0), ps);
    }
    if (segs.size() < 2 || (a != null && segs.size() != 3) || segs.size() > 3) {
      throw error(t, "expected Enum::Variant");
    }
    String variant = segs.remove(segs.size() - 1);
    Ref r = segs.size() == 1
        ? new Ref(a, null, segs.get(0), -1, ps)
        : new Ref(a, segs.get(0), segs.get(1), -1, ps);
    if (a != null && segs.size() != 2) {
      throw error(t, "expected 0xADDR::module::Enum::Variant");
    }
    return new VariantOp(new Path(r, args, ps), variant, ps);
  }

  private Operand pathOrRaw() {
    Token t = peek();
    if (at("#") && !isRawWithArgs()) {
      next();
      return new RawIndex(smallInt("index"), pos(t));
    }
    return path();
  }

  private Path path() {
    Token t = peek();
    Ref r = ref();
    return new Path(r, typeArgsOpt(), pos(t));
  }

  private Operand signatureOperand() {
    Token t = peek();
    if (at("#") && peek(1).kind() == Kind.NUMBER && !peek(2).is("<")) {
      next();
      return new RawIndex(smallInt("signature index"), pos(t));
    }
    if (accept("(")) {
      List<Type> types = new ArrayList<>();
      while (!at(")")) {
        types.add(type());
        if (!accept(",")) {
          break;
        }
      }
      expect(")");
      return new SigOp(types, pos(t));
    }
    return new SigOp(List.of(type()), pos(t));
  }

  // ---------------------------------------------------------------- tables block

  private TablesBlock tablesBlock(Pos ps) {
    expect("{");
    CompiledModule.Builder b = new CompiledModule.Builder();
    Integer self = null;
    List<TableKind> header = null;
    List<TableKind> content = null;
    byte[] trailing = new byte[0];
    while (!accept("}")) {
      Token key = ident("a table name");
      switch (key.text()) {
        case "self" -> self = smallInt("self module handle index");
        case "layout" -> {
          header = tableKinds();
          content = tableKinds();
        }
        case "trailing" -> trailing = bytes("trailing bytes");
        case "identifiers" -> list(() -> {
          Token s = next();
          if (s.kind() != Kind.STRING) {
            throw error(s, "expected an identifier string but found " + s.describe());
          }
          b.identifiers.add(s.text());
        });
        case "addresses" -> list(() -> {
          Token at = next();
          String digits = at.isHexNumber() ? at.text().substring(2) : "";
          if (digits.length() != 32 && digits.length() != 64) {
            throw error(at, "the tables block writes addresses in full: 0x and 32 or 64 hex digits");
          }
          b.addressIdentifiers.add(new Address(java.util.HexFormat.of().parseHex(digits)));
        });
        case "module_handles" -> list(() -> {
          int[] v = ints(2);
          b.moduleHandles.add(new ModuleHandle(v[0], v[1]));
        });
        case "datatype_handles" -> list(() -> {
          expect("(");
          int m = smallInt("module");
          expect(",");
          int n = smallInt("name");
          expect(",");
          AbilitySet ab = abilityBraces();
          expect(",");
          List<DatatypeTypeParameter> tps = new ArrayList<>();
          expect("[");
          while (!at("]")) {
            boolean ph = acceptWord("phantom");
            tps.add(new DatatypeTypeParameter(abilityBraces(), ph));
            if (!accept(",")) {
              break;
            }
          }
          expect("]");
          expect(")");
          b.datatypeHandles.add(new DatatypeHandle(m, n, ab, tps));
        });
        case "function_handles" -> list(() -> {
          expect("(");
          int m = smallInt("module");
          expect(",");
          int n = smallInt("name");
          expect(",");
          int ps2 = smallInt("parameters");
          expect(",");
          int rs = smallInt("returns");
          expect(",");
          List<AbilitySet> tps = new ArrayList<>();
          expect("[");
          while (!at("]")) {
            tps.add(abilityBraces());
            if (!accept(",")) {
              break;
            }
          }
          expect("]");
          List<AccessSpecifier> access = null;
          List<FunctionAttribute> attrs = new ArrayList<>();
          while (accept(",")) {
            if (acceptWord("access")) {
              access = new ArrayList<>();
              expect("[");
              while (!at("]")) {
                access.add(rawAccess(access()));
                if (!accept(",")) {
                  break;
                }
              }
              expect("]");
            } else if (acceptWord("attributes")) {
              expect("[");
              while (!at("]")) {
                Token at = ident("a function attribute");
                FunctionAttribute fa = Assembler.functionAttribute(at.text());
                if (fa == null) {
                  throw error(at, "unknown function attribute '" + at.text() + "'");
                }
                attrs.add(fa);
                if (!accept(",")) {
                  break;
                }
              }
              expect("]");
            } else {
              throw error(peek(), "expected access or attributes but found " + peek().describe());
            }
          }
          expect(")");
          b.functionHandles.add(new FunctionHandle(m, n, ps2, rs, tps, access, attrs));
        });
        case "function_instantiations" -> pairs((x, y) -> b.functionInstantiations.add(new FunctionInstantiation(x, y)));
        case "signatures" -> list(() -> {
          expect("(");
          List<SignatureToken> ts = new ArrayList<>();
          while (!at(")")) {
            ts.add(rawType(type()));
            if (!accept(",")) {
              break;
            }
          }
          expect(")");
          b.signatures.add(new Signature(ts));
        });
        case "struct_def_instantiations" -> pairs((x, y) -> b.structDefInstantiations.add(new StructDefInstantiation(x, y)));
        case "field_handles" -> pairs((x, y) -> b.fieldHandles.add(new FieldHandle(x, y)));
        case "field_instantiations" -> pairs((x, y) -> b.fieldInstantiations.add(new FieldInstantiation(x, y)));
        case "enum_def_instantiations" -> pairs((x, y) -> b.enumDefInstantiations.add(new EnumDefInstantiation(x, y)));
        case "variant_handles" -> pairs((x, y) -> b.variantHandles.add(new VariantHandle(x, y)));
        case "variant_instantiation_handles" -> pairs((x, y) -> b.variantInstantiationHandles.add(new VariantInstantiationHandle(x, y)));
        case "variant_field_handles" -> list(() -> {
          expect("(");
          int o = smallInt("owner");
          expect(",");
          List<Integer> vs = new ArrayList<>();
          expect("[");
          while (!at("]")) {
            vs.add(smallInt("variant"));
            if (!accept(",")) {
              break;
            }
          }
          expect("]");
          expect(",");
          int f = smallInt("field");
          expect(")");
          b.variantFieldHandles.add(new VariantFieldHandle(o, vs, f));
        });
        case "variant_field_instantiations" -> pairs((x, y) -> b.variantFieldInstantiations.add(new VariantFieldInstantiation(x, y)));
        case "struct_variant_handles" -> pairs((x, y) -> b.structVariantHandles.add(new StructVariantHandle(x, y)));
        case "struct_variant_instantiations" -> pairs((x, y) -> b.structVariantInstantiations.add(new StructVariantInstantiation(x, y)));
        default -> throw error(key, "unknown entry '" + key.text() + "' in tables block");
      }
      expect(";");
    }
    TableLayout layout = header == null ? TableLayout.CANONICAL : new TableLayout(header, content);
    return new TablesBlock(b, self, layout, trailing, ps);
  }

  private List<TableKind> tableKinds() {
    List<TableKind> out = new ArrayList<>();
    expect("[");
    while (!at("]")) {
      Token t = ident("a table kind");
      try {
        out.add(TableKind.valueOf(t.text().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw error(t, "unknown table kind '" + t.text() + "'");
      }
      if (!accept(",")) {
        break;
      }
    }
    expect("]");
    return out;
  }

  private void list(Runnable entry) {
    expect("[");
    while (!at("]")) {
      entry.run();
      if (!accept(",")) {
        break;
      }
    }
    expect("]");
  }

  private int[] ints(int n) {
    expect("(");
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        expect(",");
      }
      out[i] = smallInt("index");
    }
    expect(")");
    return out;
  }

  private void pairs(java.util.function.BiConsumer<Integer, Integer> add) {
    list(() -> {
      int[] v = ints(2);
      add.accept(v[0], v[1]);
    });
  }

  /** A type of the tables block: datatypes as {@code #n}, type parameters as {@code Tn}. */
  SignatureToken rawType(Type t) {
    if (t instanceof Prim pr) {
      return pr.primitive();
    } else if (t instanceof Vec v) {
      return new SignatureToken.Vector(rawType(v.element()));
    } else if (t instanceof RefType r) {
      SignatureToken inner = rawType(r.referent());
      return r.mutable() ? new SignatureToken.MutableReference(inner) : new SignatureToken.Reference(inner);
    } else if (t instanceof FunType f) {
      List<SignatureToken> ps = new ArrayList<>();
      for (Type x : f.params()) {
        ps.add(rawType(x));
      }
      List<SignatureToken> rs = new ArrayList<>();
      for (Type x : f.results()) {
        rs.add(rawType(x));
      }
      return new SignatureToken.Function(ps, rs, f.abilities());
    }
    Named n = (Named) t;
    if (n.ref().isRaw()) {
      if (n.args() == null) {
        return new SignatureToken.Datatype(n.ref().raw());
      }
      if (n.args().isEmpty()) {
        throw error(n.pos(), "a datatype instantiation needs type arguments");
      }
      List<SignatureToken> as = new ArrayList<>();
      for (Type x : n.args()) {
        as.add(rawType(x));
      }
      return new SignatureToken.DatatypeInstantiation(n.ref().raw(), as);
    }
    Integer tp = n.ref().isSimple() && n.args() == null ? typeParamIndex(n.ref().name()) : null;
    if (tp == null) {
      throw error(n.pos(), "the tables block names datatypes as #n and type parameters as Tn, not '"
          + n.ref().display() + "'");
    }
    return new SignatureToken.TypeParameter(tp);
  }

  /** {@code T7} → 7, else null. */
  static Integer typeParamIndex(String name) {
    if (name.length() < 2 || name.charAt(0) != 'T') {
      return null;
    }
    for (int i = 1; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return null;
      }
    }
    if (name.length() > 6 || (name.length() > 2 && name.charAt(1) == '0')) {
      return null;
    }
    return Integer.parseInt(name.substring(1));
  }

  private AccessSpecifier rawAccess(Access a) {
    ResourceSpecifier r;
    if (a.resource() instanceof AnyResource) {
      r = ResourceSpecifier.ANY;
    } else if (a.resource() instanceof RawResource rr) {
      r = switch (rr.form()) {
        case "addr" -> new ResourceSpecifier.DeclaredAtAddress(rr.first());
        case "module" -> new ResourceSpecifier.DeclaredInModule(rr.first());
        case "res" -> new ResourceSpecifier.Resource(rr.first());
        default -> new ResourceSpecifier.ResourceInstantiation(rr.first(), rr.second());
      };
    } else {
      throw error(a.pos(), "the tables block writes resources as *, addr(n), module(n), res(n) or inst(n, s)");
    }
    AddressSpecifier ad;
    if (a.address() instanceof AnyAddress) {
      ad = AddressSpecifier.ANY;
    } else if (a.address() instanceof LiteralAddress la) {
      if (la.address().pin() == null) {
        throw error(a.pos(), "the tables block writes literal addresses with their index: @0x1#n");
      }
      ad = new AddressSpecifier.Literal(la.address().pin());
    } else {
      ParamAddress pa = (ParamAddress) a.address();
      int local;
      try {
        local = Integer.parseInt(pa.local());
      } catch (NumberFormatException e) {
        throw error(pa.pos(), "the tables block writes parameters by number");
      }
      ad = new AddressSpecifier.Parameter(local, pa.function());
    }
    return new AccessSpecifier(a.kind(), a.negated(), r, ad);
  }
}
