package io.statecraft.move.asm;

import io.statecraft.move.asm.Ast.*;
import io.statecraft.move.binary.*;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a unit under construction and every rule that turns names into indices. The
 * assembler fills it from source; the disassembler seeds it with a finished unit, freezes it,
 * and asks it how a piece of text would resolve, to print only text that resolves back to the
 * same index.
 */
final class Assembly {
  final String file;
  final BinaryFormat format;
  /** Lookups that would append report a miss instead. */
  boolean frozen;
  /** A tables block fixed the pools: index pins in the source are honoured. */
  boolean pinned;
  int self = -1;

  final Pool<ModuleHandle> modules = new Pool<>();
  final Pool<DatatypeHandle> datatypes = new Pool<>();
  final Pool<FunctionHandle> functions = new Pool<>();
  final Pool<FunctionInstantiation> funInsts = new Pool<>();
  final Pool<Signature> sigs = new Pool<>();
  final Pool<String> idents = new Pool<>();
  final Pool<Address> addrs = new Pool<>();
  final Pool<Constant> consts = new Pool<>();
  final List<Metadata> metadata = new ArrayList<>();
  final List<StructDefinition> structDefs = new ArrayList<>();
  final Pool<StructDefInstantiation> structInsts = new Pool<>();
  final List<FunctionDefinition> funDefs = new ArrayList<>();
  final Pool<FieldHandle> fieldHandles = new Pool<>();
  final Pool<FieldInstantiation> fieldInsts = new Pool<>();
  final List<ModuleHandle> friends = new ArrayList<>();
  final List<EnumDefinition> enumDefs = new ArrayList<>();
  final Pool<EnumDefInstantiation> enumInsts = new Pool<>();
  final Pool<VariantHandle> variantHandles = new Pool<>();
  final Pool<VariantInstantiationHandle> variantInsts = new Pool<>();
  final Pool<VariantFieldHandle> variantFields = new Pool<>();
  final Pool<VariantFieldInstantiation> variantFieldInsts = new Pool<>();
  final Pool<StructVariantHandle> structVariants = new Pool<>();
  final Pool<StructVariantInstantiation> structVariantInsts = new Pool<>();

  final Map<String, Integer> moduleAliases = new HashMap<>();
  final Map<String, Integer> datatypeAliases = new HashMap<>();
  final Map<String, Integer> functionAliases = new HashMap<>();
  final Map<String, Integer> constNames = new HashMap<>();

  Assembly(String file, BinaryFormat format) {
    this.file = file;
    this.format = format;
  }

  /** Pools seeded from a unit (or a tables block); definitions are not copied. */
  void seed(CompiledUnit u) {
    u.moduleHandles().forEach(modules::add);
    u.datatypeHandles().forEach(datatypes::add);
    u.functionHandles().forEach(functions::add);
    u.functionInstantiations().forEach(funInsts::add);
    u.signatures().forEach(sigs::add);
    u.identifiers().forEach(idents::add);
    u.addressIdentifiers().forEach(addrs::add);
    if (u instanceof CompiledModule m) {
      m.structDefInstantiations().forEach(structInsts::add);
      m.fieldHandles().forEach(fieldHandles::add);
      m.fieldInstantiations().forEach(fieldInsts::add);
      m.enumDefInstantiations().forEach(enumInsts::add);
      m.variantHandles().forEach(variantHandles::add);
      m.variantInstantiationHandles().forEach(variantInsts::add);
      m.variantFieldHandles().forEach(variantFields::add);
      m.variantFieldInstantiations().forEach(variantFieldInsts::add);
      m.structVariantHandles().forEach(structVariants::add);
      m.structVariantInstantiations().forEach(structVariantInsts::add);
    }
  }

  void seed(CompiledModule.Builder b) {
    b.moduleHandles.forEach(modules::add);
    b.datatypeHandles.forEach(datatypes::add);
    b.functionHandles.forEach(functions::add);
    b.functionInstantiations.forEach(funInsts::add);
    b.signatures.forEach(sigs::add);
    b.identifiers.forEach(idents::add);
    b.addressIdentifiers.forEach(addrs::add);
    b.structDefInstantiations.forEach(structInsts::add);
    b.fieldHandles.forEach(fieldHandles::add);
    b.fieldInstantiations.forEach(fieldInsts::add);
    b.enumDefInstantiations.forEach(enumInsts::add);
    b.variantHandles.forEach(variantHandles::add);
    b.variantInstantiationHandles.forEach(variantInsts::add);
    b.variantFieldHandles.forEach(variantFields::add);
    b.variantFieldInstantiations.forEach(variantFieldInsts::add);
    b.structVariantHandles.forEach(structVariants::add);
    b.structVariantInstantiations.forEach(structVariantInsts::add);
  }

  /** What frozen lookups throw on any failure: cheap, and never shown to anyone. */
  static final AssemblyException MISS = new AssemblyException("miss");

  AssemblyException error(Pos pos, String msg) {
    if (frozen) {
      return MISS;
    }
    return pos == null ? new AssemblyException(msg) : new AssemblyException(file, pos.line(), pos.column(), msg);
  }

  private int intern(Pool<?> pool, Object value, Pos pos, String what) {
    @SuppressWarnings("unchecked")
    Pool<Object> p = (Pool<Object>) pool;
    int i = p.intern(value, frozen);
    if (i < 0) {
      throw error(pos, what + " is not in the pinned tables");
    }
    return i;
  }

  // ---------------------------------------------------------------- pools

  int ident(Name n) {
    if (n.pin() != null && pinned) {
      if (n.pin() >= idents.size() || !idents.get(n.pin()).equals(n.text())) {
        throw error(n.pos(), "identifier #" + n.pin() + " is not '" + n.text() + "'");
      }
      return n.pin();
    }
    return identText(n.text(), n.pos());
  }

  int identText(String s, Pos pos) {
    return intern(idents, s, pos, "identifier '" + s + "'");
  }

  Address address(BigInteger v, Pos pos) {
    int len = format.addressLength();
    if (v.signum() < 0 || v.bitLength() > len * 8) {
      throw error(pos, "address does not fit in " + len + " bytes");
    }
    byte[] b = new byte[len];
    byte[] raw = v.toByteArray();
    int n = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - n, b, len - n, n);
    return new Address(b);
  }

  int addr(Addr a) {
    Address value = address(a.value(), a.pos());
    if (a.pin() != null && pinned) {
      if (a.pin() >= addrs.size() || !addrs.get(a.pin()).equals(value)) {
        throw error(a.pos(), "address #" + a.pin() + " is not " + value);
      }
      return a.pin();
    }
    return intern(addrs, value, a.pos(), "address " + value);
  }

  int signature(List<SignatureToken> tokens, Pos pos) {
    return intern(sigs, new Signature(tokens), pos, "signature");
  }

  /** The module handle a declaration names, appended when new. */
  int moduleDecl(ModPath m) {
    return intern(modules, new ModuleHandle(addr(m.address()), ident(m.name())), m.name().pos(),
        "module " + m.name().text());
  }

  static Integer pin(List<Attr> attrs, String name, Assembly a) {
    for (Attr at : attrs) {
      if (at.name().equals(name)) {
        if (at.args().size() != 1 || at.args().get(0).kind() != Lexer.Kind.NUMBER) {
          throw a.error(at.pos(), "#[" + name + " = N] needs one index");
        }
        return at.args().get(0).number().intValueExact();
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- lookups by name

  private String identAt(int i) {
    return i >= 0 && i < idents.size() ? idents.get(i) : null;
  }

  private Address addrAt(int i) {
    return i >= 0 && i < addrs.size() ? addrs.get(i) : null;
  }

  int findModule(Address a, String name) {
    for (int i = 0; i < modules.size(); i++) {
      ModuleHandle m = modules.get(i);
      if (name.equals(identAt(m.name())) && a.equals(addrAt(m.address()))) {
        return i;
      }
    }
    return -1;
  }

  int findModuleAlias(String alias) {
    Integer i = moduleAliases.get(alias);
    if (i != null) {
      return i;
    }
    for (int j = 0; j < modules.size(); j++) {
      if (alias.equals(identAt(modules.get(j).name()))) {
        return j;
      }
    }
    return -1;
  }

  private int refModule(Ref r) {
    if (r.address() != null) {
      int m = findModule(address(r.address().value(), r.pos()), r.module());
      if (m < 0) {
        throw error(r.pos(), "unknown module " + Values.shortHex(address(r.address().value(), r.pos()).toBytes()) + "::" + r.module());
      }
      return m;
    }
    int m = findModuleAlias(r.module());
    if (m < 0) {
      throw error(r.pos(), "unknown module '" + r.module() + "'");
    }
    return m;
  }

  int findDatatype(Ref r) {
    if (r.isRaw()) {
      return r.raw();
    }
    if (r.isSimple()) {
      Integer a = datatypeAliases.get(r.name());
      if (a != null) {
        return a;
      }
      int any = -1;
      for (int i = 0; i < datatypes.size(); i++) {
        DatatypeHandle d = datatypes.get(i);
        if (r.name().equals(identAt(d.name()))) {
          if (d.module() == self) {
            return i;
          }
          if (any < 0) {
            any = i;
          }
        }
      }
      return any;
    }
    int m = refModule(r);
    for (int i = 0; i < datatypes.size(); i++) {
      DatatypeHandle d = datatypes.get(i);
      if (d.module() == m && r.name().equals(identAt(d.name()))) {
        return i;
      }
    }
    return -1;
  }

  int datatype(Ref r) {
    int h = findDatatype(r);
    if (h < 0) {
      throw error(r.pos(), "unknown type '" + r.display() + "' (declare it with struct, enum or use struct)");
    }
    return h;
  }

  int function(Ref r) {
    if (r.isRaw()) {
      return r.raw();
    }
    if (r.isSimple()) {
      Integer a = functionAliases.get(r.name());
      if (a != null) {
        return a;
      }
      int any = -1;
      for (int i = 0; i < functions.size(); i++) {
        FunctionHandle f = functions.get(i);
        if (r.name().equals(identAt(f.name()))) {
          if (f.module() == self) {
            return i;
          }
          if (any < 0) {
            any = i;
          }
        }
      }
      if (any < 0) {
        throw error(r.pos(), "unknown function '" + r.display() + "' (declare it with fun or use fun)");
      }
      return any;
    }
    int m = refModule(r);
    for (int i = 0; i < functions.size(); i++) {
      FunctionHandle f = functions.get(i);
      if (f.module() == m && r.name().equals(identAt(f.name()))) {
        return i;
      }
    }
    throw error(r.pos(), "unknown function '" + r.display() + "' (declare it with use fun)");
  }

  int structDef(Ref r) {
    if (r.isRaw()) {
      return r.raw();
    }
    int h = datatype(r);
    for (int i = 0; i < structDefs.size(); i++) {
      if (structDefs.get(i).structHandle() == h) {
        return i;
      }
    }
    throw error(r.pos(), "'" + r.display() + "' is not a struct defined in this module");
  }

  int enumDef(Ref r) {
    if (r.isRaw()) {
      return r.raw();
    }
    int h = datatype(r);
    for (int i = 0; i < enumDefs.size(); i++) {
      if (enumDefs.get(i).enumHandle() == h) {
        return i;
      }
    }
    throw error(r.pos(), "'" + r.display() + "' is not an enum defined in this module");
  }

  // ---------------------------------------------------------------- types

  /** Names in scope while resolving: type parameters, locals, labels, jump tables. */
  record Scope(List<String> typeParams, Map<String, Integer> locals, Map<String, Integer> labels,
      Map<String, Integer> jumpTables) {
    static final Scope EMPTY = new Scope(List.of(), Map.of(), Map.of(), Map.of());

    static Scope ofTypeParams(List<String> names) {
      return new Scope(names, Map.of(), Map.of(), Map.of());
    }
  }

  SignatureToken type(Type t, Scope sc) {
    if (t instanceof Prim p) {
      SignatureToken.Primitive pr = p.primitive();
      if (pr.aptosOnly() && !format.isAptos() || format.version() < pr.sinceVersion()) {
        throw error(p.pos(), pr.name().toLowerCase() + " is not available in this format");
      }
      return pr;
    }
    if (t instanceof Vec v) {
      return new SignatureToken.Vector(type(v.element(), sc));
    }
    if (t instanceof RefType r) {
      SignatureToken inner = type(r.referent(), sc);
      return r.mutable() ? new SignatureToken.MutableReference(inner) : new SignatureToken.Reference(inner);
    }
    if (t instanceof FunType f) {
      if (!format.isAptos() || format.version() < 8) {
        throw error(f.pos(), "function types need aptos version 8");
      }
      return new SignatureToken.Function(types(f.params(), sc), types(f.results(), sc), f.abilities());
    }
    Named n = (Named) t;
    Ref r = n.ref();
    if (r.isSimple() && n.args() == null) {
      int tp = sc.typeParams().indexOf(r.name());
      if (tp >= 0) {
        return new SignatureToken.TypeParameter(tp);
      }
    }
    int h = findDatatype(r);
    if (h < 0 && r.isSimple() && n.args() == null) {
      Integer tp = Parser.typeParamIndex(r.name());
      if (tp != null) {
        return new SignatureToken.TypeParameter(tp);
      }
    }
    if (h < 0) {
      throw error(r.pos(), "unknown type '" + r.display() + "'");
    }
    int arity = h < datatypes.size() ? datatypes.get(h).typeParameters().size() : -1;
    int given = n.args() == null ? 0 : n.args().size();
    if (arity >= 0 && arity != given) {
      throw error(n.pos(), "type '" + r.display() + "' expects " + arity + " type argument(s) but has " + given);
    }
    if (given == 0) {
      if (n.args() != null) {
        throw error(n.pos(), "empty type argument list");
      }
      return new SignatureToken.Datatype(h);
    }
    return new SignatureToken.DatatypeInstantiation(h, types(n.args(), sc));
  }

  List<SignatureToken> types(List<Type> ts, Scope sc) {
    List<SignatureToken> out = new ArrayList<>(ts.size());
    for (Type t : ts) {
      out.add(type(t, sc));
    }
    return out;
  }

  // ---------------------------------------------------------------- values

  byte[] encode(SignatureToken type, Value v) {
    if (v instanceof RawValue r) {
      return r.bytes();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(type, v, out);
    return out.toByteArray();
  }

  private void encode(SignatureToken type, Value v, ByteArrayOutputStream out) {
    if (type instanceof SignatureToken.Primitive p) {
      switch (p) {
        case BOOL -> {
          if (!(v instanceof BoolValue b)) {
            throw error(v.pos(), "expected true or false");
          }
          out.write(b.value() ? 1 : 0);
        }
        case ADDRESS -> {
          BigInteger a = v instanceof AddrValue av ? av.value() : null;
          if (a == null) {
            throw error(v.pos(), "expected an address @0x...");
          }
          out.writeBytes(address(a, v.pos()).toBytes());
        }
        case SIGNER -> throw error(v.pos(), "a signer constant can only be given as bcs x\"...\"");
        default -> {
          if (!(v instanceof IntValue iv)) {
            throw error(v.pos(), "expected a number for " + p.name().toLowerCase());
          }
          if (!Values.fits(p, iv.value())) {
            throw error(v.pos(), iv.value() + " does not fit in " + p.name().toLowerCase());
          }
          Values.writeInt(out, iv.value(), Values.width(p));
        }
      }
      return;
    }
    if (type instanceof SignatureToken.Vector vec) {
      if (v instanceof BytesValue bv) {
        if (vec.element() != SignatureToken.Primitive.U8) {
          throw error(v.pos(), "a byte string is a vector<u8>");
        }
        Values.writeUleb(out, bv.bytes().length);
        out.writeBytes(bv.bytes());
        return;
      }
      if (!(v instanceof ListValue lv)) {
        throw error(v.pos(), "expected a vector [..]");
      }
      Values.writeUleb(out, lv.elements().size());
      for (Value e : lv.elements()) {
        encode(vec.element(), e, out);
      }
      return;
    }
    throw error(v.pos(), "constants of this type can only be given as bcs x\"...\"");
  }

  // ---------------------------------------------------------------- access specifiers

  List<AccessSpecifier> access(List<Access> in, Scope sc, List<Param> params) {
    if (in == null) {
      return null;
    }
    List<AccessSpecifier> out = new ArrayList<>();
    for (Access a : in) {
      ResourceSpecifier r;
      if (a.resource() instanceof AnyResource) {
        r = ResourceSpecifier.ANY;
      } else if (a.resource() instanceof AtAddress at) {
        r = new ResourceSpecifier.DeclaredAtAddress(addr(at.address()));
      } else if (a.resource() instanceof InModule im) {
        r = new ResourceSpecifier.DeclaredInModule(moduleDecl(new ModPath(im.address(), im.module())));
      } else if (a.resource() instanceof RawResource rr) {
        r = switch (rr.form()) {
          case "addr" -> new ResourceSpecifier.DeclaredAtAddress(rr.first());
          case "module" -> new ResourceSpecifier.DeclaredInModule(rr.first());
          case "res" -> new ResourceSpecifier.Resource(rr.first());
          default -> new ResourceSpecifier.ResourceInstantiation(rr.first(), rr.second());
        };
      } else {
        Type ty = ((ResourceType) a.resource()).type();
        SignatureToken tok = type(ty, sc);
        if (tok instanceof SignatureToken.Datatype d) {
          r = new ResourceSpecifier.Resource(d.handle());
        } else if (tok instanceof SignatureToken.DatatypeInstantiation di) {
          r = new ResourceSpecifier.ResourceInstantiation(di.handle(), signature(di.typeArguments(), ty.pos()));
        } else {
          throw error(ty.pos(), "an access specifier names a struct type");
        }
      }
      AddressSpecifier ad;
      if (a.address() instanceof AnyAddress) {
        ad = AddressSpecifier.ANY;
      } else if (a.address() instanceof LiteralAddress la) {
        ad = new AddressSpecifier.Literal(addr(la.address()));
      } else {
        ParamAddress pa = (ParamAddress) a.address();
        int local = -1;
        for (int i = 0; i < params.size(); i++) {
          if (pa.local().equals(params.get(i).name())) {
            local = i;
            break;
          }
        }
        if (local < 0) {
          try {
            local = Integer.parseInt(pa.local());
          } catch (NumberFormatException e) {
            throw error(pa.pos(), "unknown parameter '" + pa.local() + "'");
          }
        }
        ad = new AddressSpecifier.Parameter(local, pa.function());
      }
      out.add(new AccessSpecifier(a.kind(), a.negated(), r, ad));
    }
    return out;
  }

  // ---------------------------------------------------------------- handles

  static List<String> names(List<TypeParam> tps) {
    List<String> out = new ArrayList<>();
    for (TypeParam t : tps) {
      out.add(t.name());
    }
    return out;
  }

  int datatypeDecl(List<Attr> attrs, int module, Name name, List<TypeParam> tps, AbilitySet abilities, Pos pos) {
    Integer pin = pin(attrs, "handle", this);
    if (pin != null && pinned) {
      if (pin >= datatypes.size()) {
        throw error(pos, "datatype handle #" + pin + " is not in the tables block");
      }
      return pin;
    }
    List<DatatypeTypeParameter> params = new ArrayList<>();
    for (TypeParam t : tps) {
      params.add(new DatatypeTypeParameter(t.constraints(), t.phantom()));
    }
    return intern(datatypes, new DatatypeHandle(module, ident(name), abilities, params), pos, "datatype " + name.text());
  }

  int functionDecl(List<Attr> attrs, int module, Name name, FunSig sig, Pos pos) {
    Integer pin = pin(attrs, "handle", this);
    if (pin != null && pinned) {
      if (pin >= functions.size()) {
        throw error(pos, "function handle #" + pin + " is not in the tables block");
      }
      return pin;
    }
    Scope sc = Scope.ofTypeParams(names(sig.typeParams()));
    List<SignatureToken> ps = new ArrayList<>();
    for (Param p : sig.params()) {
      ps.add(type(p.type(), sc));
    }
    int params = signature(ps, sig.pos());
    int returns = signature(types(sig.returns(), sc), sig.pos());
    List<AbilitySet> tps = new ArrayList<>();
    for (TypeParam t : sig.typeParams()) {
      if (t.phantom()) {
        throw error(t.pos(), "function type parameters cannot be phantom");
      }
      tps.add(t.constraints());
    }
    List<AccessSpecifier> access = access(sig.access(), sc, sig.params());
    if ((access != null) && !format.isAptos()) {
      throw error(sig.pos(), "access specifiers need aptos version 7");
    }
    List<FunctionAttribute> fattrs = new ArrayList<>();
    for (Attr a : attrs) {
      FunctionAttribute fa = Assembler.functionAttribute(a.name());
      if (fa != null) {
        fattrs.add(fa);
      }
    }
    return intern(functions, new FunctionHandle(module, ident(name), params, returns, tps, access, fattrs), pos,
        "function " + name.text());
  }

  // ---------------------------------------------------------------- instructions

  int local(Operand o, Scope sc) {
    if (o instanceof Num n) {
      return n.value().intValueExact();
    }
    NameOp n = (NameOp) o;
    Integer i = sc.locals().get(n.name());
    if (i == null) {
      throw error(n.pos(), "unknown local '" + n.name() + "'");
    }
    return i;
  }

  int label(Operand o, Scope sc) {
    if (o instanceof Num n) {
      if (n.value().bitLength() > 31) {
        throw error(n.pos(), "code offset too large");
      }
      return n.value().intValueExact();
    }
    NameOp n = (NameOp) o;
    Integer i = sc.labels().get(n.name());
    if (i == null) {
      throw error(n.pos(), "unknown label '" + n.name() + "'");
    }
    return i;
  }

  private static boolean hasArgs(Operand o) {
    return o instanceof Path p && p.typeArgs() != null
        || o instanceof Field_ f && f.owner().typeArgs() != null
        || o instanceof VariantOp v && v.owner().typeArgs() != null
        || o instanceof VariantFieldOp vf && vf.owner().typeArgs() != null
        || o instanceof PairOp pr && hasArgs(pr.first());
  }

  Bytecode instruction(Instr in, Scope sc) {
    Opcode op = Opcodes.lookup(format.flavor(), in.opcode());
    if (op == null) {
      throw error(in.pos(), "unknown instruction '" + in.opcode() + "'");
    }
    if (hasArgs(in.operand()) && Opcodes.generic(op) != null) {
      op = Opcodes.generic(op);
    }
    if (!op.existsIn(format)) {
      throw error(in.pos(), Opcodes.name(op, format.flavor()) + " needs bytecode version " + op.sinceVersion());
    }
    Operand o = in.operand();
    OperandKind kind = op.operandKind();
    try {
      return switch (kind) {
        case NONE -> Bytecode.of(op);
        case CODE_OFFSET -> Bytecode.withIndex(op, label(o, sc));
        case LOCAL_INDEX -> Bytecode.withIndex(op, local(o, sc));
        case JUMP_TABLE -> {
          if (o instanceof Num n) {
            yield Bytecode.withIndex(op, n.value().intValueExact());
          }
          Integer j = sc.jumpTables().get(((NameOp) o).name());
          if (j == null) {
            throw error(o.pos(), "unknown jump table '" + ((NameOp) o).name() + "'");
          }
          yield Bytecode.withIndex(op, j);
        }
        case U8, U16, U32, I8, I16, I32 -> Bytecode.withValue(op, immediate(o, kind));
        case U64, I64 -> Bytecode.withValue(op, immediate(o, kind));
        case U128, U256, I128, I256 -> {
          BigInteger v = ((Num) o).value();
          SignatureToken.Primitive p = SignatureToken.Primitive.valueOf(kind.name());
          if (!Values.fits(p, v)) {
            throw error(o.pos(), v + " does not fit in " + kind.name().toLowerCase());
          }
          yield Bytecode.withWide(op, v);
        }
        case CONSTANT -> Bytecode.withIndex(op, constant(o, sc));
        case SIGNATURE -> Bytecode.withIndex(op, sigOperand(o, sc));
        case SIGNATURE_AND_COUNT -> {
          PairOp pr = (PairOp) o;
          yield Bytecode.withIndexAndValue(op, sigOperand(pr.first(), sc), u64(pr.second(), o.pos()));
        }
        case FUNCTION_HANDLE_AND_MASK, FUNCTION_INSTANTIATION_AND_MASK -> {
          PairOp pr = (PairOp) o;
          yield Bytecode.withIndexAndValue(op, index(kind, pr.first(), sc), u64(pr.second(), o.pos()));
        }
        default -> Bytecode.withIndex(op, index(kind, o, sc));
      };
    } catch (ClassCastException e) {
      throw error(o.pos(), "wrong operand for " + Opcodes.name(op, format.flavor()));
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw error(o.pos(), "bad operand for " + Opcodes.name(op, format.flavor()) + ": " + e.getMessage());
    }
  }

  private long u64(BigInteger v, Pos pos) {
    if (v.signum() < 0 || v.bitLength() > 64) {
      throw error(pos, v + " does not fit in u64");
    }
    return v.longValue();
  }

  private long immediate(Operand o, OperandKind kind) {
    BigInteger v = ((Num) o).value();
    SignatureToken.Primitive p = SignatureToken.Primitive.valueOf(kind.name());
    if (!Values.fits(p, v)) {
      throw error(o.pos(), v + " does not fit in " + kind.name().toLowerCase());
    }
    return v.longValue();
  }

  private int constant(Operand o, Scope sc) {
    if (o instanceof RawIndex r) {
      return r.index();
    }
    if (o instanceof NameOp n) {
      Integer i = constNames.get(n.name());
      if (i == null) {
        throw error(n.pos(), "unknown constant '" + n.name() + "'");
      }
      return i;
    }
    ConstOp c = (ConstOp) o;
    SignatureToken t = type(c.type(), Scope.EMPTY);
    return intern(consts, new Constant(t, encode(t, c.value())), c.pos(), "constant");
  }

  private int sigOperand(Operand o, Scope sc) {
    if (o instanceof RawIndex r) {
      return r.index();
    }
    SigOp s = (SigOp) o;
    return signature(types(s.types(), sc), s.pos());
  }

  private int typeArgs(Path p, Scope sc, int arity) {
    if (p.typeArgs() == null) {
      throw error(p.pos(), "'" + p.ref().display() + "' needs type arguments here");
    }
    if (arity >= 0 && arity != p.typeArgs().size()) {
      throw error(p.pos(), "'" + p.ref().display() + "' expects " + arity + " type argument(s) but has " + p.typeArgs().size());
    }
    return signature(types(p.typeArgs(), sc), p.pos());
  }

  private void noArgs(Path p) {
    if (p.typeArgs() != null) {
      throw error(p.pos(), "unexpected type arguments");
    }
  }

  private int structArity(int def) {
    if (def < 0 || def >= structDefs.size()) {
      return -1;
    }
    int h = structDefs.get(def).structHandle();
    return h < datatypes.size() ? datatypes.get(h).typeParameters().size() : -1;
  }

  private int enumArity(int def) {
    if (def < 0 || def >= enumDefs.size()) {
      return -1;
    }
    int h = enumDefs.get(def).enumHandle();
    return h < datatypes.size() ? datatypes.get(h).typeParameters().size() : -1;
  }

  private int fieldOffset(List<FieldDefinition> fields, String name, int offset, Pos pos) {
    if (name == null) {
      return offset;
    }
    for (int i = 0; fields != null && i < fields.size(); i++) {
      if (name.equals(identAt(fields.get(i).name()))) {
        return i;
      }
    }
    throw error(pos, "unknown field '" + name + "'");
  }

  private List<VariantDefinition> variantsOf(int def, boolean sui) {
    if (sui) {
      return def >= 0 && def < enumDefs.size() ? enumDefs.get(def).variants() : List.of();
    }
    if (def >= 0 && def < structDefs.size()
        && structDefs.get(def).fieldInformation() instanceof StructFieldInformation.DeclaredVariants dv) {
      return dv.variants();
    }
    return List.of();
  }

  private int variantTag(List<VariantDefinition> vs, String name, Pos pos) {
    for (int i = 0; i < vs.size(); i++) {
      if (name.equals(identAt(vs.get(i).name()))) {
        return i;
      }
    }
    throw error(pos, "unknown variant '" + name + "'");
  }

  private int index(OperandKind kind, Operand o, Scope sc) {
    if (o instanceof RawIndex r) {
      return r.index();
    }
    switch (kind) {
      case FUNCTION_HANDLE, FUNCTION_HANDLE_AND_MASK -> {
        Path p = (Path) o;
        noArgs(p);
        return function(p.ref());
      }
      case FUNCTION_INSTANTIATION, FUNCTION_INSTANTIATION_AND_MASK -> {
        Path p = (Path) o;
        int h = function(p.ref());
        int arity = h < functions.size() ? functions.get(h).typeParameters().size() : -1;
        int s = typeArgs(p, sc, arity);
        return intern(funInsts, new FunctionInstantiation(h, s), p.pos(), "function instantiation");
      }
      case STRUCT_DEF -> {
        Path p = (Path) o;
        noArgs(p);
        return structDef(p.ref());
      }
      case STRUCT_DEF_INSTANTIATION -> {
        Path p = (Path) o;
        int d = structDef(p.ref());
        int s = typeArgs(p, sc, structArity(d));
        return intern(structInsts, new StructDefInstantiation(d, s), p.pos(), "struct instantiation");
      }
      case FIELD_HANDLE, FIELD_INSTANTIATION -> {
        Field_ f = (Field_) o;
        int d = structDef(f.owner().ref());
        List<FieldDefinition> fields = d < structDefs.size()
            && structDefs.get(d).fieldInformation() instanceof StructFieldInformation.Declared dd ? dd.fields() : null;
        int off = fieldOffset(fields, f.field(), f.offset(), f.pos());
        if (kind == OperandKind.FIELD_HANDLE) {
          noArgs(f.owner());
          return intern(fieldHandles, new FieldHandle(d, off), f.pos(), "field handle");
        }
        int s = typeArgs(f.owner(), sc, structArity(d));
        int fh = intern(fieldHandles, new FieldHandle(d, off), f.pos(), "field handle");
        return intern(fieldInsts, new FieldInstantiation(fh, s), f.pos(), "field instantiation");
      }
      case VARIANT_HANDLE, VARIANT_INSTANTIATION_HANDLE -> {
        VariantOp v = (VariantOp) o;
        int e = enumDef(v.owner().ref());
        int tag = variantTag(variantsOf(e, true), v.variant(), v.pos());
        if (kind == OperandKind.VARIANT_HANDLE) {
          noArgs(v.owner());
          return intern(variantHandles, new VariantHandle(e, tag), v.pos(), "variant handle");
        }
        int s = typeArgs(v.owner(), sc, enumArity(e));
        int ei = intern(enumInsts, new EnumDefInstantiation(e, s), v.pos(), "enum instantiation");
        return intern(variantInsts, new VariantInstantiationHandle(ei, tag), v.pos(), "variant instantiation");
      }
      case STRUCT_VARIANT_HANDLE, STRUCT_VARIANT_INSTANTIATION -> {
        VariantOp v = (VariantOp) o;
        int d = structDef(v.owner().ref());
        int tag = variantTag(variantsOf(d, false), v.variant(), v.pos());
        if (kind == OperandKind.STRUCT_VARIANT_HANDLE) {
          noArgs(v.owner());
          return intern(structVariants, new StructVariantHandle(d, tag), v.pos(), "struct variant handle");
        }
        int s = typeArgs(v.owner(), sc, structArity(d));
        int h = intern(structVariants, new StructVariantHandle(d, tag), v.pos(), "struct variant handle");
        return intern(structVariantInsts, new StructVariantInstantiation(h, s), v.pos(), "struct variant instantiation");
      }
      case VARIANT_FIELD_HANDLE, VARIANT_FIELD_INSTANTIATION -> {
        VariantFieldOp v = (VariantFieldOp) o;
        int d = structDef(v.owner().ref());
        List<VariantDefinition> vs = variantsOf(d, false);
        List<Integer> tags = new ArrayList<>();
        for (String name : v.variants()) {
          tags.add(variantTag(vs, name, v.pos()));
        }
        List<FieldDefinition> fields = tags.isEmpty() ? null : vs.get(tags.get(0)).fields();
        int off = fieldOffset(fields, v.field(), v.offset(), v.pos());
        if (kind == OperandKind.VARIANT_FIELD_HANDLE) {
          noArgs(v.owner());
          return intern(variantFields, new VariantFieldHandle(d, tags, off), v.pos(), "variant field handle");
        }
        int s = typeArgs(v.owner(), sc, structArity(d));
        int h = intern(variantFields, new VariantFieldHandle(d, tags, off), v.pos(), "variant field handle");
        return intern(variantFieldInsts, new VariantFieldInstantiation(h, s), v.pos(), "variant field instantiation");
      }
      default -> throw error(o.pos(), "unsupported operand");
    }
  }

  /** Label positions: the offset of the instruction that follows each label. */
  Map<String, Integer> labels(List<Stmt> code) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int offset = 0;
    for (Stmt s : code) {
      if (s instanceof Label l) {
        if (out.put(l.name(), offset) != null) {
          throw error(l.pos(), "label '" + l.name() + "' defined twice");
        }
      } else {
        offset++;
      }
    }
    return out;
  }
}
