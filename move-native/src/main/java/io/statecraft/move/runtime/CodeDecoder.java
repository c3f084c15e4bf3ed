package io.statecraft.move.runtime;

import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructVariantHandle;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.VariantFieldHandle;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import io.statecraft.move.binary.VariantJumpTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-decodes one code unit: each {@link Bytecode} becomes an {@link Op} and an int operand;
 * table references become resolved pool entries (values, call sites, types), so the
 * interpreter never looks at the binary format's tables.
 */
final class CodeDecoder {
  private final CompiledUnit unit;
  private final CompiledModule module;
  private final Linker.UnitResolver r;
  private final FunctionDef function;
  private final int localCount;
  private final List<Object> pool = new ArrayList<>();

  CodeDecoder(CompiledUnit unit, Linker.UnitResolver r, FunctionDef function, int localCount) {
    this.localCount = localCount;
    this.unit = unit;
    this.module = unit instanceof CompiledModule m ? m : null;
    this.r = r;
    this.function = function;
  }

  Code decode(CodeUnit code) {
    List<Bytecode> bc = code.code();
    int n = bc.size();
    int[] ops = new int[n];
    int[] operands = new int[n];
    for (int pc = 0; pc < n; pc++) {
      Bytecode b = bc.get(pc);
      try {
        decodeOne(b, code, pc, ops, operands);
      } catch (IndexOutOfBoundsException | ClassCastException | NullPointerException e) {
        throw new LinkException(StatusCode.LINKER_ERROR, function + " at " + pc + ": " + b + ": " + e);
      }
      if (isBranch(ops[pc]) && (operands[pc] < 0 || operands[pc] >= n)) {
        throw new LinkException(StatusCode.LINKER_ERROR, function + " at " + pc + ": branch out of code");
      }
    }
    if (n == 0) {
      throw new LinkException(StatusCode.LINKER_ERROR, function + " has empty code");
    }
    return new Code(ops, operands, pool.toArray());
  }

  private static boolean isBranch(int op) {
    return op == Op.BR_TRUE || op == Op.BR_FALSE || op == Op.BRANCH;
  }

  private int add(Object o) {
    pool.add(o);
    return pool.size() - 1;
  }

  private void decodeOne(Bytecode b, CodeUnit code, int pc, int[] ops, int[] operands) {
    int op;
    int arg = 0;
    switch (b.opcode()) {
      case POP -> op = Op.POP;
      case RET -> op = Op.RET;
      case BR_TRUE -> { op = Op.BR_TRUE; arg = b.index(); }
      case BR_FALSE -> { op = Op.BR_FALSE; arg = b.index(); }
      case BRANCH -> { op = Op.BRANCH; arg = b.index(); }
      case LD_U8 -> { op = Op.LD_VALUE; arg = add(Values.u8((int) b.value())); }
      case LD_U16 -> { op = Op.LD_VALUE; arg = add(Values.u16((int) b.value())); }
      case LD_U32 -> { op = Op.LD_VALUE; arg = add(Values.u32(b.value())); }
      case LD_U64 -> { op = Op.LD_VALUE; arg = add(Long.valueOf(b.value())); }
      case LD_U128 -> { op = Op.LD_VALUE; arg = add(U128.of(b.wide())); }
      case LD_U256 -> { op = Op.LD_VALUE; arg = add(U256.of(b.wide())); }
      case LD_I8 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I8, BigInteger.valueOf(b.value()))); }
      case LD_I16 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I16, BigInteger.valueOf(b.value()))); }
      case LD_I32 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I32, BigInteger.valueOf(b.value()))); }
      case LD_I64 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I64, BigInteger.valueOf(b.value()))); }
      case LD_I128 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I128, b.wide())); }
      case LD_I256 -> { op = Op.LD_VALUE; arg = add(new SignedInt(Type.Kind.I256, b.wide())); }
      case LD_TRUE -> { op = Op.LD_VALUE; arg = add(Boolean.TRUE); }
      case LD_FALSE -> { op = Op.LD_VALUE; arg = add(Boolean.FALSE); }
      case LD_CONST -> {
        Object v = r.constant(b.index());
        op = v instanceof Container ? Op.LD_CONST : Op.LD_VALUE;
        arg = add(v);
      }
      case COPY_LOC -> { op = Op.COPY_LOC; arg = local(b); }
      case MOVE_LOC -> { op = Op.MOVE_LOC; arg = local(b); }
      case ST_LOC -> { op = Op.ST_LOC; arg = local(b); }
      case MUT_BORROW_LOC, IMM_BORROW_LOC -> { op = Op.BORROW_LOC; arg = local(b); }
      case MUT_BORROW_FIELD, IMM_BORROW_FIELD -> {
        op = Op.BORROW_FIELD;
        arg = module.fieldHandles().get(b.index()).field();
      }
      case MUT_BORROW_FIELD_GENERIC, IMM_BORROW_FIELD_GENERIC -> {
        FieldInstantiation fi = module.fieldInstantiations().get(b.index());
        op = Op.BORROW_FIELD;
        arg = module.fieldHandles().get(fi.handle()).field();
      }
      case CALL -> { op = Op.CALL; arg = add(r.call(b.index())); }
      case CALL_GENERIC -> { op = Op.CALL; arg = add(r.callGeneric(b.index())); }
      case PACK -> {
        Type t = structType(b.index(), null);
        op = Op.PACK;
        arg = add(new PackSite(t, 0, t.datatype().fieldCount(0)));
      }
      case PACK_GENERIC -> {
        StructDefInstantiation si = module.structDefInstantiations().get(b.index());
        Type t = structType(si.def(), r.typeArray(si.typeParameters()));
        op = Op.PACK;
        arg = add(new PackSite(t, 0, t.datatype().fieldCount(0)));
      }
      case UNPACK, UNPACK_GENERIC -> op = Op.UNPACK;
      case READ_REF -> op = Op.READ_REF;
      case WRITE_REF -> op = Op.WRITE_REF;
      case FREEZE_REF -> op = Op.FREEZE_REF;
      case ADD -> op = Op.ADD;
      case SUB -> op = Op.SUB;
      case MUL -> op = Op.MUL;
      case MOD -> op = Op.MOD;
      case DIV -> op = Op.DIV;
      case BIT_OR -> op = Op.BIT_OR;
      case BIT_AND -> op = Op.BIT_AND;
      case XOR -> op = Op.XOR;
      case OR -> op = Op.OR;
      case AND -> op = Op.AND;
      case NOT -> op = Op.NOT;
      case EQ -> op = Op.EQ;
      case NEQ -> op = Op.NEQ;
      case LT -> op = Op.LT;
      case GT -> op = Op.GT;
      case LE -> op = Op.LE;
      case GE -> op = Op.GE;
      case ABORT -> op = Op.ABORT;
      case ABORT_MSG -> op = Op.ABORT_MSG;
      case NOP -> op = Op.NOP;
      case SHL -> op = Op.SHL;
      case SHR -> op = Op.SHR;
      case EXISTS -> { op = Op.EXISTS; arg = add(structType(b.index(), null)); }
      case EXISTS_GENERIC -> { op = Op.EXISTS; arg = add(structInstantiation(b.index())); }
      case MUT_BORROW_GLOBAL -> { op = Op.MUT_BORROW_GLOBAL; arg = add(structType(b.index(), null)); }
      case MUT_BORROW_GLOBAL_GENERIC -> { op = Op.MUT_BORROW_GLOBAL; arg = add(structInstantiation(b.index())); }
      case IMM_BORROW_GLOBAL -> { op = Op.IMM_BORROW_GLOBAL; arg = add(structType(b.index(), null)); }
      case IMM_BORROW_GLOBAL_GENERIC -> { op = Op.IMM_BORROW_GLOBAL; arg = add(structInstantiation(b.index())); }
      case MOVE_FROM -> { op = Op.MOVE_FROM; arg = add(structType(b.index(), null)); }
      case MOVE_FROM_GENERIC -> { op = Op.MOVE_FROM; arg = add(structInstantiation(b.index())); }
      case MOVE_TO -> { op = Op.MOVE_TO; arg = add(structType(b.index(), null)); }
      case MOVE_TO_GENERIC -> { op = Op.MOVE_TO; arg = add(structInstantiation(b.index())); }
      case CAST_U8 -> op = Op.CAST_U8;
      case CAST_U16 -> op = Op.CAST_U16;
      case CAST_U32 -> op = Op.CAST_U32;
      case CAST_U64 -> op = Op.CAST_U64;
      case CAST_U128 -> op = Op.CAST_U128;
      case CAST_U256 -> op = Op.CAST_U256;
      case CAST_I8 -> op = Op.CAST_I8;
      case CAST_I16 -> op = Op.CAST_I16;
      case CAST_I32 -> op = Op.CAST_I32;
      case CAST_I64 -> op = Op.CAST_I64;
      case CAST_I128 -> op = Op.CAST_I128;
      case CAST_I256 -> op = Op.CAST_I256;
      case NEGATE -> op = Op.NEGATE;
      case VEC_PACK -> {
        op = Op.VEC_PACK;
        Type[] elem = r.typeArray(b.index());
        arg = add(new VecSite(elem[0], (int) b.value()));
      }
      case VEC_LEN -> op = Op.VEC_LEN;
      case VEC_IMM_BORROW, VEC_MUT_BORROW -> op = Op.VEC_BORROW;
      case VEC_PUSH_BACK -> op = Op.VEC_PUSH_BACK;
      case VEC_POP_BACK -> op = Op.VEC_POP_BACK;
      case VEC_UNPACK -> { op = Op.VEC_UNPACK; arg = (int) b.value(); }
      case VEC_SWAP -> op = Op.VEC_SWAP;
      // Sui enums
      case PACK_VARIANT -> {
        VariantHandle vh = module.variantHandles().get(b.index());
        Type t = enumType(vh.enumDef(), null);
        op = Op.PACK;
        arg = add(new PackSite(t, vh.variant(), t.datatype().fieldCount(vh.variant())));
      }
      case PACK_VARIANT_GENERIC -> {
        VariantInstantiationHandle vh = module.variantInstantiationHandles().get(b.index());
        EnumDefInstantiation ei = module.enumDefInstantiations().get(vh.enumDefInstantiation());
        Type t = enumType(ei.def(), r.typeArray(ei.typeParameters()));
        op = Op.PACK;
        arg = add(new PackSite(t, vh.variant(), t.datatype().fieldCount(vh.variant())));
      }
      case UNPACK_VARIANT -> { op = Op.UNPACK_VARIANT; arg = module.variantHandles().get(b.index()).variant(); }
      case UNPACK_VARIANT_IMM_REF, UNPACK_VARIANT_MUT_REF -> {
        op = Op.UNPACK_VARIANT_REF;
        arg = module.variantHandles().get(b.index()).variant();
      }
      case UNPACK_VARIANT_GENERIC -> {
        op = Op.UNPACK_VARIANT;
        arg = module.variantInstantiationHandles().get(b.index()).variant();
      }
      case UNPACK_VARIANT_GENERIC_IMM_REF, UNPACK_VARIANT_GENERIC_MUT_REF -> {
        op = Op.UNPACK_VARIANT_REF;
        arg = module.variantInstantiationHandles().get(b.index()).variant();
      }
      case VARIANT_SWITCH -> {
        VariantJumpTable jt = code.jumpTables().get(b.index());
        int[] table = new int[jt.offsets().size()];
        for (int i = 0; i < table.length; i++) {
          table[i] = jt.offsets().get(i);
          if (table[i] < 0 || table[i] >= code.code().size()) {
            throw new LinkException(StatusCode.LINKER_ERROR, function + " at " + pc + ": jump table target out of code");
          }
        }
        op = Op.VARIANT_SWITCH;
        arg = add(table);
      }
      // Aptos enums (struct variants)
      case IMM_BORROW_VARIANT_FIELD, MUT_BORROW_VARIANT_FIELD -> {
        VariantFieldHandle vf = module.variantFieldHandles().get(b.index());
        op = Op.BORROW_VARIANT_FIELD;
        arg = add(new VariantFieldSite(ints(vf.variants()), vf.field()));
      }
      case IMM_BORROW_VARIANT_FIELD_GENERIC, MUT_BORROW_VARIANT_FIELD_GENERIC -> {
        VariantFieldInstantiation vi = module.variantFieldInstantiations().get(b.index());
        VariantFieldHandle vf = module.variantFieldHandles().get(vi.handle());
        op = Op.BORROW_VARIANT_FIELD;
        arg = add(new VariantFieldSite(ints(vf.variants()), vf.field()));
      }
      case PACK_STRUCT_VARIANT -> {
        StructVariantHandle sv = module.structVariantHandles().get(b.index());
        Type t = structType(sv.structDef(), null);
        op = Op.PACK;
        arg = add(new PackSite(t, sv.variant(), t.datatype().fieldCount(sv.variant())));
      }
      case PACK_STRUCT_VARIANT_GENERIC -> {
        StructVariantInstantiation si = module.structVariantInstantiations().get(b.index());
        StructVariantHandle sv = module.structVariantHandles().get(si.handle());
        Type t = structType(sv.structDef(), r.typeArray(si.typeParameters()));
        op = Op.PACK;
        arg = add(new PackSite(t, sv.variant(), t.datatype().fieldCount(sv.variant())));
      }
      case UNPACK_STRUCT_VARIANT -> {
        op = Op.UNPACK_VARIANT;
        arg = module.structVariantHandles().get(b.index()).variant();
      }
      case UNPACK_STRUCT_VARIANT_GENERIC -> {
        StructVariantInstantiation si = module.structVariantInstantiations().get(b.index());
        op = Op.UNPACK_VARIANT;
        arg = module.structVariantHandles().get(si.handle()).variant();
      }
      case TEST_STRUCT_VARIANT -> {
        op = Op.TEST_VARIANT;
        arg = add(new int[] {module.structVariantHandles().get(b.index()).variant()});
      }
      case TEST_STRUCT_VARIANT_GENERIC -> {
        StructVariantInstantiation si = module.structVariantInstantiations().get(b.index());
        op = Op.TEST_VARIANT;
        arg = add(new int[] {module.structVariantHandles().get(si.handle()).variant()});
      }
      // Aptos closures
      case PACK_CLOSURE -> { op = Op.PACK_CLOSURE; arg = add(new ClosureSite(r.call(b.index()), b.value())); }
      case PACK_CLOSURE_GENERIC -> { op = Op.PACK_CLOSURE; arg = add(new ClosureSite(r.callGeneric(b.index()), b.value())); }
      case CALL_CLOSURE -> op = Op.CALL_CLOSURE;
      default -> throw new LinkException(StatusCode.LINKER_ERROR, "unsupported opcode " + b.opcode());
    }
    ops[pc] = op;
    operands[pc] = arg;
  }

  private int local(Bytecode b) {
    if (b.index() >= localCount) {
      throw new LinkException(StatusCode.LINKER_ERROR, function + ": local " + b.index() + " out of " + localCount);
    }
    return b.index();
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The type of struct def {@code index}, applied to {@code args} (none for non-generic ops). */
  private Type structType(int index, Type[] args) {
    StructDefinition sd = module.structDefs().get(index);
    return datatypeType(r.datatypes[sd.structHandle()], args);
  }

  private Type structInstantiation(int index) {
    StructDefInstantiation si = module.structDefInstantiations().get(index);
    return structType(si.def(), r.typeArray(si.typeParameters()));
  }

  private Type enumType(int index, Type[] args) {
    EnumDefinition ed = module.enumDefs().get(index);
    return datatypeType(r.datatypes[ed.enumHandle()], args);
  }

  private static Type datatypeType(DatatypeDef def, Type[] args) {
    if (args == null) {
      if (def.typeParameterCount() != 0) {
        throw new LinkException(StatusCode.GENERIC_MEMBER_OPCODE_MISMATCH, "non-generic instruction on generic " + def);
      }
      return Type.datatype(def);
    }
    return Type.datatype(def, args);
  }
}
