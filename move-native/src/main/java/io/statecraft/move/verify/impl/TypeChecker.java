package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FunctionAttribute;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.Function;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Reference;
import io.statecraft.move.binary.SignatureToken.Vector;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.StructVariantHandle;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.VariantFieldHandle;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stack balance and type safety, one basic block at a time: each block starts and ends with an
 * empty operand stack, and every instruction finds operands of the types it consumes. Also the
 * instruction consistency rules (generic instructions on generic entities and the reverse,
 * instantiations satisfying constraints, pack/unpack on declared structs only, instructions of
 * the unit's flavor). Records what each instruction pops and pushes for the dataflow passes.
 */
final class TypeChecker {
  private final StructureVerifier s;
  private final CompiledUnit unit;
  private final CompiledModule module;
  private final Types types;
  private final FunctionCtx f;
  private final List<SignatureToken> stack = new ArrayList<>();
  private final Set<Integer> acquiresNeeded;
  private int pc;

  TypeChecker(StructureVerifier s, FunctionCtx f, Set<Integer> acquiresNeeded) {
    this.s = s;
    this.unit = s.unit;
    this.module = s.module;
    this.types = s.types;
    this.f = f;
    this.acquiresNeeded = acquiresNeeded;
  }

  void run() {
    int n = f.code.code().size();
    f.pops = new int[n];
    f.pushes = new SignatureToken[n][];
    Cfg cfg = f.cfg;
    for (int b = 0; b < cfg.start.length; b++) {
      stack.clear();
      for (pc = cfg.start[b]; pc <= cfg.end[b]; pc++) {
        int before = stack.size();
        int[] popped = {0};
        instruction(f.code.code().get(pc), popped);
        int pushed = stack.size() - (before - popped[0]);
        f.pops[pc] = popped[0];
        SignatureToken[] out = new SignatureToken[pushed];
        for (int i = 0; i < pushed; i++) {
          out[i] = stack.get(stack.size() - pushed + i);
        }
        f.pushes[pc] = out;
        if (stack.size() > s.limits.maxValueStackSize()) {
          throw f.fail(Kind.STACK_IMBALANCE, pc, "operand stack deeper than " + s.limits.maxValueStackSize());
        }
      }
      if (!stack.isEmpty()) {
        throw f.fail(Kind.STACK_IMBALANCE, cfg.end[b], stack.size() + " values left on the stack at the end of a basic block");
      }
    }
  }

  // ------------------------------------------------------------------ stack helpers

  private int[] popCounter;

  private SignatureToken pop() {
    if (stack.isEmpty()) {
      throw f.fail(Kind.STACK_IMBALANCE, pc, "operand stack underflow");
    }
    popCounter[0]++;
    return stack.remove(stack.size() - 1);
  }

  private void push(SignatureToken t) {
    stack.add(t);
  }

  private void expect(SignatureToken actual, SignatureToken expected, String what) {
    if (!Types.assignable(actual, expected)) {
      throw f.fail(Kind.TYPE_MISMATCH, pc, what + ": expected " + expected + ", found " + actual);
    }
  }

  private SignatureToken popExpect(SignatureToken expected, String what) {
    SignatureToken t = pop();
    expect(t, expected, what);
    return t;
  }

  private AbilitySet abilities(SignatureToken t) {
    return types.abilities(t, f.typeParams);
  }

  private void need(SignatureToken t, Ability a, String what) {
    if (!abilities(t).has(a)) {
      throw f.fail(Kind.MISSING_ABILITY, pc, what + " needs " + a.name().toLowerCase(java.util.Locale.ROOT) + ", " + t + " lacks it");
    }
  }

  private void inconsistent(String rule) {
    throw f.fail(Kind.INCONSISTENT_INSTRUCTION, pc, rule);
  }

  private List<SignatureToken> typeArgs(int signature, List<AbilitySet> params) {
    List<SignatureToken> args = unit.signatures().get(signature).tokens();
    if (params.isEmpty()) {
      inconsistent("generic instruction on a non-generic entity");
    }
    s.instantiation(args, params, f.typeParams, f.where, pc);
    return args;
  }

  private void nonGeneric(int typeParamCount) {
    if (typeParamCount != 0) {
      inconsistent("non-generic instruction on a generic entity");
    }
  }

  private SignatureToken local(int i) {
    return f.locals.get(i);
  }

  // ------------------------------------------------------------------ datatype helpers

  private StructDefinition structDef(int i) {
    return module.structDefs().get(i);
  }

  private DatatypeHandle handleOfStruct(int def) {
    return unit.datatypeHandles().get(structDef(def).structHandle());
  }

  /** Struct def index and type arguments of a struct (generic or not) operand. */
  private record StructRef(int def, List<SignatureToken> args) {}

  private StructRef structOperand(Bytecode b, boolean generic) {
    if (!generic) {
      nonGeneric(handleOfStruct(b.index()).typeParameters().size());
      return new StructRef(b.index(), List.of());
    }
    StructDefInstantiation inst = module.structDefInstantiations().get(b.index());
    List<SignatureToken> args = typeArgs(inst.typeParameters(), StructureVerifier.constraintsOf(handleOfStruct(inst.def())));
    return new StructRef(inst.def(), args);
  }

  private SignatureToken structType(StructRef r) {
    return Types.datatype(structDef(r.def).structHandle(), r.args);
  }

  private List<SignatureToken> declaredFields(StructRef r) {
    StructFieldInformation info = structDef(r.def).fieldInformation();
    if (info instanceof StructFieldInformation.Native) {
      inconsistent("struct definition " + r.def + " is native: it has no fields to pack, unpack or borrow");
    }
    if (!(info instanceof StructFieldInformation.Declared d)) {
      inconsistent("struct definition " + r.def + " has variants: use the variant instructions");
      return List.of();
    }
    return fieldTypes(d.fields(), r.args);
  }

  private static List<SignatureToken> fieldTypes(List<FieldDefinition> fields, List<SignatureToken> args) {
    List<SignatureToken> out = new ArrayList<>(fields.size());
    for (FieldDefinition fd : fields) {
      out.add(Types.substitute(fd.type(), args));
    }
    return out;
  }

  private void needKey(StructRef r, String what) {
    SignatureToken t = structType(r);
    if (!abilities(t).has(Ability.KEY)) {
      throw f.fail(Kind.MISSING_ABILITY, pc, what + " needs key, " + t + " lacks it");
    }
  }

  private SignatureToken popReferenceTo(SignatureToken expected, boolean mutableRequired, String what) {
    SignatureToken t = pop();
    SignatureToken inner = Types.referent(t);
    if (inner == null || (mutableRequired && !(t instanceof MutableReference)) || !inner.equals(expected)) {
      throw f.fail(Kind.TYPE_MISMATCH, pc, what + ": expected " + (mutableRequired ? "&mut " : "&") + expected + ", found " + t);
    }
    return t;
  }

  private static SignatureToken ref(SignatureToken t, boolean mutable) {
    return mutable ? new MutableReference(t) : new Reference(t);
  }

  private SignatureToken vectorElement(Bytecode b) {
    List<SignatureToken> sig = unit.signatures().get(b.index()).tokens();
    if (sig.size() != 1) {
      inconsistent("vector instruction signature must have exactly one type, has " + sig.size());
    }
    s.topLevel(sig.get(0), false, f.where, pc);
    s.satisfies(sig.get(0), f.typeParams, f.where, pc);
    return sig.get(0);
  }

  private SignatureToken popVectorRef(SignatureToken element, boolean mutableRequired, String what) {
    return popReferenceTo(new Vector(element), mutableRequired, what);
  }

  private int count(Bytecode b) {
    long n = b.value();
    if (n < 0 || n > s.limits.maxValueStackSize()) {
      throw f.fail(Kind.LIMIT_EXCEEDED, pc, "vector element count " + Long.toUnsignedString(n) + " above the stack limit");
    }
    return (int) n;
  }

  // ------------------------------------------------------------------ the instructions

  private void instruction(Bytecode b, int[] popped) {
    popCounter = popped;
    Opcode op = b.opcode();
    if (!op.existsIn(unit.format())) {
      throw f.fail(Kind.NOT_ENCODABLE, pc, op + " does not exist in " + unit.format().flavor() + " version " + unit.format().version());
    }
    switch (op) {
      case POP -> need(pop(), Ability.DROP, "Pop");
      case RET -> {
        for (int i = f.returns.size() - 1; i >= 0; i--) {
          popExpect(f.returns.get(i), "return value " + i);
        }
      }
      case BR_TRUE, BR_FALSE -> popExpect(Primitive.BOOL, "branch condition");
      case BRANCH, NOP -> {}
      case LD_U8 -> push(Primitive.U8);
      case LD_U16 -> push(Primitive.U16);
      case LD_U32 -> push(Primitive.U32);
      case LD_U64 -> push(Primitive.U64);
      case LD_U128 -> push(Primitive.U128);
      case LD_U256 -> push(Primitive.U256);
      case LD_I8 -> push(Primitive.I8);
      case LD_I16 -> push(Primitive.I16);
      case LD_I32 -> push(Primitive.I32);
      case LD_I64 -> push(Primitive.I64);
      case LD_I128 -> push(Primitive.I128);
      case LD_I256 -> push(Primitive.I256);
      case LD_TRUE, LD_FALSE -> push(Primitive.BOOL);
      case LD_CONST -> push(unit.constantPool().get(b.index()).type());
      case COPY_LOC -> {
        need(local(b.index()), Ability.COPY, "CopyLoc");
        push(local(b.index()));
      }
      case MOVE_LOC -> push(local(b.index()));
      case ST_LOC -> popExpect(local(b.index()), "StLoc " + b.index());
      case MUT_BORROW_LOC, IMM_BORROW_LOC -> {
        SignatureToken t = local(b.index());
        if (Types.isReference(t)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "cannot borrow local " + b.index() + " holding a reference");
        }
        push(ref(t, op == Opcode.MUT_BORROW_LOC));
      }
      case MUT_BORROW_FIELD, IMM_BORROW_FIELD, MUT_BORROW_FIELD_GENERIC, IMM_BORROW_FIELD_GENERIC -> borrowField(b, op);
      case CALL, CALL_GENERIC -> call(b, op == Opcode.CALL_GENERIC);
      case PACK, PACK_GENERIC -> {
        StructRef r = structOperand(b, op == Opcode.PACK_GENERIC);
        List<SignatureToken> fields = declaredFields(r);
        for (int i = fields.size() - 1; i >= 0; i--) {
          popExpect(fields.get(i), "Pack field " + i);
        }
        push(structType(r));
      }
      case UNPACK, UNPACK_GENERIC -> {
        StructRef r = structOperand(b, op == Opcode.UNPACK_GENERIC);
        List<SignatureToken> fields = declaredFields(r);
        popExpect(structType(r), "Unpack");
        fields.forEach(this::push);
      }
      case READ_REF -> {
        SignatureToken t = pop();
        SignatureToken inner = Types.referent(t);
        if (inner == null) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "ReadRef of a non-reference " + t);
        }
        need(inner, Ability.COPY, "ReadRef");
        push(inner);
      }
      case WRITE_REF -> {
        SignatureToken r = pop();
        SignatureToken v = pop();
        if (!(r instanceof MutableReference m)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "WriteRef through " + r + ", not a mutable reference");
        }
        need(m.referent(), Ability.DROP, "WriteRef");
        expect(v, m.referent(), "WriteRef value");
      }
      case ADD, SUB, MUL, MOD, DIV -> arithmetic(true);
      case BIT_OR, BIT_AND, XOR -> arithmetic(false);
      case SHL, SHR -> {
        popExpect(Primitive.U8, "shift amount");
        SignatureToken t = pop();
        if (!Types.isUnsigned(t)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, op + " of " + t + ", not an unsigned integer");
        }
        push(t);
      }
      case OR, AND -> {
        popExpect(Primitive.BOOL, op.name());
        popExpect(Primitive.BOOL, op.name());
        push(Primitive.BOOL);
      }
      case NOT -> {
        popExpect(Primitive.BOOL, "Not");
        push(Primitive.BOOL);
      }
      case EQ, NEQ -> {
        SignatureToken a = pop();
        SignatureToken c = pop();
        if (!a.equals(c)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, op + " of " + c + " and " + a);
        }
        need(a, Ability.DROP, op.name());
        push(Primitive.BOOL);
      }
      case LT, GT, LE, GE -> {
        SignatureToken a = pop();
        SignatureToken c = pop();
        if (!Types.isInteger(a) || !a.equals(c)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, op + " of " + c + " and " + a);
        }
        push(Primitive.BOOL);
      }
      case ABORT -> popExpect(Primitive.U64, "abort code");
      case ABORT_MSG -> {
        popExpect(new Vector(Primitive.U8), "abort message");
        popExpect(Primitive.U64, "abort code");
      }
      case EXISTS, EXISTS_GENERIC -> {
        StructRef r = structOperand(b, op == Opcode.EXISTS_GENERIC);
        needKey(r, "Exists");
        popExpect(Primitive.ADDRESS, "Exists address");
        push(Primitive.BOOL);
      }
      case MUT_BORROW_GLOBAL, IMM_BORROW_GLOBAL, MUT_BORROW_GLOBAL_GENERIC, IMM_BORROW_GLOBAL_GENERIC -> {
        boolean generic = op == Opcode.MUT_BORROW_GLOBAL_GENERIC || op == Opcode.IMM_BORROW_GLOBAL_GENERIC;
        boolean mutable = op == Opcode.MUT_BORROW_GLOBAL || op == Opcode.MUT_BORROW_GLOBAL_GENERIC;
        StructRef r = structOperand(b, generic);
        needKey(r, "BorrowGlobal");
        acquiresNeeded.add(r.def);
        popExpect(Primitive.ADDRESS, "BorrowGlobal address");
        push(ref(structType(r), mutable));
      }
      case MOVE_FROM, MOVE_FROM_GENERIC -> {
        StructRef r = structOperand(b, op == Opcode.MOVE_FROM_GENERIC);
        needKey(r, "MoveFrom");
        acquiresNeeded.add(r.def);
        popExpect(Primitive.ADDRESS, "MoveFrom address");
        push(structType(r));
      }
      case MOVE_TO, MOVE_TO_GENERIC -> {
        StructRef r = structOperand(b, op == Opcode.MOVE_TO_GENERIC);
        needKey(r, "MoveTo");
        popExpect(structType(r), "MoveTo value");
        popExpect(new Reference(Primitive.SIGNER), "MoveTo signer");
      }
      case FREEZE_REF -> {
        SignatureToken t = pop();
        if (!(t instanceof MutableReference m)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "FreezeRef of " + t + ", not a mutable reference");
        }
        push(new Reference(m.referent()));
      }
      case CAST_U8 -> cast(Primitive.U8);
      case CAST_U16 -> cast(Primitive.U16);
      case CAST_U32 -> cast(Primitive.U32);
      case CAST_U64 -> cast(Primitive.U64);
      case CAST_U128 -> cast(Primitive.U128);
      case CAST_U256 -> cast(Primitive.U256);
      case CAST_I8 -> cast(Primitive.I8);
      case CAST_I16 -> cast(Primitive.I16);
      case CAST_I32 -> cast(Primitive.I32);
      case CAST_I64 -> cast(Primitive.I64);
      case CAST_I128 -> cast(Primitive.I128);
      case CAST_I256 -> cast(Primitive.I256);
      case NEGATE -> {
        SignatureToken t = pop();
        if (!Types.isSigned(t)) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "Negate of " + t + ", not a signed integer");
        }
        push(t);
      }
      case VEC_PACK -> {
        SignatureToken e = vectorElement(b);
        int n = count(b);
        for (int i = 0; i < n; i++) {
          popExpect(e, "VecPack element");
        }
        push(new Vector(e));
      }
      case VEC_UNPACK -> {
        SignatureToken e = vectorElement(b);
        int n = count(b);
        popExpect(new Vector(e), "VecUnpack");
        for (int i = 0; i < n; i++) {
          push(e);
        }
      }
      case VEC_LEN -> {
        popVectorRef(vectorElement(b), false, "VecLen");
        push(Primitive.U64);
      }
      case VEC_IMM_BORROW, VEC_MUT_BORROW -> {
        SignatureToken e = vectorElement(b);
        boolean mutable = op == Opcode.VEC_MUT_BORROW;
        popExpect(Primitive.U64, "vector index");
        popVectorRef(e, mutable, op.name());
        push(ref(e, mutable));
      }
      case VEC_PUSH_BACK -> {
        SignatureToken e = vectorElement(b);
        popExpect(e, "VecPushBack element");
        popVectorRef(e, true, "VecPushBack");
      }
      case VEC_POP_BACK -> {
        SignatureToken e = vectorElement(b);
        popVectorRef(e, true, "VecPopBack");
        push(e);
      }
      case VEC_SWAP -> {
        SignatureToken e = vectorElement(b);
        popExpect(Primitive.U64, "vector index");
        popExpect(Primitive.U64, "vector index");
        popVectorRef(e, true, "VecSwap");
      }
      case PACK_VARIANT, PACK_VARIANT_GENERIC, UNPACK_VARIANT, UNPACK_VARIANT_GENERIC,
          UNPACK_VARIANT_IMM_REF, UNPACK_VARIANT_GENERIC_IMM_REF,
          UNPACK_VARIANT_MUT_REF, UNPACK_VARIANT_GENERIC_MUT_REF -> suiVariant(b, op);
      case VARIANT_SWITCH -> {
        EnumDefinition e = module.enumDefs().get(f.code.jumpTables().get(b.index()).headEnum());
        SignatureToken t = pop();
        SignatureToken inner = Types.referent(t);
        int handle = inner instanceof SignatureToken.Datatype d ? d.handle()
            : inner instanceof SignatureToken.DatatypeInstantiation d ? d.handle() : -1;
        if (handle != e.enumHandle()) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, "VariantSwitch on " + t + ", not a reference to the jump table's enum");
        }
      }
      case IMM_BORROW_VARIANT_FIELD, MUT_BORROW_VARIANT_FIELD,
          IMM_BORROW_VARIANT_FIELD_GENERIC, MUT_BORROW_VARIANT_FIELD_GENERIC -> borrowVariantField(b, op);
      case PACK_STRUCT_VARIANT, PACK_STRUCT_VARIANT_GENERIC, UNPACK_STRUCT_VARIANT,
          UNPACK_STRUCT_VARIANT_GENERIC, TEST_STRUCT_VARIANT, TEST_STRUCT_VARIANT_GENERIC -> aptosVariant(b, op);
      case PACK_CLOSURE, PACK_CLOSURE_GENERIC -> packClosure(b, op == Opcode.PACK_CLOSURE_GENERIC);
      case CALL_CLOSURE -> {
        List<SignatureToken> sig = unit.signatures().get(b.index()).tokens();
        if (sig.size() != 1 || !(sig.get(0) instanceof Function fn)) {
          inconsistent("CallClosure signature must be exactly one function type");
          return;
        }
        s.satisfies(fn, f.typeParams, f.where, pc);
        popExpect(fn, "CallClosure function value");
        for (int i = fn.parameters().size() - 1; i >= 0; i--) {
          popExpect(fn.parameters().get(i), "closure argument " + i);
        }
        fn.results().forEach(this::push);
      }
      default -> inconsistent("unknown instruction " + op);
    }
  }

  private void arithmetic(boolean signedAllowed) {
    SignatureToken a = pop();
    SignatureToken c = pop();
    boolean ok = a.equals(c) && (signedAllowed ? Types.isInteger(a) : Types.isUnsigned(a));
    if (!ok) {
      throw f.fail(Kind.TYPE_MISMATCH, pc, "arithmetic on " + c + " and " + a);
    }
    push(a);
  }

  private void cast(Primitive to) {
    SignatureToken t = pop();
    if (!Types.isInteger(t)) {
      throw f.fail(Kind.TYPE_MISMATCH, pc, "cast of " + t + ", not an integer");
    }
    push(to);
  }

  private void borrowField(Bytecode b, Opcode op) {
    boolean generic = op == Opcode.MUT_BORROW_FIELD_GENERIC || op == Opcode.IMM_BORROW_FIELD_GENERIC;
    boolean mutable = op == Opcode.MUT_BORROW_FIELD || op == Opcode.MUT_BORROW_FIELD_GENERIC;
    FieldHandle fh;
    List<SignatureToken> args;
    if (generic) {
      FieldInstantiation fi = module.fieldInstantiations().get(b.index());
      fh = module.fieldHandles().get(fi.handle());
      args = typeArgs(fi.typeParameters(), StructureVerifier.constraintsOf(handleOfStruct(fh.owner())));
    } else {
      fh = module.fieldHandles().get(b.index());
      nonGeneric(handleOfStruct(fh.owner()).typeParameters().size());
      args = List.of();
    }
    StructRef r = new StructRef(fh.owner(), args);
    List<SignatureToken> fields = declaredFields(r);
    popReferenceTo(structType(r), mutable, op.name());
    push(ref(fields.get(fh.field()), mutable));
  }

  private void call(Bytecode b, boolean generic) {
    FunctionHandle h;
    List<SignatureToken> args;
    if (generic) {
      FunctionInstantiation fi = unit.functionInstantiations().get(b.index());
      h = unit.functionHandles().get(fi.handle());
      args = typeArgs(fi.typeParameters(), h.typeParameters());
      calleeAcquires(fi.handle());
    } else {
      h = unit.functionHandles().get(b.index());
      nonGeneric(h.typeParameters().size());
      args = List.of();
      calleeAcquires(b.index());
    }
    List<SignatureToken> params = unit.signatures().get(h.parameters()).tokens();
    for (int i = params.size() - 1; i >= 0; i--) {
      popExpect(Types.substitute(params.get(i), args), "argument " + i);
    }
    for (SignatureToken r : unit.signatures().get(h.returns()).tokens()) {
      push(Types.substitute(r, args));
    }
  }

  private void calleeAcquires(int handle) {
    Integer def = s.functionDefOfHandle.get(handle);
    if (def != null) {
      acquiresNeeded.addAll(module.functionDefs().get(def).acquires());
    }
  }

  private void packClosure(Bytecode b, boolean generic) {
    FunctionHandle h;
    List<SignatureToken> args;
    int handle;
    if (generic) {
      FunctionInstantiation fi = unit.functionInstantiations().get(b.index());
      handle = fi.handle();
      h = unit.functionHandles().get(handle);
      args = typeArgs(fi.typeParameters(), h.typeParameters());
    } else {
      handle = b.index();
      h = unit.functionHandles().get(handle);
      nonGeneric(h.typeParameters().size());
      args = List.of();
    }
    List<SignatureToken> params = Types.substituteAll(unit.signatures().get(h.parameters()).tokens(), args);
    long mask = b.value();
    if (params.size() < 64 && (mask >>> params.size()) != 0) {
      inconsistent("closure mask captures parameters the function does not have");
    }
    // A function value may be copied and dropped; stored only if its handle is marked
    // persistent (what the Aptos compiler does for public functions).
    AbilitySet abilities = AbilitySet.of(Ability.COPY, Ability.DROP);
    if (h.attributes().contains(FunctionAttribute.PERSISTENT)) {
      abilities = abilities.with(Ability.STORE);
    }
    List<SignatureToken> rest = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (!captured(mask, i)) {
        rest.add(params.get(i));
      }
    }
    for (int i = params.size() - 1; i >= 0; i--) {
      if (captured(mask, i)) {
        SignatureToken p = params.get(i);
        if (Types.isReference(p)) {
          inconsistent("a closure cannot capture a reference (parameter " + i + ")");
        }
        popExpect(p, "captured argument " + i);
        abilities = abilities.intersect(abilities(p));
      }
    }
    List<SignatureToken> results = Types.substituteAll(unit.signatures().get(h.returns()).tokens(), args);
    push(new Function(rest, results, abilities));
  }

  private static boolean captured(long mask, int param) {
    return param < 64 && (mask & (1L << param)) != 0;
  }

  // ------------------------------------------------------------------ Sui enums

  private void suiVariant(Bytecode b, Opcode op) {
    boolean generic = switch (op) {
      case PACK_VARIANT_GENERIC, UNPACK_VARIANT_GENERIC, UNPACK_VARIANT_GENERIC_IMM_REF, UNPACK_VARIANT_GENERIC_MUT_REF -> true;
      default -> false;
    };
    int enumDef;
    int tag;
    List<SignatureToken> args;
    if (generic) {
      VariantInstantiationHandle vh = module.variantInstantiationHandles().get(b.index());
      EnumDefInstantiation inst = module.enumDefInstantiations().get(vh.enumDefInstantiation());
      enumDef = inst.def();
      tag = vh.variant();
      DatatypeHandle h = unit.datatypeHandles().get(module.enumDefs().get(enumDef).enumHandle());
      args = typeArgs(inst.typeParameters(), StructureVerifier.constraintsOf(h));
    } else {
      VariantHandle vh = module.variantHandles().get(b.index());
      enumDef = vh.enumDef();
      tag = vh.variant();
      nonGeneric(unit.datatypeHandles().get(module.enumDefs().get(enumDef).enumHandle()).typeParameters().size());
      args = List.of();
    }
    EnumDefinition e = module.enumDefs().get(enumDef);
    SignatureToken enumType = Types.datatype(e.enumHandle(), args);
    List<SignatureToken> fields = fieldTypes(e.variants().get(tag).fields(), args);
    switch (op) {
      case PACK_VARIANT, PACK_VARIANT_GENERIC -> {
        for (int i = fields.size() - 1; i >= 0; i--) {
          popExpect(fields.get(i), "PackVariant field " + i);
        }
        push(enumType);
      }
      case UNPACK_VARIANT, UNPACK_VARIANT_GENERIC -> {
        popExpect(enumType, "UnpackVariant");
        fields.forEach(this::push);
      }
      default -> {
        boolean mutable = op == Opcode.UNPACK_VARIANT_MUT_REF || op == Opcode.UNPACK_VARIANT_GENERIC_MUT_REF;
        SignatureToken t = pop();
        if (!t.equals(ref(enumType, mutable))) {
          throw f.fail(Kind.TYPE_MISMATCH, pc, op + ": expected " + ref(enumType, mutable) + ", found " + t);
        }
        for (SignatureToken ft : fields) {
          push(ref(ft, mutable));
        }
      }
    }
  }

  // ------------------------------------------------------------------ Aptos struct variants

  private List<VariantDefinition> variantsOf(int def) {
    StructFieldInformation info = structDef(def).fieldInformation();
    if (info instanceof StructFieldInformation.DeclaredVariants dv) {
      return dv.variants();
    }
    inconsistent("struct definition " + def + " has no variants");
    return List.of();
  }

  private void borrowVariantField(Bytecode b, Opcode op) {
    boolean generic = op == Opcode.IMM_BORROW_VARIANT_FIELD_GENERIC || op == Opcode.MUT_BORROW_VARIANT_FIELD_GENERIC;
    boolean mutable = op == Opcode.MUT_BORROW_VARIANT_FIELD || op == Opcode.MUT_BORROW_VARIANT_FIELD_GENERIC;
    VariantFieldHandle vfh;
    List<SignatureToken> args;
    if (generic) {
      VariantFieldInstantiation vi = module.variantFieldInstantiations().get(b.index());
      vfh = module.variantFieldHandles().get(vi.handle());
      args = typeArgs(vi.typeParameters(), StructureVerifier.constraintsOf(handleOfStruct(vfh.owner())));
    } else {
      vfh = module.variantFieldHandles().get(b.index());
      nonGeneric(handleOfStruct(vfh.owner()).typeParameters().size());
      args = List.of();
    }
    List<VariantDefinition> variants = variantsOf(vfh.owner());
    if (vfh.variants().isEmpty()) {
      inconsistent("variant field handle names no variant");
    }
    SignatureToken fieldType = null;
    int fieldName = -1;
    for (int v : vfh.variants()) {
      FieldDefinition fd = variants.get(v).fields().get(vfh.field());
      SignatureToken t = Types.substitute(fd.type(), args);
      if (fieldType != null && (!fieldType.equals(t) || fieldName != fd.name())) {
        inconsistent("variant field handle names fields of different names or types");
      }
      fieldType = t;
      fieldName = fd.name();
    }
    popReferenceTo(Types.datatype(structDef(vfh.owner()).structHandle(), args), mutable, op.name());
    push(ref(fieldType, mutable));
  }

  private void aptosVariant(Bytecode b, Opcode op) {
    boolean generic = op == Opcode.PACK_STRUCT_VARIANT_GENERIC || op == Opcode.UNPACK_STRUCT_VARIANT_GENERIC
        || op == Opcode.TEST_STRUCT_VARIANT_GENERIC;
    StructVariantHandle svh;
    List<SignatureToken> args;
    if (generic) {
      StructVariantInstantiation si = module.structVariantInstantiations().get(b.index());
      svh = module.structVariantHandles().get(si.handle());
      args = typeArgs(si.typeParameters(), StructureVerifier.constraintsOf(handleOfStruct(svh.structDef())));
    } else {
      svh = module.structVariantHandles().get(b.index());
      nonGeneric(handleOfStruct(svh.structDef()).typeParameters().size());
      args = List.of();
    }
    List<VariantDefinition> variants = variantsOf(svh.structDef());
    SignatureToken type = Types.datatype(structDef(svh.structDef()).structHandle(), args);
    List<SignatureToken> fields = fieldTypes(variants.get(svh.variant()).fields(), args);
    switch (op) {
      case PACK_STRUCT_VARIANT, PACK_STRUCT_VARIANT_GENERIC -> {
        for (int i = fields.size() - 1; i >= 0; i--) {
          popExpect(fields.get(i), "PackVariant field " + i);
        }
        push(type);
      }
      case UNPACK_STRUCT_VARIANT, UNPACK_STRUCT_VARIANT_GENERIC -> {
        popExpect(type, "UnpackVariant");
        fields.forEach(this::push);
      }
      default -> {
        popReferenceTo(type, false, "TestVariant");
        push(Primitive.BOOL);
      }
    }
  }
}
