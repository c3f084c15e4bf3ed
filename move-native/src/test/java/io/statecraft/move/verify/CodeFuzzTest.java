package io.statecraft.move.verify;

import static io.statecraft.move.binary.Opcode.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statecraft.move.MoveException;
import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.Fuzzer;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.MalformedModuleException;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.OperandKind;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Reference;
import io.statecraft.move.binary.SignatureToken.Vector;
import io.statecraft.move.binary.Visibility;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random function bodies over a fixed module: type-directed most of the time (so that many pass
 * and the dataflow passes run deep), with random in-bounds instructions mixed in, then single
 * mutations of the bodies that passed. Only {@link InvalidModuleException} may escape.
 */
class CodeFuzzTest {
  static final SignatureToken U64 = Primitive.U64;
  static final SignatureToken BOOL = Primitive.BOOL;

  /** The fixed part of the module, and what the generator needs to know about it. */
  static final class Base {
    final TestModule m;
    final List<SignatureToken> locals = new ArrayList<>();
    final int paramCount;
    final int s;
    final int r;
    final int u64s;
    final int add;
    final int fh0;
    final int fh1;
    final int constU64;
    final int fnHandle;

    Base(BinaryFormat format) {
      m = new TestModule(format);
      s = m.struct("S", AbilitySet.of(Ability.COPY, Ability.DROP), U64, BOOL);
      r = m.struct("R", AbilitySet.EMPTY, U64);
      u64s = m.sig(U64);
      fh0 = m.fieldHandle(s, 0);
      fh1 = m.fieldHandle(s, 1);
      constU64 = m.constant(U64, new byte[8]);
      int a = m.fun("add", List.of(new MutableReference(U64), U64), List.of(U64), List.of(),
          Bytecode.withIndex(COPY_LOC, 1), Bytecode.withIndex(MOVE_LOC, 0), Bytecode.of(READ_REF),
          Bytecode.of(ADD), Bytecode.of(RET));
      add = m.b.functionDefs.get(a).function();
      List<SignatureToken> params = List.of(U64, BOOL, new MutableReference(U64), m.type(s), new MutableReference(new Vector(U64)));
      List<SignatureToken> more = List.of(U64, BOOL, m.type(s), m.type(r), new Vector(U64), new Reference(U64), new MutableReference(m.type(s)));
      locals.addAll(params);
      locals.addAll(more);
      paramCount = params.size();
      fnHandle = m.handle("f", params, List.of(), List.of());
      m.sig(more);
      extras(format);
    }

    /** Tables for every operand kind, so random instructions reach every instruction's checks. */
    private void extras(BinaryFormat format) {
      var tp = List.of(new io.statecraft.move.binary.DatatypeTypeParameter(AbilitySet.EMPTY, false));
      int box = m.genericStruct("Box", AbilitySet.of(Ability.COPY, Ability.DROP), tp, new SignatureToken.TypeParameter(0));
      m.structInst(box, U64);
      m.b.fieldInstantiations.add(new io.statecraft.move.binary.FieldInstantiation(m.fieldHandle(box, 0), m.sig(U64)));
      m.struct("K", AbilitySet.of(Ability.KEY, Ability.STORE), U64);
      int gh = m.handle("g", List.of(new SignatureToken.TypeParameter(0)), List.of(new SignatureToken.TypeParameter(0)), List.of(AbilitySet.EMPTY));
      m.define(gh, List.of(), Bytecode.withIndex(MOVE_LOC, 0), Bytecode.of(RET));
      m.funInst(gh, U64);
      m.funInst(gh, m.type(r));
      if (format.isSui()) {
        int e = m.enumType("E", AbilitySet.of(Ability.DROP), List.of(List.of(), List.of(U64, BOOL)));
        m.variantHandle(e, 0);
        m.variantHandle(e, 1);
        int ge = m.b.datatypeHandles.size();
        m.b.datatypeHandles.add(new io.statecraft.move.binary.DatatypeHandle(0, m.id("G"), AbilitySet.of(Ability.DROP), tp));
        m.b.enumDefs.add(new io.statecraft.move.binary.EnumDefinition(ge, List.of(
            new io.statecraft.move.binary.VariantDefinition(m.id("A"), List.of(new io.statecraft.move.binary.FieldDefinition(m.id("x"), new SignatureToken.TypeParameter(0)))))));
        m.b.enumDefInstantiations.add(new io.statecraft.move.binary.EnumDefInstantiation(1, m.sig(U64)));
        m.b.variantInstantiationHandles.add(new io.statecraft.move.binary.VariantInstantiationHandle(0, 0));
      }
      if (format.isAptos()) {
        int vh = m.b.datatypeHandles.size();
        m.b.datatypeHandles.add(new io.statecraft.move.binary.DatatypeHandle(0, m.id("V"), AbilitySet.of(Ability.COPY, Ability.DROP), List.of()));
        m.b.structDefs.add(new io.statecraft.move.binary.StructDefinition(vh, new io.statecraft.move.binary.StructFieldInformation.DeclaredVariants(List.of(
            new io.statecraft.move.binary.VariantDefinition(m.id("A"), List.of(new io.statecraft.move.binary.FieldDefinition(m.id("x"), U64))),
            new io.statecraft.move.binary.VariantDefinition(m.id("B"), List.of(new io.statecraft.move.binary.FieldDefinition(m.id("x"), U64), new io.statecraft.move.binary.FieldDefinition(m.id("y"), BOOL)))))));
        int vd = m.b.structDefs.size() - 1;
        m.b.variantFieldHandles.add(new io.statecraft.move.binary.VariantFieldHandle(vd, List.of(0, 1), 0));
        m.b.structVariantHandles.add(new io.statecraft.move.binary.StructVariantHandle(vd, 0));
        m.b.structVariantHandles.add(new io.statecraft.move.binary.StructVariantHandle(vd, 1));
      }
    }

    CompiledModule with(List<Bytecode> code) {
      TestModule copy = new TestModule(m.b.format());
      copy.b.identifiers.clear();
      CompiledModule.Builder b = m.b.build().toBuilder();
      b.functionDefs.add(new FunctionDefinition(fnHandle, Visibility.PUBLIC, false, List.of(),
          new CodeUnit(b.signatures.indexOf(io.statecraft.move.binary.Signature.of(
              locals.subList(paramCount, locals.size()).toArray(new SignatureToken[0]))), code)));
      return b.build();
    }
  }

  /** A body generator: blocks of straight-line code with symbolic branch targets. */
  static final class Gen {
    final SplittableRandom rnd;
    final Base base;
    final List<SignatureToken> stack = new ArrayList<>();
    final List<long[]> out = new ArrayList<>(); // {opcode ordinal, index, value, isBlockTarget}

    Gen(long seed, Base base) {
      this.rnd = new SplittableRandom(seed);
      this.base = base;
    }

    void emit(Opcode op, long index, long value, boolean target) {
      out.add(new long[] {op.ordinal(), index, value, target ? 1 : 0});
    }

    void emit(Opcode op) {
      emit(op, 0, 0, false);
    }

    void emit(Opcode op, long index) {
      emit(op, index, 0, false);
    }

    SignatureToken top(int k) {
      return stack.size() > k ? stack.get(stack.size() - 1 - k) : null;
    }

    void pop(int n) {
      for (int i = 0; i < n; i++) {
        stack.remove(stack.size() - 1);
      }
    }

    List<Bytecode> body() {
      int blocks = 1 + rnd.nextInt(6);
      List<Integer> blockStart = new ArrayList<>();
      for (int k = 0; k < blocks; k++) {
        blockStart.add(out.size());
        int len = rnd.nextInt(12);
        for (int i = 0; i < len; i++) {
          step();
        }
        while (!stack.isEmpty()) {
          SignatureToken t = top(0);
          int local = base.locals.indexOf(t);
          if (local >= 0 && rnd.nextInt(3) == 0) {
            emit(ST_LOC, local);
          } else {
            emit(POP);
          }
          pop(1);
        }
        int term = k == blocks - 1 ? rnd.nextInt(2) : rnd.nextInt(6);
        switch (term) {
          case 0 -> emit(RET);
          case 1 -> {
            emit(LD_U64, 0, 7, false);
            emit(ABORT);
          }
          case 2 -> emit(BRANCH, rnd.nextInt(blocks), 0, true);
          case 3 -> {
            emit(rnd.nextBoolean() ? LD_TRUE : LD_FALSE);
            emit(rnd.nextBoolean() ? BR_TRUE : BR_FALSE, rnd.nextInt(blocks), 0, true);
          }
          default -> {} // fall through
        }
      }
      List<Bytecode> code = new ArrayList<>();
      for (long[] i : out) {
        Opcode op = Opcode.values()[(int) i[0]];
        long index = i[3] == 1 ? blockStart.get((int) i[1]) : i[1];
        code.add(make(op, (int) index, i[2]));
      }
      return code;
    }

    static Bytecode make(Opcode op, int index, long value) {
      OperandKind k = op.operandKind();
      if (k.hasWideImmediate()) {
        return Bytecode.withWide(op, BigInteger.valueOf(value & 0xFF));
      }
      if (k.hasIndexAndValue()) {
        return Bytecode.withIndexAndValue(op, index, value);
      }
      if (k.hasSmallImmediate()) {
        return Bytecode.withValue(op, value & 0x7F);
      }
      if (k.hasIndex()) {
        return Bytecode.withIndex(op, index);
      }
      return Bytecode.of(op);
    }

    void step() {
      if (rnd.nextInt(100) < 6) {
        randomInstruction();
        return;
      }
      SignatureToken a = top(0);
      SignatureToken b = top(1);
      List<Runnable> options = new ArrayList<>();
      options.add(() -> { emit(LD_U64, 0, rnd.nextInt(100), false); stack.add(U64); });
      options.add(() -> { emit(LD_TRUE); stack.add(BOOL); });
      options.add(() -> { emit(LD_CONST, base.constU64); stack.add(U64); });
      options.add(() -> {
        int l = rnd.nextInt(base.locals.size());
        SignatureToken t = base.locals.get(l);
        boolean copy = !(t.equals(base.m.type(base.r))) && rnd.nextBoolean();
        emit(copy ? COPY_LOC : MOVE_LOC, l);
        stack.add(t);
      });
      options.add(() -> {
        int l = rnd.nextInt(base.locals.size());
        SignatureToken t = base.locals.get(l);
        if (!Types0.isRef(t)) {
          boolean mut = rnd.nextBoolean();
          emit(mut ? MUT_BORROW_LOC : IMM_BORROW_LOC, l);
          stack.add(mut ? new MutableReference(t) : new Reference(t));
        }
      });
      if (a != null) {
        options.add(() -> {
          int l = base.locals.indexOf(top(0));
          if (l >= 0) {
            emit(ST_LOC, l);
            pop(1);
          }
        });
        if (!a.equals(base.m.type(base.r))) {
          options.add(() -> { emit(POP); pop(1); });
        }
      }
      if (U64.equals(a) && U64.equals(b)) {
        options.add(() -> { emit(rnd.nextBoolean() ? ADD : MUL); pop(1); });
        options.add(() -> { emit(LT); pop(2); stack.add(BOOL); });
        options.add(() -> { emit(EQ); pop(2); stack.add(BOOL); });
      }
      if (BOOL.equals(a) && U64.equals(b)) {
        options.add(() -> { emit(PACK, base.s); pop(2); stack.add(base.m.type(base.s)); });
      }
      if (U64.equals(a)) {
        options.add(() -> { emit(PACK, base.r); pop(1); stack.add(base.m.type(base.r)); });
        if (b != null && b.equals(new MutableReference(U64))) {
          options.add(() -> { emit(CALL, base.add); pop(2); stack.add(U64); });
        }
      }
      if (a != null && (a.equals(base.m.type(base.s)) || a.equals(base.m.type(base.r)))) {
        options.add(() -> {
          boolean isS = top(0).equals(base.m.type(base.s));
          emit(UNPACK, isS ? base.s : base.r);
          pop(1);
          stack.add(U64);
          if (isS) {
            stack.add(BOOL);
          }
        });
      }
      if (a instanceof Reference || a instanceof MutableReference) {
        SignatureToken inner = a instanceof Reference r ? r.referent() : ((MutableReference) a).referent();
        boolean mut = a instanceof MutableReference;
        if (!inner.equals(base.m.type(base.r))) {
          options.add(() -> { emit(READ_REF); pop(1); stack.add(inner); });
        }
        if (mut) {
          options.add(() -> { emit(FREEZE_REF); pop(1); stack.add(new Reference(inner)); });
          if (inner.equals(b)) {
            options.add(() -> { emit(WRITE_REF); pop(2); });
          }
        }
        if (inner.equals(base.m.type(base.s))) {
          options.add(() -> {
            boolean f0 = rnd.nextBoolean();
            boolean m2 = mut && rnd.nextBoolean();
            emit(m2 ? MUT_BORROW_FIELD : IMM_BORROW_FIELD, f0 ? base.fh0 : base.fh1);
            pop(1);
            SignatureToken ft = f0 ? U64 : BOOL;
            stack.add(m2 ? new MutableReference(ft) : new Reference(ft));
          });
        }
        if (inner.equals(new Vector(U64))) {
          options.add(() -> { emit(VEC_LEN, base.u64s); pop(1); stack.add(U64); });
          if (mut) {
            options.add(() -> { emit(VEC_POP_BACK, base.u64s); pop(1); stack.add(U64); });
          }
        }
      }
      if (U64.equals(a) && b != null && b.equals(new MutableReference(new Vector(U64)))) {
        options.add(() -> { emit(VEC_PUSH_BACK, base.u64s); pop(2); });
        options.add(() -> { emit(VEC_MUT_BORROW, base.u64s); pop(2); stack.add(new MutableReference(U64)); });
      }
      options.get(rnd.nextInt(options.size())).run();
    }

    void randomInstruction() {
      Opcode[] all = Opcode.values();
      Opcode op = all[rnd.nextInt(all.length)];
      if (!op.existsIn(base.m.b.format()) || op == VARIANT_SWITCH || op.operandKind() == OperandKind.CODE_OFFSET) {
        return;
      }
      var t = base.m.b;
      int bound = switch (op.operandKind()) {
        case LOCAL_INDEX -> base.locals.size();
        case CONSTANT -> t.constantPool.size();
        case FUNCTION_HANDLE, FUNCTION_HANDLE_AND_MASK -> t.functionHandles.size();
        case FUNCTION_INSTANTIATION, FUNCTION_INSTANTIATION_AND_MASK -> t.functionInstantiations.size();
        case STRUCT_DEF -> t.structDefs.size();
        case STRUCT_DEF_INSTANTIATION -> t.structDefInstantiations.size();
        case FIELD_HANDLE -> t.fieldHandles.size();
        case FIELD_INSTANTIATION -> t.fieldInstantiations.size();
        case VARIANT_HANDLE -> t.variantHandles.size();
        case VARIANT_INSTANTIATION_HANDLE -> t.variantInstantiationHandles.size();
        case VARIANT_FIELD_HANDLE -> t.variantFieldHandles.size();
        case VARIANT_FIELD_INSTANTIATION -> t.variantFieldInstantiations.size();
        case STRUCT_VARIANT_HANDLE -> t.structVariantHandles.size();
        case STRUCT_VARIANT_INSTANTIATION -> t.structVariantInstantiations.size();
        case SIGNATURE, SIGNATURE_AND_COUNT -> t.signatures.size();
        case NONE -> 1;
        default -> op.operandKind().hasIndex() ? 0 : 1;
      };
      if (bound == 0) {
        return;
      }
      emit(op, rnd.nextInt(bound), rnd.nextInt(4), false);
      stack.clear(); // unknown effect: the verifier decides
    }
  }

  static final class Types0 {
    static boolean isRef(SignatureToken t) {
      return t instanceof Reference || t instanceof MutableReference;
    }
  }

  static boolean verifiesCleanly(CompiledUnit unit, String what) {
    try {
      Strict.verify(unit);
      return true;
    } catch (InvalidModuleException e) {
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(what + ": " + e, e);
    }
  }

  @Test
  void randomBodiesAndTheirMutantsPassOrFailCleanly() {
    int passed = 0;
    int total = 0;
    for (BinaryFormat format : List.of(BinaryFormat.of(FormatFlavor.SUI, 7), BinaryFormat.of(FormatFlavor.APTOS, 9),
        BinaryFormat.of(FormatFlavor.LEGACY, 6))) {
      Base base = new Base(format);
      Verifier.verifyAll(base.with(List.of(Bytecode.of(RET)))); // the fixed part is valid
      for (long seed = 0; seed < 1000; seed++) {
        List<Bytecode> code = new Gen(seed, base).body();
        total++;
        boolean ok = verifiesCleanly(base.with(code), format + " seed " + seed + " " + code);
        if (ok) {
          passed++;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
        if (ok) {
          byteMutants(base.with(code), rnd, format + " seed " + seed);
        }
        for (int k = 0; k < (ok ? 8 : 1); k++) {
          List<Bytecode> mutant = mutate(code, rnd, base);
          try {
            io.statecraft.move.binary.BoundsChecker.check(base.with(mutant));
          } catch (InvalidModuleException e) {
            continue;
          }
          verifiesCleanly(base.with(mutant), format + " mutant of seed " + seed + " " + mutant);
        }
      }
    }
    // The generator must reach deep: a good share of bodies pass every rule.
    System.out.println("CodeFuzzTest: " + passed + " of " + total + " random bodies pass every rule");
    assertTrue(passed > total / 20, "only " + passed + " of " + total + " random bodies passed");
  }

  /** Valid module, serialized, a few bytes changed, read back: tables change, not only code. */
  private static void byteMutants(CompiledModule valid, SplittableRandom rnd, String what) {
    byte[] bytes = io.statecraft.move.binary.ModuleWriter.write(valid);
    ModuleReader reader = new ModuleReader();
    for (int k = 0; k < 6; k++) {
      byte[] b = bytes.clone();
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        int at = 8 + rnd.nextInt(b.length - 8);
        b[at] = rnd.nextBoolean() ? (byte) (b[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
      }
      CompiledModule m;
      try {
        m = reader.readModule(b);
      } catch (MoveException e) {
        continue;
      }
      verifiesCleanly(m, what + " byte mutant " + k);
    }
  }

  private static List<Bytecode> mutate(List<Bytecode> code, SplittableRandom rnd, Base base) {
    List<Bytecode> m = new ArrayList<>(code);
    int at = rnd.nextInt(m.size());
    switch (rnd.nextInt(4)) {
      case 0 -> m.remove(at);
      case 1 -> {
        int other = rnd.nextInt(m.size());
        Bytecode t = m.get(at);
        m.set(at, m.get(other));
        m.set(other, t);
      }
      case 2 -> {
        Bytecode b = m.get(at);
        if (b.opcode().operandKind().hasIndex()) {
          m.set(at, Gen.make(b.opcode(), rnd.nextInt(Math.min(b.opcode().operandKind().maxIndex(), 16) + 1), b.value()));
        }
      }
      default -> {
        Opcode[] all = Opcode.values();
        Opcode op = all[rnd.nextInt(all.length)];
        if (op.existsIn(base.m.b.format())) {
          int max = op.operandKind().hasIndex() ? Math.min(op.operandKind().maxIndex(), m.size() + 4) : 0;
          m.set(at, Gen.make(op, max == 0 ? 0 : rnd.nextInt(max), rnd.nextInt(3)));
        }
      }
    }
    return m;
  }

  @Test
  void fuzzedBinariesPassOrFailCleanly() {
    Fuzzer fuzzer = new Fuzzer(11);
    ModuleReader reader = new ModuleReader();
    for (int i = 0; i < 5_000; i++) {
      byte[] input = fuzzer.nextInput();
      CompiledUnit unit;
      try {
        unit = reader.readModule(input);
      } catch (MalformedModuleException e) {
        try {
          unit = reader.readScript(input);
        } catch (MoveException e2) {
          continue;
        }
      } catch (MoveException e) {
        continue;
      }
      verifiesCleanly(unit, "fuzz input " + i);
    }
  }
}
