package io.statecraft.move.testing;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import io.statecraft.move.binary.VariantJumpTable;
import io.statecraft.move.binary.Visibility;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a {@link CompiledModule} from declarations that name things (structs, fields,
 * functions, labels) instead of table indices — a stand-in for the textual assembler until it
 * lands; each test module reads like its assembly source.
 */
public final class ModuleBuilder {
  private final BinaryFormat format;
  private final String selfAddress;
  private final String selfName;
  private final Map<String, CompiledModule> deps = new HashMap<>();
  private final List<DataDecl> datas = new ArrayList<>();
  private final List<FunDecl> funs = new ArrayList<>();

  // tables being built
  private CompiledModule.Builder b;
  private final Map<String, Integer> idents = new HashMap<>();
  private final Map<String, Integer> addrs = new HashMap<>();
  private final Map<String, Integer> modHandles = new HashMap<>();
  private final Map<String, Integer> dataHandles = new HashMap<>();
  private final Map<String, Integer> funHandles = new HashMap<>();
  private final Map<List<SignatureToken>, Integer> sigs = new HashMap<>();
  private final Map<Object, Integer> dedup = new HashMap<>();

  record DataDecl(String name, int abilities, int[] typeParams, boolean[] phantom, boolean isEnum,
      List<String> variantNames, List<List<Object[]>> variants) {}

  /** A function declaration; {@link #code} null means native. */
  public static final class FunDecl {
    final String name;
    Visibility visibility = Visibility.PUBLIC;
    boolean entry;
    int[] typeParams = new int[0];
    List<Ty> params = List.of();
    List<Ty> returns = List.of();
    List<Ty> locals = List.of();
    Consumer<Code> code;

    FunDecl(String name) {
      this.name = name;
    }

    public FunDecl priv() {
      visibility = Visibility.PRIVATE;
      return this;
    }

    public FunDecl entry() {
      entry = true;
      return this;
    }

    public FunDecl typeParams(int... abilities) {
      typeParams = abilities;
      return this;
    }

    public FunDecl params(Ty... t) {
      params = List.of(t);
      return this;
    }

    public FunDecl returns(Ty... t) {
      returns = List.of(t);
      return this;
    }

    public FunDecl locals(Ty... t) {
      locals = List.of(t);
      return this;
    }

    public FunDecl code(Consumer<Code> c) {
      code = c;
      return this;
    }

    public FunDecl nativeFun() {
      code = null;
      return this;
    }
  }

  public ModuleBuilder(FormatFlavor flavor, int version, String address, String name) {
    this.format = BinaryFormat.of(flavor, version);
    this.selfAddress = canonical(address);
    this.selfName = name;
  }

  public static ModuleBuilder sui(String address, String name) {
    return new ModuleBuilder(FormatFlavor.SUI, 7, address, name);
  }

  public static ModuleBuilder aptos(String address, String name) {
    return new ModuleBuilder(FormatFlavor.APTOS, 9, address, name);
  }

  public ModuleBuilder dependsOn(CompiledModule dep) {
    deps.put(canonical(dep.moduleId().address().toHex()) + "::" + dep.moduleId().name(), dep);
    return this;
  }

  /** A struct with fields given as name, type, name, type... */
  public ModuleBuilder struct(String name, int abilities, Object... fields) {
    return genericStruct(name, abilities, new int[0], new boolean[0], fields);
  }

  public ModuleBuilder genericStruct(String name, int abilities, int[] typeParams, boolean[] phantom, Object... fields) {
    List<Object[]> fs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      fs.add(new Object[] {fields[i], fields[i + 1]});
    }
    datas.add(new DataDecl(name, abilities, typeParams, phantom.length == 0 ? new boolean[typeParams.length] : phantom,
        false, List.of(), List.of(fs)));
    return this;
  }

  /** A Sui enum: variants as name then its field list (name, type, ...). */
  public ModuleBuilder enumType(String name, int abilities, int[] typeParams, Object... variants) {
    List<String> names = new ArrayList<>();
    List<List<Object[]>> vs = new ArrayList<>();
    for (int i = 0; i < variants.length; i += 2) {
      names.add((String) variants[i]);
      Object[] fields = (Object[]) variants[i + 1];
      List<Object[]> fs = new ArrayList<>();
      for (int k = 0; k < fields.length; k += 2) {
        fs.add(new Object[] {fields[k], fields[k + 1]});
      }
      vs.add(fs);
    }
    datas.add(new DataDecl(name, abilities, typeParams, new boolean[typeParams.length], true, names, vs));
    return this;
  }

  public FunDecl fun(String name) {
    FunDecl f = new FunDecl(name);
    funs.add(f);
    return f;
  }

  // ---- building ----

  private static String canonical(String address) {
    String hex = address.startsWith("0x") ? address.substring(2) : address;
    return "0x" + "0".repeat(64 - hex.length()) + hex.toLowerCase();
  }

  private int ident(String s) {
    return idents.computeIfAbsent(s, k -> {
      b.identifiers.add(k);
      return b.identifiers.size() - 1;
    });
  }

  private int addr(String canonicalAddr) {
    return addrs.computeIfAbsent(canonicalAddr, k -> {
      // BigInteger may add a leading sign byte: keep the low 32 bytes, left-padded.
      byte[] raw = new BigInteger(k.substring(2), 16).toByteArray();
      byte[] bytes = new byte[32];
      int n = Math.min(raw.length, 32);
      System.arraycopy(raw, raw.length - n, bytes, 32 - n, n);
      b.addressIdentifiers.add(new Address(bytes));
      return b.addressIdentifiers.size() - 1;
    });
  }

  private int module(String moduleKey) {
    return modHandles.computeIfAbsent(moduleKey, k -> {
      int sep = k.indexOf("::");
      b.moduleHandles.add(new ModuleHandle(addr(k.substring(0, sep)), ident(k.substring(sep + 2))));
      return b.moduleHandles.size() - 1;
    });
  }

  private int sig(List<SignatureToken> tokens) {
    return sigs.computeIfAbsent(List.copyOf(tokens), k -> {
      b.signatures.add(new Signature(k));
      return b.signatures.size() - 1;
    });
  }

  private int sigOf(List<Ty> tys) {
    List<SignatureToken> out = new ArrayList<>();
    for (Ty t : tys) {
      out.add(token(t));
    }
    return sig(out);
  }

  private <T> int dedup(T key, List<T> table) {
    return dedup.computeIfAbsent(key, k -> {
      table.add(key);
      return table.size() - 1;
    });
  }

  /** "Name" is local, "0xA::m::Name" external. */
  private String qualify(String name) {
    if (name.contains("::")) {
      int last = name.lastIndexOf("::");
      String mod = name.substring(0, last);
      int sep = mod.indexOf("::");
      return canonical(mod.substring(0, sep)) + mod.substring(sep) + name.substring(last);
    }
    return selfAddress + "::" + selfName + "::" + name;
  }

  private int dataHandle(String name) {
    String q = qualify(name);
    Integer h = dataHandles.get(q);
    if (h != null) {
      return h;
    }
    int last = q.lastIndexOf("::");
    String modKey = q.substring(0, last);
    String simple = q.substring(last + 2);
    DatatypeHandle handle;
    if (modKey.equals(selfAddress + "::" + selfName)) {
      DataDecl d = datas.stream().filter(x -> x.name.equals(simple)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no datatype " + simple));
      List<DatatypeTypeParameter> tps = new ArrayList<>();
      for (int i = 0; i < d.typeParams.length; i++) {
        tps.add(new DatatypeTypeParameter(new AbilitySet(d.typeParams[i]), d.phantom[i]));
      }
      handle = new DatatypeHandle(module(modKey), ident(simple), new AbilitySet(d.abilities), tps);
    } else {
      CompiledModule dep = dep(modKey);
      DatatypeHandle dh = dep.datatypeHandles().stream()
          .filter(x -> x.module() == dep.selfModuleHandle() && dep.identifier(x.name()).equals(simple))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("no datatype " + q));
      handle = new DatatypeHandle(module(modKey), ident(simple), dh.abilities(), dh.typeParameters());
    }
    b.datatypeHandles.add(handle);
    dataHandles.put(q, b.datatypeHandles.size() - 1);
    return b.datatypeHandles.size() - 1;
  }

  private CompiledModule dep(String modKey) {
    CompiledModule dep = deps.get(modKey);
    if (dep == null) {
      throw new IllegalArgumentException("no dependency " + modKey);
    }
    return dep;
  }

  SignatureToken token(Ty t) {
    switch (t.kind()) {
      case "bool": return SignatureToken.Primitive.BOOL;
      case "u8": return SignatureToken.Primitive.U8;
      case "u16": return SignatureToken.Primitive.U16;
      case "u32": return SignatureToken.Primitive.U32;
      case "u64": return SignatureToken.Primitive.U64;
      case "u128": return SignatureToken.Primitive.U128;
      case "u256": return SignatureToken.Primitive.U256;
      case "i64": return SignatureToken.Primitive.I64;
      case "address": return SignatureToken.Primitive.ADDRESS;
      case "signer": return SignatureToken.Primitive.SIGNER;
      case "vector": return new SignatureToken.Vector(token(t.args().get(0)));
      case "&": return new SignatureToken.Reference(token(t.args().get(0)));
      case "&mut": return new SignatureToken.MutableReference(token(t.args().get(0)));
      case "T": return new SignatureToken.TypeParameter(Integer.parseInt(t.name()));
      default: {
        int h = dataHandle(t.name());
        if (t.args().isEmpty()) {
          return new SignatureToken.Datatype(h);
        }
        List<SignatureToken> args = new ArrayList<>();
        for (Ty a : t.args()) {
          args.add(token(a));
        }
        return new SignatureToken.DatatypeInstantiation(h, args);
      }
    }
  }

  /** Translates a dependency's token into a Ty (by names), to re-encode it here. */
  private Ty fromDep(CompiledModule dep, SignatureToken t) {
    if (t instanceof SignatureToken.Primitive p) {
      return new Ty(p.name().toLowerCase(), null, List.of());
    } else if (t instanceof SignatureToken.Vector v) {
      return Ty.vec(fromDep(dep, v.element()));
    } else if (t instanceof SignatureToken.Reference r) {
      return Ty.ref(fromDep(dep, r.referent()));
    } else if (t instanceof SignatureToken.MutableReference r) {
      return Ty.mref(fromDep(dep, r.referent()));
    } else if (t instanceof SignatureToken.TypeParameter p) {
      return Ty.tp(p.index());
    }
    int handle = t instanceof SignatureToken.Datatype d ? d.handle() : ((SignatureToken.DatatypeInstantiation) t).handle();
    DatatypeHandle dh = dep.datatypeHandles().get(handle);
    ModuleHandle mh = dep.moduleHandles().get(dh.module());
    String name = dep.addressIdentifiers().get(mh.address()).toHex() + "::" + dep.identifier(mh.name()) + "::" + dep.identifier(dh.name());
    List<Ty> args = new ArrayList<>();
    if (t instanceof SignatureToken.DatatypeInstantiation di) {
      for (SignatureToken a : di.typeArguments()) {
        args.add(fromDep(dep, a));
      }
    }
    return Ty.st(name, args.toArray(new Ty[0]));
  }

  private int funHandle(String name) {
    String q = qualify(name);
    Integer h = funHandles.get(q);
    if (h != null) {
      return h;
    }
    int last = q.lastIndexOf("::");
    String modKey = q.substring(0, last);
    String simple = q.substring(last + 2);
    FunctionHandle handle;
    if (modKey.equals(selfAddress + "::" + selfName)) {
      FunDecl f = funs.stream().filter(x -> x.name.equals(simple)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no function " + simple));
      handle = new FunctionHandle(module(modKey), ident(simple), sigOf(f.params), sigOf(f.returns), abilitySets(f.typeParams));
    } else {
      CompiledModule dep = dep(modKey);
      FunctionHandle fh = dep.functionHandles().stream()
          .filter(x -> x.module() == dep.selfModuleHandle() && dep.identifier(x.name()).equals(simple))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("no function " + q));
      List<Ty> ps = new ArrayList<>();
      for (SignatureToken t : dep.signature(fh.parameters()).tokens()) {
        ps.add(fromDep(dep, t));
      }
      List<Ty> rs = new ArrayList<>();
      for (SignatureToken t : dep.signature(fh.returns()).tokens()) {
        rs.add(fromDep(dep, t));
      }
      handle = new FunctionHandle(module(modKey), ident(simple), sigOf(ps), sigOf(rs), fh.typeParameters());
    }
    b.functionHandles.add(handle);
    funHandles.put(q, b.functionHandles.size() - 1);
    return b.functionHandles.size() - 1;
  }

  private static List<AbilitySet> abilitySets(int[] a) {
    List<AbilitySet> out = new ArrayList<>();
    for (int x : a) {
      out.add(new AbilitySet(x));
    }
    return out;
  }

  private int structDef(String name) {
    for (int i = 0, s = 0; i < datas.size(); i++) {
      if (!datas.get(i).isEnum || format.flavor() == FormatFlavor.APTOS) {
        if (datas.get(i).name.equals(name)) {
          return s;
        }
        s++;
      }
    }
    throw new IllegalArgumentException("no struct " + name);
  }

  private int enumDef(String name) {
    for (int i = 0, e = 0; i < datas.size(); i++) {
      if (datas.get(i).isEnum && format.flavor() != FormatFlavor.APTOS) {
        if (datas.get(i).name.equals(name)) {
          return e;
        }
        e++;
      }
    }
    throw new IllegalArgumentException("no enum " + name);
  }

  private DataDecl data(String name) {
    return datas.stream().filter(x -> x.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no datatype " + name));
  }

  private int fieldIndex(DataDecl d, int variant, String field) {
    List<Object[]> fs = d.variants.get(variant);
    for (int i = 0; i < fs.size(); i++) {
      if (fs.get(i)[0].equals(field)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no field " + field + " in " + d.name);
  }

  private List<FieldDefinition> fields(List<Object[]> fs) {
    List<FieldDefinition> out = new ArrayList<>();
    for (Object[] f : fs) {
      out.add(new FieldDefinition(ident((String) f[0]), token((Ty) f[1])));
    }
    return out;
  }

  public CompiledModule build() {
    b = CompiledModule.builder(format);
    module(selfAddress + "::" + selfName);
    b.selfModuleHandle(0);
    for (DataDecl d : datas) {
      dataHandle(d.name);
    }
    for (DataDecl d : datas) {
      int h = dataHandle(d.name);
      if (!d.isEnum) {
        b.structDefs.add(new StructDefinition(h, new StructFieldInformation.Declared(fields(d.variants.get(0)))));
      } else if (format.flavor() == FormatFlavor.APTOS) {
        List<VariantDefinition> vs = new ArrayList<>();
        for (int i = 0; i < d.variants.size(); i++) {
          vs.add(new VariantDefinition(ident(d.variantNames.get(i)), fields(d.variants.get(i))));
        }
        b.structDefs.add(new StructDefinition(h, new StructFieldInformation.DeclaredVariants(vs)));
      } else {
        List<VariantDefinition> vs = new ArrayList<>();
        for (int i = 0; i < d.variants.size(); i++) {
          vs.add(new VariantDefinition(ident(d.variantNames.get(i)), fields(d.variants.get(i))));
        }
        b.enumDefs.add(new EnumDefinition(h, vs));
      }
    }
    for (FunDecl f : funs) {
      funHandle(f.name);
    }
    for (FunDecl f : funs) {
      int h = funHandle(f.name);
      CodeUnit cu = null;
      if (f.code != null) {
        Code c = new Code();
        f.code.accept(c);
        cu = c.toUnit(sigOf(f.locals));
      }
      b.functionDefs.add(new FunctionDefinition(h, f.visibility, f.entry, List.of(), cu));
    }
    return b.build();
  }

  /** The instruction list of one function, with labels for branch targets. */
  public final class Code {
    private final List<java.util.function.Supplier<Bytecode>> instrs = new ArrayList<>();
    private final Map<String, Integer> labels = new LinkedHashMap<>();
    private final List<VariantJumpTable> jumpTables = new ArrayList<>();
    private final List<Runnable> fixups = new ArrayList<>();

    CodeUnit toUnit(int localsSig) {
      List<Bytecode> code = new ArrayList<>();
      for (var s : instrs) {
        code.add(s.get());
      }
      for (Runnable r : fixups) {
        r.run();
      }
      return new CodeUnit(localsSig, code, jumpTables);
    }

    private Code op(Opcode o) {
      instrs.add(() -> Bytecode.of(o));
      return this;
    }

    private Code idx(Opcode o, java.util.function.IntSupplier index) {
      instrs.add(() -> Bytecode.withIndex(o, index.getAsInt()));
      return this;
    }

    public int size() {
      return instrs.size();
    }

    public Code label(String name) {
      labels.put(name, instrs.size());
      return this;
    }

    private int target(String label) {
      Integer t = labels.get(label);
      if (t == null) {
        throw new IllegalArgumentException("no label " + label);
      }
      return t;
    }

    public Code pop() { return op(Opcode.POP); }
    public Code ret() { return op(Opcode.RET); }
    public Code brTrue(String l) { return idx(Opcode.BR_TRUE, () -> target(l)); }
    public Code brFalse(String l) { return idx(Opcode.BR_FALSE, () -> target(l)); }
    public Code branch(String l) { return idx(Opcode.BRANCH, () -> target(l)); }
    public Code ldU8(int v) { instrs.add(() -> Bytecode.withValue(Opcode.LD_U8, v)); return this; }
    public Code ldU16(int v) { instrs.add(() -> Bytecode.withValue(Opcode.LD_U16, v)); return this; }
    public Code ldU32(long v) { instrs.add(() -> Bytecode.withValue(Opcode.LD_U32, v)); return this; }
    public Code ldU64(long v) { instrs.add(() -> Bytecode.withValue(Opcode.LD_U64, v)); return this; }
    public Code ldU128(BigInteger v) { instrs.add(() -> Bytecode.withWide(Opcode.LD_U128, v)); return this; }
    public Code ldU256(BigInteger v) { instrs.add(() -> Bytecode.withWide(Opcode.LD_U256, v)); return this; }
    public Code ldI64(long v) { instrs.add(() -> Bytecode.withValue(Opcode.LD_I64, v)); return this; }
    public Code ldTrue() { return op(Opcode.LD_TRUE); }
    public Code ldFalse() { return op(Opcode.LD_FALSE); }

    /** A constant of the given type with its BCS bytes. */
    public Code ldConst(Ty type, byte[] bcs) {
      instrs.add(() -> Bytecode.withIndex(Opcode.LD_CONST, dedup(new Constant(token(type), bcs), b.constantPool)));
      return this;
    }

    public Code copyLoc(int i) { return idx(Opcode.COPY_LOC, () -> i); }
    public Code moveLoc(int i) { return idx(Opcode.MOVE_LOC, () -> i); }
    public Code stLoc(int i) { return idx(Opcode.ST_LOC, () -> i); }
    public Code mutBorrowLoc(int i) { return idx(Opcode.MUT_BORROW_LOC, () -> i); }
    public Code immBorrowLoc(int i) { return idx(Opcode.IMM_BORROW_LOC, () -> i); }

    public Code borrowField(String struct, String field, boolean mutable) {
      return idx(mutable ? Opcode.MUT_BORROW_FIELD : Opcode.IMM_BORROW_FIELD,
          () -> dedup(new FieldHandle(structDef(struct), fieldIndex(data(struct), 0, field)), b.fieldHandles));
    }

    public Code borrowFieldGeneric(String struct, String field, boolean mutable, Ty... typeArgs) {
      return idx(mutable ? Opcode.MUT_BORROW_FIELD_GENERIC : Opcode.IMM_BORROW_FIELD_GENERIC, () -> {
        int fh = dedup(new FieldHandle(structDef(struct), fieldIndex(data(struct), 0, field)), b.fieldHandles);
        return dedup(new FieldInstantiation(fh, sigOf(List.of(typeArgs))), b.fieldInstantiations);
      });
    }

    public Code call(String fn) { return idx(Opcode.CALL, () -> funHandle(fn)); }

    public Code callGeneric(String fn, Ty... typeArgs) {
      return idx(Opcode.CALL_GENERIC,
          () -> dedup(new FunctionInstantiation(funHandle(fn), sigOf(List.of(typeArgs))), b.functionInstantiations));
    }

    private int structInst(String struct, Ty... typeArgs) {
      return dedup(new StructDefInstantiation(structDef(struct), sigOf(List.of(typeArgs))), b.structDefInstantiations);
    }

    public Code pack(String s) { return idx(Opcode.PACK, () -> structDef(s)); }
    public Code unpack(String s) { return idx(Opcode.UNPACK, () -> structDef(s)); }
    public Code packGeneric(String s, Ty... a) { return idx(Opcode.PACK_GENERIC, () -> structInst(s, a)); }
    public Code unpackGeneric(String s, Ty... a) { return idx(Opcode.UNPACK_GENERIC, () -> structInst(s, a)); }
    public Code readRef() { return op(Opcode.READ_REF); }
    public Code writeRef() { return op(Opcode.WRITE_REF); }
    public Code freezeRef() { return op(Opcode.FREEZE_REF); }
    public Code add() { return op(Opcode.ADD); }
    public Code sub() { return op(Opcode.SUB); }
    public Code mul() { return op(Opcode.MUL); }
    public Code mod() { return op(Opcode.MOD); }
    public Code div() { return op(Opcode.DIV); }
    public Code bitOr() { return op(Opcode.BIT_OR); }
    public Code bitAnd() { return op(Opcode.BIT_AND); }
    public Code xor() { return op(Opcode.XOR); }
    public Code or() { return op(Opcode.OR); }
    public Code and() { return op(Opcode.AND); }
    public Code not() { return op(Opcode.NOT); }
    public Code eq() { return op(Opcode.EQ); }
    public Code neq() { return op(Opcode.NEQ); }
    public Code lt() { return op(Opcode.LT); }
    public Code gt() { return op(Opcode.GT); }
    public Code le() { return op(Opcode.LE); }
    public Code ge() { return op(Opcode.GE); }
    public Code abort() { return op(Opcode.ABORT); }
    public Code nop() { return op(Opcode.NOP); }
    public Code shl() { return op(Opcode.SHL); }
    public Code shr() { return op(Opcode.SHR); }
    public Code castU8() { return op(Opcode.CAST_U8); }
    public Code castU16() { return op(Opcode.CAST_U16); }
    public Code castU32() { return op(Opcode.CAST_U32); }
    public Code castU64() { return op(Opcode.CAST_U64); }
    public Code castU128() { return op(Opcode.CAST_U128); }
    public Code castU256() { return op(Opcode.CAST_U256); }
    public Code exists(String s) { return idx(Opcode.EXISTS, () -> structDef(s)); }
    public Code existsGeneric(String s, Ty... a) { return idx(Opcode.EXISTS_GENERIC, () -> structInst(s, a)); }
    public Code moveTo(String s) { return idx(Opcode.MOVE_TO, () -> structDef(s)); }
    public Code moveToGeneric(String s, Ty... a) { return idx(Opcode.MOVE_TO_GENERIC, () -> structInst(s, a)); }
    public Code moveFrom(String s) { return idx(Opcode.MOVE_FROM, () -> structDef(s)); }
    public Code borrowGlobal(String s, boolean mutable) {
      return idx(mutable ? Opcode.MUT_BORROW_GLOBAL : Opcode.IMM_BORROW_GLOBAL, () -> structDef(s));
    }

    public Code vecPack(Ty elem, int n) {
      instrs.add(() -> Bytecode.withIndexAndValue(Opcode.VEC_PACK, sigOf(List.of(elem)), n));
      return this;
    }

    public Code vecUnpack(Ty elem, int n) {
      instrs.add(() -> Bytecode.withIndexAndValue(Opcode.VEC_UNPACK, sigOf(List.of(elem)), n));
      return this;
    }

    public Code vecLen(Ty elem) { return idx(Opcode.VEC_LEN, () -> sigOf(List.of(elem))); }
    public Code vecBorrow(Ty elem, boolean mutable) {
      return idx(mutable ? Opcode.VEC_MUT_BORROW : Opcode.VEC_IMM_BORROW, () -> sigOf(List.of(elem)));
    }
    public Code vecPushBack(Ty elem) { return idx(Opcode.VEC_PUSH_BACK, () -> sigOf(List.of(elem))); }
    public Code vecPopBack(Ty elem) { return idx(Opcode.VEC_POP_BACK, () -> sigOf(List.of(elem))); }
    public Code vecSwap(Ty elem) { return idx(Opcode.VEC_SWAP, () -> sigOf(List.of(elem))); }

    // Sui enums
    private int variantHandle(String e, String variant) {
      DataDecl d = data(e);
      return dedup(new VariantHandle(enumDef(e), d.variantNames.indexOf(variant)), b.variantHandles);
    }

    private int variantInstHandle(String e, String variant, Ty... a) {
      DataDecl d = data(e);
      int inst = dedup(new EnumDefInstantiation(enumDef(e), sigOf(List.of(a))), b.enumDefInstantiations);
      return dedup(new VariantInstantiationHandle(inst, d.variantNames.indexOf(variant)), b.variantInstantiationHandles);
    }

    public Code packVariant(String e, String v) { return idx(Opcode.PACK_VARIANT, () -> variantHandle(e, v)); }
    public Code unpackVariant(String e, String v) { return idx(Opcode.UNPACK_VARIANT, () -> variantHandle(e, v)); }
    public Code unpackVariantRef(String e, String v, boolean mutable) {
      return idx(mutable ? Opcode.UNPACK_VARIANT_MUT_REF : Opcode.UNPACK_VARIANT_IMM_REF, () -> variantHandle(e, v));
    }
    public Code packVariantGeneric(String e, String v, Ty... a) {
      return idx(Opcode.PACK_VARIANT_GENERIC, () -> variantInstHandle(e, v, a));
    }
    public Code unpackVariantGeneric(String e, String v, Ty... a) {
      return idx(Opcode.UNPACK_VARIANT_GENERIC, () -> variantInstHandle(e, v, a));
    }

    // Aptos closures: the function value's type is not modelled here; the VM ignores it.
    public Code packClosure(String fn, long mask) {
      instrs.add(() -> Bytecode.withIndexAndValue(Opcode.PACK_CLOSURE, funHandle(fn), mask));
      return this;
    }

    public Code callClosure() { return idx(Opcode.CALL_CLOSURE, () -> sigOf(List.of())); }

    // Aptos signed integers and struct variants
    public Code negate() { return op(Opcode.NEGATE); }
    public Code castI64() { return op(Opcode.CAST_I64); }
    public Code castU64Signed() { return op(Opcode.CAST_U64); }

    private int structVariantHandle(String e, String variant) {
      return dedup(new io.statecraft.move.binary.StructVariantHandle(structDef(e), data(e).variantNames.indexOf(variant)),
          b.structVariantHandles);
    }

    public Code packStructVariant(String e, String v) { return idx(Opcode.PACK_STRUCT_VARIANT, () -> structVariantHandle(e, v)); }
    public Code unpackStructVariant(String e, String v) { return idx(Opcode.UNPACK_STRUCT_VARIANT, () -> structVariantHandle(e, v)); }
    public Code testStructVariant(String e, String v) { return idx(Opcode.TEST_STRUCT_VARIANT, () -> structVariantHandle(e, v)); }

    /** Borrow field {@code field} of the variants listed (all must have it at the same offset). */
    public Code borrowVariantField(String e, String field, boolean mutable, String... variants) {
      return idx(mutable ? Opcode.MUT_BORROW_VARIANT_FIELD : Opcode.IMM_BORROW_VARIANT_FIELD, () -> {
        DataDecl d = data(e);
        List<Integer> vs = new ArrayList<>();
        for (String v : variants) {
          vs.add(d.variantNames.indexOf(v));
        }
        return dedup(new io.statecraft.move.binary.VariantFieldHandle(structDef(e), vs, fieldIndex(d, vs.get(0), field)),
            b.variantFieldHandles);
      });
    }

    /** VariantSwitch on an enum reference, to one label per variant in order. */
    public Code variantSwitch(String e, String... targets) {
      int table = jumpTables.size();
      jumpTables.add(null);
      fixups.add(() -> {
        List<Integer> offsets = new ArrayList<>();
        for (String t : targets) {
          offsets.add(target(t));
        }
        jumpTables.set(table, new VariantJumpTable(enumDef(e), offsets));
      });
      return idx(Opcode.VARIANT_SWITCH, () -> table);
    }
  }
}
