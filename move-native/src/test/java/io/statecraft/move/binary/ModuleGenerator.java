package io.statecraft.move.binary;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates random units that pass {@link BoundsChecker}, for every flavor and version, from a
 * seed. {@code size} scales the number of entries per table (1 gives small modules, 20+ gives
 * framework-sized ones). Every table kind the format has is usually present, tables are laid
 * out in a random recorded order, and every opcode of the format can appear.
 */
public final class ModuleGenerator {
  public static final List<BinaryFormat> ALL_FORMATS = List.of(
      BinaryFormat.of(FormatFlavor.LEGACY, 5),
      BinaryFormat.of(FormatFlavor.LEGACY, 6),
      BinaryFormat.of(FormatFlavor.LEGACY, 6, BinaryFormat.ADDRESS_LENGTH_SHORT),
      BinaryFormat.of(FormatFlavor.SUI, 7),
      BinaryFormat.of(FormatFlavor.APTOS, 7),
      BinaryFormat.of(FormatFlavor.APTOS, 8),
      BinaryFormat.of(FormatFlavor.APTOS, 9),
      BinaryFormat.of(FormatFlavor.APTOS, 10));

  private final SplittableRandom rnd;
  private final BinaryFormat format;
  private final int size;
  private CompiledModule.Builder m;
  private CompiledScript.Builder s;
  private final List<Integer> selfStructDefsDeclared = new ArrayList<>();
  private final List<Integer> variantStructDefs = new ArrayList<>();

  private ModuleGenerator(long seed, BinaryFormat format, int size) {
    this.rnd = new SplittableRandom(seed);
    this.format = format;
    this.size = Math.max(1, size);
  }

  public static CompiledModule module(long seed, BinaryFormat format, int size) {
    return new ModuleGenerator(seed, format, size).module();
  }

  public static CompiledScript script(long seed, BinaryFormat format, int size) {
    return new ModuleGenerator(seed, format, size).script();
  }

  /** A module of a format chosen by the seed. */
  public static CompiledModule module(long seed, int size) {
    BinaryFormat f = ALL_FORMATS.get((int) Math.floorMod(seed, (long) ALL_FORMATS.size()));
    return module(seed, f, size);
  }

  private int n(int max) {
    return rnd.nextInt(max * size + 1);
  }

  private int pick(int bound) {
    return rnd.nextInt(bound);
  }

  private boolean chance(int percent) {
    return rnd.nextInt(100) < percent;
  }

  // ---------------------------------------------------------------- shared tables

  private List<String> identifiers() {
    return m != null ? m.identifiers : s.identifiers;
  }

  private List<Signature> signatures() {
    return m != null ? m.signatures : s.signatures;
  }

  private List<DatatypeHandle> datatypes() {
    return m != null ? m.datatypeHandles : s.datatypeHandles;
  }

  private String name() {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder b = new StringBuilder();
    if (chance(10)) {
      b.append('_');
    }
    b.append(letters.charAt(pick(letters.length())));
    int len = pick(12);
    for (int i = 0; i < len; i++) {
      int r = pick(64);
      b.append(r < 52 ? letters.charAt(r) : r < 62 ? (char) ('0' + r - 52) : '_');
    }
    if (format.isAptos() && format.version() >= 9 && chance(5)) {
      b.append('$');
    }
    return b.toString();
  }

  private int identifier() {
    List<String> ids = identifiers();
    if (ids.isEmpty() || chance(30)) {
      ids.add(name());
      return ids.size() - 1;
    }
    return pick(ids.size());
  }

  private void commonTables(int selfModules) {
    List<String> ids = identifiers();
    int idCount = 1 + n(8);
    for (int i = 0; i < idCount; i++) {
      ids.add(name());
    }
    List<Address> addresses = m != null ? m.addressIdentifiers : s.addressIdentifiers;
    int addrCount = 1 + pick(3);
    for (int i = 0; i < addrCount; i++) {
      byte[] b = new byte[format.addressLength()];
      if (chance(50)) {
        rnd.nextBytes(b);
      } else {
        b[b.length - 1] = (byte) (1 + pick(10));
      }
      addresses.add(new Address(b));
    }
    List<ModuleHandle> modules = m != null ? m.moduleHandles : s.moduleHandles;
    int modCount = Math.max(1, selfModules + n(3));
    for (int i = 0; i < modCount; i++) {
      modules.add(new ModuleHandle(pick(addresses.size()), identifier()));
    }
    int dtCount = n(4) + (m != null ? 2 : 0);
    for (int i = 0; i < dtCount; i++) {
      int tps = chance(60) ? 0 : 1 + pick(3);
      List<DatatypeTypeParameter> params = new ArrayList<>();
      for (int j = 0; j < tps; j++) {
        params.add(new DatatypeTypeParameter(new AbilitySet(pick(16)), chance(30)));
      }
      datatypes().add(new DatatypeHandle(pick(modCount), identifier(), new AbilitySet(pick(16)), params));
    }
  }

  private void moreCommonTables() {
    List<Constant> constants = m != null ? m.constantPool : s.constantPool;
    int cCount = n(4);
    for (int i = 0; i < cCount; i++) {
      byte[] data = new byte[pick(40)];
      rnd.nextBytes(data);
      constants.add(new Constant(concreteType(2, false), data));
    }
    List<Metadata> metadata = m != null ? m.metadata : s.metadata;
    int mdCount = chance(50) ? pick(3) : 0;
    for (int i = 0; i < mdCount; i++) {
      byte[] k = new byte[1 + pick(20)];
      byte[] v = new byte[pick(200)];
      rnd.nextBytes(k);
      rnd.nextBytes(v);
      metadata.add(new Metadata(k, v));
    }
  }

  // ---------------------------------------------------------------- types

  private List<SignatureToken.Primitive> primitives() {
    List<SignatureToken.Primitive> out = new ArrayList<>();
    for (SignatureToken.Primitive p : SignatureToken.Primitive.values()) {
      if ((!p.aptosOnly() || format.isAptos()) && format.version() >= p.sinceVersion()) {
        out.add(p);
      }
    }
    return out;
  }

  private SignatureToken concreteType(int depth, boolean datatypes) {
    return type(depth, 0, datatypes, false);
  }

  /** A type with type parameters below {@code scope}; references only at the top if allowed. */
  private SignatureToken type(int depth, int scope, boolean datatypes, boolean reference) {
    int r = pick(100);
    if (reference && r < 15) {
      SignatureToken inner = type(depth - 1, scope, datatypes, false);
      return chance(50) ? new SignatureToken.Reference(inner) : new SignatureToken.MutableReference(inner);
    }
    if (depth > 0 && r < 30) {
      return new SignatureToken.Vector(type(depth - 1, scope, datatypes, false));
    }
    if (scope > 0 && r < 45) {
      return new SignatureToken.TypeParameter(pick(scope));
    }
    if (datatypes && !datatypes().isEmpty() && r < 65) {
      int h = pick(datatypes().size());
      int arity = datatypes().get(h).typeParameters().size();
      if (arity == 0) {
        return new SignatureToken.Datatype(h);
      }
      if (depth > 0) {
        List<SignatureToken> args = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
          args.add(type(depth - 1, scope, datatypes, false));
        }
        return new SignatureToken.DatatypeInstantiation(h, args);
      }
    }
    if (format.isAptos() && format.version() >= 8 && depth > 0 && r < 70) {
      List<SignatureToken> ps = new ArrayList<>();
      List<SignatureToken> rs = new ArrayList<>();
      int pc = pick(3);
      int rc = pick(2);
      for (int i = 0; i < pc; i++) {
        ps.add(type(depth - 1, scope, datatypes, true));
      }
      for (int i = 0; i < rc; i++) {
        rs.add(type(depth - 1, scope, datatypes, false));
      }
      return new SignatureToken.Function(ps, rs, new AbilitySet(pick(16)));
    }
    List<SignatureToken.Primitive> prims = primitives();
    return prims.get(pick(prims.size()));
  }

  private int signature(int count, int scope, boolean references) {
    List<SignatureToken> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(type(2, scope, true, references));
    }
    signatures().add(new Signature(tokens));
    return signatures().size() - 1;
  }

  /** A signature of concrete types, usable in any scope (instantiations, vector ops). */
  private int concreteSignature(int count) {
    return signature(count, 0, false);
  }

  private List<FieldDefinition> fieldDefs(int count, int scope) {
    List<FieldDefinition> fields = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fields.add(new FieldDefinition(identifier(), type(2, scope, true, false)));
    }
    return fields;
  }

  // ---------------------------------------------------------------- module

  private CompiledModule module() {
    m = CompiledModule.builder(format);
    commonTables(1);
    m.selfModuleHandle(pick(m.moduleHandles.size()));
    int self = m.selfModuleHandle();
    // Definitions for some handles: make a few handles belong to this module.
    List<Integer> selfHandles = new ArrayList<>();
    for (int h = 0; h < m.datatypeHandles.size(); h++) {
      if (h < 2 || chance(60)) {
        DatatypeHandle d = m.datatypeHandles.get(h);
        m.datatypeHandles.set(h, new DatatypeHandle(self, d.name(), d.abilities(), d.typeParameters()));
        selfHandles.add(h);
      }
    }
    for (int h : selfHandles) {
      int scope = m.datatypeHandles.get(h).typeParameters().size();
      int r = pick(100);
      if (format.isSui() && r < 25) {
        List<VariantDefinition> variants = new ArrayList<>();
        int vc = 1 + pick(4);
        for (int v = 0; v < vc; v++) {
          variants.add(new VariantDefinition(identifier(), fieldDefs(pick(3), scope)));
        }
        m.enumDefs.add(new EnumDefinition(h, variants));
      } else if (format.isAptos() && r < 25) {
        List<VariantDefinition> variants = new ArrayList<>();
        int vc = 1 + pick(4);
        for (int v = 0; v < vc; v++) {
          variants.add(new VariantDefinition(identifier(), fieldDefs(1 + pick(3), scope)));
        }
        variantStructDefs.add(m.structDefs.size());
        m.structDefs.add(new StructDefinition(h, new StructFieldInformation.DeclaredVariants(variants)));
      } else if (r < 32) {
        m.structDefs.add(new StructDefinition(h, StructFieldInformation.NATIVE));
      } else {
        selfStructDefsDeclared.add(m.structDefs.size());
        m.structDefs.add(new StructDefinition(h, new StructFieldInformation.Declared(fieldDefs(1 + pick(4), scope))));
      }
    }
    for (int i = 0; i < m.structDefs.size(); i++) {
      int arity = m.datatypeHandles.get(m.structDefs.get(i).structHandle()).typeParameters().size();
      if (arity > 0 || chance(20)) {
        m.structDefInstantiations.add(new StructDefInstantiation(i, concreteSignature(arity)));
      }
    }
    for (int d : selfStructDefsDeclared) {
      StructFieldInformation.Declared decl = (StructFieldInformation.Declared) m.structDefs.get(d).fieldInformation();
      for (int f = 0; f < decl.fields().size(); f++) {
        if (chance(70)) {
          m.fieldHandles.add(new FieldHandle(d, f));
        }
      }
    }
    for (int i = 0; i < m.fieldHandles.size(); i++) {
      if (chance(40)) {
        m.fieldInstantiations.add(new FieldInstantiation(i, concreteSignature(1 + pick(2))));
      }
    }
    for (int i = 0; i < m.enumDefs.size(); i++) {
      EnumDefinition e = m.enumDefs.get(i);
      int arity = m.datatypeHandles.get(e.enumHandle()).typeParameters().size();
      m.enumDefInstantiations.add(new EnumDefInstantiation(i, concreteSignature(arity)));
      for (int v = 0; v < e.variants().size(); v++) {
        m.variantHandles.add(new VariantHandle(i, v));
        m.variantInstantiationHandles.add(new VariantInstantiationHandle(m.enumDefInstantiations.size() - 1, v));
      }
    }
    for (int d : variantStructDefs) {
      StructFieldInformation.DeclaredVariants dv = (StructFieldInformation.DeclaredVariants) m.structDefs.get(d).fieldInformation();
      int arity = m.datatypeHandles.get(m.structDefs.get(d).structHandle()).typeParameters().size();
      for (int v = 0; v < dv.variants().size(); v++) {
        m.structVariantHandles.add(new StructVariantHandle(d, v));
        m.structVariantInstantiations.add(new StructVariantInstantiation(m.structVariantHandles.size() - 1, concreteSignature(arity)));
      }
      // field 0 exists in every variant (each has at least one field)
      List<Integer> variants = new ArrayList<>();
      for (int v = 0; v < dv.variants().size(); v++) {
        if (v == 0 || chance(50)) {
          variants.add(v);
        }
      }
      m.variantFieldHandles.add(new VariantFieldHandle(d, variants, 0));
      m.variantFieldInstantiations.add(new VariantFieldInstantiation(m.variantFieldHandles.size() - 1, concreteSignature(arity)));
    }
    functionHandles(self);
    moreCommonTables();
    int friends = pick(3);
    for (int i = 0; i < friends; i++) {
      m.friendDecls.add(new ModuleHandle(pick(m.addressIdentifiers.size()), identifier()));
    }
    // function definitions for handles of this module
    for (int i = 0; i < m.functionHandles.size(); i++) {
      FunctionHandle h = m.functionHandles.get(i);
      if (h.module() != self) {
        continue;
      }
      boolean nativeFn = chance(8);
      List<Integer> acquires = new ArrayList<>();
      if (!m.structDefs.isEmpty() && chance(20)) {
        acquires.add(pick(m.structDefs.size()));
      }
      CodeUnit code = nativeFn ? null : code(h.typeParameters().size(), m.signatures.get(h.parameters()).size());
      Visibility[] vis = Visibility.values();
      m.functionDefs.add(new FunctionDefinition(i, vis[pick(vis.length)], chance(20), acquires, code));
    }
    m.layout(randomLayout(m.build()));
    return m.build();
  }

  private void functionHandles(int self) {
    int count = 1 + n(6);
    List<FunctionHandle> handles = m != null ? m.functionHandles : s.functionHandles;
    int modules = m != null ? m.moduleHandles.size() : s.moduleHandles.size();
    for (int i = 0; i < count; i++) {
      int tps = chance(60) ? 0 : 1 + pick(2);
      List<AbilitySet> typeParams = new ArrayList<>();
      for (int j = 0; j < tps; j++) {
        typeParams.add(new AbilitySet(pick(16)));
      }
      int module = self >= 0 && chance(60) ? self : pick(modules);
      int params = signature(pick(4), tps, true);
      int returns = signature(pick(3), tps, false);
      List<AccessSpecifier> access = null;
      List<FunctionAttribute> attributes = List.of();
      if (format.isAptos()) {
        if (chance(30)) {
          access = accessSpecifiers();
        }
        if (format.version() >= 8 && chance(30)) {
          attributes = List.of(FunctionAttribute.values()[pick(2)]);
        }
      }
      handles.add(new FunctionHandle(module, identifier(), params, returns, typeParams, access, attributes));
    }
    List<FunctionInstantiation> insts = m != null ? m.functionInstantiations : s.functionInstantiations;
    for (int i = 0; i < handles.size(); i++) {
      int arity = handles.get(i).typeParameters().size();
      if (arity > 0) {
        insts.add(new FunctionInstantiation(i, concreteSignature(arity)));
      }
    }
  }

  private List<AccessSpecifier> accessSpecifiers() {
    List<AccessSpecifier> specs = new ArrayList<>();
    int count = pick(3);
    int addresses = m != null ? m.addressIdentifiers.size() : s.addressIdentifiers.size();
    int modules = m != null ? m.moduleHandles.size() : s.moduleHandles.size();
    for (int i = 0; i < count; i++) {
      ResourceSpecifier r = switch (pick(5)) {
        case 0 -> ResourceSpecifier.ANY;
        case 1 -> new ResourceSpecifier.DeclaredAtAddress(pick(addresses));
        case 2 -> new ResourceSpecifier.DeclaredInModule(pick(modules));
        case 3 -> datatypes().isEmpty() ? ResourceSpecifier.ANY : new ResourceSpecifier.Resource(pick(datatypes().size()));
        default -> datatypes().isEmpty() ? ResourceSpecifier.ANY
            : new ResourceSpecifier.ResourceInstantiation(pick(datatypes().size()), concreteSignature(1));
      };
      AddressSpecifier a = switch (pick(3)) {
        case 0 -> AddressSpecifier.ANY;
        case 1 -> new AddressSpecifier.Literal(pick(addresses));
        default -> new AddressSpecifier.Parameter(pick(4), AddressSpecifier.Parameter.NO_FUNCTION);
      };
      AccessKind kind = chance(50) ? AccessKind.READS : AccessKind.WRITES;
      specs.add(new AccessSpecifier(kind, chance(20), r, a));
    }
    return specs;
  }

  // ---------------------------------------------------------------- code

  private int tableSize(TableKind kind) {
    if (m == null) {
      return switch (kind) {
        case CONSTANT_POOL -> s.constantPool.size();
        case FUNCTION_HANDLES -> s.functionHandles.size();
        case FUNCTION_INSTANTIATIONS -> s.functionInstantiations.size();
        case SIGNATURES -> s.signatures.size();
        default -> 0;
      };
    }
    return switch (kind) {
      case CONSTANT_POOL -> m.constantPool.size();
      case FUNCTION_HANDLES -> m.functionHandles.size();
      case FUNCTION_INSTANTIATIONS -> m.functionInstantiations.size();
      case SIGNATURES -> m.signatures.size();
      case STRUCT_DEFS -> m.structDefs.size();
      case STRUCT_DEF_INSTANTIATIONS -> m.structDefInstantiations.size();
      case FIELD_HANDLES -> m.fieldHandles.size();
      case FIELD_INSTANTIATIONS -> m.fieldInstantiations.size();
      case VARIANT_HANDLES -> m.variantHandles.size();
      case VARIANT_INSTANTIATION_HANDLES -> m.variantInstantiationHandles.size();
      case VARIANT_FIELD_HANDLES -> m.variantFieldHandles.size();
      case VARIANT_FIELD_INSTANTIATIONS -> m.variantFieldInstantiations.size();
      case STRUCT_VARIANT_HANDLES -> m.structVariantHandles.size();
      case STRUCT_VARIANT_INSTANTIATIONS -> m.structVariantInstantiations.size();
      default -> 0;
    };
  }

  private CodeUnit code(int scope, int parameterCount) {
    int locals = signature(pick(5), scope, false);
    int localCount = parameterCount + signatures().get(locals).size();
    int length = 1 + n(12);
    List<VariantJumpTable> jumpTables = new ArrayList<>();
    if (format.isSui() && m != null && !m.enumDefs.isEmpty()) {
      int jt = pick(3);
      for (int j = 0; j < jt; j++) {
        int e = pick(m.enumDefs.size());
        List<Integer> offsets = new ArrayList<>();
        for (int v = 0; v < m.enumDefs.get(e).variants().size(); v++) {
          offsets.add(pick(length));
        }
        jumpTables.add(new VariantJumpTable(e, offsets));
      }
    }
    List<Opcode> ops = new ArrayList<>();
    for (Opcode op : Opcode.values()) {
      if (op.existsIn(format)) {
        ops.add(op);
      }
    }
    List<Bytecode> code = new ArrayList<>(length);
    while (code.size() < length) {
      Opcode op = ops.get(pick(ops.size()));
      Bytecode b = instruction(op, length, localCount, jumpTables.size());
      if (b != null) {
        code.add(b);
      }
    }
    return new CodeUnit(locals, code, jumpTables);
  }

  private Bytecode instruction(Opcode op, int length, int localCount, int jumpTables) {
    OperandKind kind = op.operandKind();
    switch (kind) {
      case NONE:
        return Bytecode.of(op);
      case CODE_OFFSET:
        return Bytecode.withIndex(op, pick(length));
      case LOCAL_INDEX:
        return localCount == 0 ? null : Bytecode.withIndex(op, pick(localCount));
      case JUMP_TABLE:
        return jumpTables == 0 ? null : Bytecode.withIndex(op, pick(jumpTables));
      case U8:
        return Bytecode.withValue(op, pick(256));
      case U16:
        return Bytecode.withValue(op, pick(65536));
      case U32:
        return Bytecode.withValue(op, rnd.nextLong(1L << 32));
      case U64:
      case I64:
        return Bytecode.withValue(op, rnd.nextLong());
      case I8:
        return Bytecode.withValue(op, (byte) rnd.nextInt());
      case I16:
        return Bytecode.withValue(op, (short) rnd.nextInt());
      case I32:
        return Bytecode.withValue(op, rnd.nextInt());
      case U128:
        return Bytecode.withWide(op, new BigInteger(128, new java.util.Random(rnd.nextLong())));
      case U256:
        return Bytecode.withWide(op, new BigInteger(256, new java.util.Random(rnd.nextLong())));
      case I128:
        return Bytecode.withWide(op, new BigInteger(128, new java.util.Random(rnd.nextLong())).subtract(BigInteger.ONE.shiftLeft(127)));
      case I256:
        return Bytecode.withWide(op, new BigInteger(256, new java.util.Random(rnd.nextLong())).subtract(BigInteger.ONE.shiftLeft(255)));
      default:
        break;
    }
    int size = tableSize(kind.table());
    if (size == 0) {
      return null;
    }
    int index = pick(Math.min(size, kind.maxIndex() + 1));
    if (kind == OperandKind.SIGNATURE || kind == OperandKind.SIGNATURE_AND_COUNT) {
      // vector ops and closures name a signature of concrete types, valid in any scope
      index = concreteSignature(1);
    }
    if (kind.hasIndexAndValue()) {
      long value = kind == OperandKind.SIGNATURE_AND_COUNT ? pick(20) : rnd.nextLong();
      return Bytecode.withIndexAndValue(op, index, value);
    }
    return Bytecode.withIndex(op, index);
  }

  // ---------------------------------------------------------------- scripts and layout

  private CompiledScript script() {
    s = CompiledScript.builder(format);
    commonTables(0);
    functionHandles(-1);
    moreCommonTables();
    int tps = pick(3);
    List<AbilitySet> typeParams = new ArrayList<>();
    for (int i = 0; i < tps; i++) {
      typeParams.add(new AbilitySet(pick(16)));
    }
    s.typeParameters(typeParams);
    int params = signature(pick(4), tps, false);
    s.parameters(params);
    if (format.isAptos() && format.version() >= 8 && chance(40)) {
      s.accessSpecifiers(accessSpecifiers());
    }
    s.code(code(tps, s.signatures.get(params).size()));
    s.layout(randomLayout(s.build()));
    return s.build();
  }

  private TableLayout randomLayout(CompiledUnit unit) {
    List<TableKind> present = new ArrayList<>();
    byte[] canonical = ModuleWriter.write(unit);
    // The canonical layout lists exactly the present tables; read it back to learn which.
    CompiledUnit read = unit instanceof CompiledModule
        ? new ModuleReader(readerOptions()).readModule(canonical)
        : new ModuleReader(readerOptions()).readScript(canonical);
    present.addAll(read.layout().contentOrder());
    if (chance(30)) {
      return read.layout();
    }
    List<TableKind> header = new ArrayList<>(present);
    List<TableKind> content = new ArrayList<>(present);
    Collections.shuffle(header, new java.util.Random(rnd.nextLong()));
    if (chance(50)) {
      Collections.shuffle(content, new java.util.Random(rnd.nextLong()));
    }
    return new TableLayout(header, content);
  }

  private ReaderOptions readerOptions() {
    return ReaderOptions.DEFAULT.withAddressLength(format.addressLength());
  }

  /** Reader options that match a generated unit's address length. */
  public static ReaderOptions optionsFor(CompiledUnit unit) {
    return ReaderOptions.DEFAULT.withAddressLength(unit.format().addressLength());
  }
}
