package io.statecraft.move.runtime;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.bcs.BcsException;
import io.statecraft.move.natives.NativeContext;
import io.statecraft.move.natives.NativeFunction;
import io.statecraft.move.storage.Event;
import java.util.Map;

/**
 * The interpreter: one transaction's operand stack, call stack and gas, and the core loop over
 * pre-decoded code. Move calls push a {@link Frame} on an explicit stack — the loop never
 * recurses on the Java stack — so unbounded recursion ends with CALL_STACK_OVERFLOW and a
 * flood of pushes with EXECUTION_STACK_OVERFLOW, both deterministic.
 *
 * <p>Gas is charged before each instruction runs, so an infinite loop stops with OUT_OF_GAS at
 * the same instruction everywhere. Code that no verifier checked may be ill-typed: the casts
 * and array accesses that then fail are reported as INTERNAL_TYPE_ERROR traps, never as JVM
 * errors escaping.
 */
final class Machine implements NativeContext {
  /** A suspended caller: where to resume. */
  private static final class Frame {
    FunctionInstance fn;
    Object[] locals;
    long[] ll;
    int pc;
  }

  private static final long[] NO_LANES = new long[0];

  private final VmLimits limits;
  private final GasSchedule schedule;
  private final GlobalStore store;
  private final Map<Class<?>, Object> extensions;
  private final Object[] stack;
  /** The long lane of the operand stack (see {@link Lanes}): same indices as {@link #stack}. */
  private final long[] lstack;
  private final Frame[] frames;
  private final long gasLimit;
  private long gas;

  Machine(VmLimits limits, GasSchedule schedule, GlobalStore store, long gasLimit,
      Map<Class<?>, Object> extensions) {
    this.limits = limits;
    this.schedule = schedule;
    this.store = store;
    this.extensions = extensions;
    this.stack = new Object[limits.maxOperandStack()];
    this.lstack = new long[limits.maxOperandStack()];
    this.frames = new Frame[limits.maxCallDepth()];
    this.gasLimit = gasLimit;
    this.gas = gasLimit;
  }

  long gasUsed() {
    return gasLimit - gas;
  }

  long gasLeft() {
    return gas;
  }

  /** Runs a function to completion; returns its results. */
  Object[] execute(FunctionInstance entry, Object[] args) {
    if (entry.def.isNative()) {
      return callNative(entry, args);
    }
    return run(entry, args);
  }

  @SuppressWarnings("fallthrough")
  private Object[] run(FunctionInstance entry, Object[] args) {
    final Object[] st = stack;
    final long[] lst = lstack;
    final int[] cost = schedule.instruction;
    int sp = 0;
    int depth = 0;
    FunctionInstance fn = entry;
    Object[] locals = new Object[fn.localCount];
    System.arraycopy(args, 0, locals, 0, args.length);
    long[] ll = laneLocals(fn, locals);
    long[] imm = fn.imm;
    int[] ops = fn.ops;
    int[] orig = fn.orig;
    int[] opd = fn.operands;
    Object[] pool = fn.pool;
    final int sid = schedule.id;
    int[] pcost = fn.pcCost[sid];
    int pc = 0;
    // pc where the current op started; -1 when a fused op fell back to its first part.
    int start = 0;
    long gas = this.gas;
    try {
      for (;;) {
        int op = ops[pc];
        start = pc;
        if ((gas -= pcost[pc]) < 0) {
          // A fused op the budget cannot pay in full: run its first part alone instead.
          gas += pcost[pc];
          start = -1;
          op = orig[pc];
          if ((gas -= cost[op]) < 0) {
            throw outOfGas();
          }
        }
        switch (op) {
          case Fusion.LL: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Object a = locals[opd[pc]];
            if (a instanceof Container) {
              gas = chargeNodes(gas, a);
              a = Values.copy(a);
            } else if (a == null) {
              throw unavailable("copy");
            }
            pc++;
            Object b = locals[opd[pc]];
            if (b instanceof Container) {
              gas = chargeNodes(gas, b);
              b = Values.copy(b);
            } else if (b == null) {
              throw unavailable("copy");
            }
            st[sp] = a;
            st[sp + 1] = b;
            sp += 2;
            pc++;
            break;
          }
          case Fusion.LOC_IMM_EQ_BR: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Object a = locals[opd[pc]];
            Object k = pool[opd[pc + 1]];
            boolean eq;
            if (a instanceof Long x && k instanceof Long y) {
              eq = x.longValue() == y.longValue();
            } else {
              if (a instanceof Container) {
                gas = chargeNodes(gas, a);
                gas = chargeNodes(gas, a);
              }
              eq = Values.equal(a, k);
            }
            boolean r = eq == (orig[pc + 2] == Op.EQ);
            pc = r == (orig[pc + 3] == Op.BR_TRUE) ? opd[pc + 3] : pc + 4;
            break;
          }
          case Fusion.IMM_ADDSUB_ST:
          case Fusion.IMM_MULDIVMOD_ST: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            Object k = pool[opd[pc]];
            pc++;
            int o = orig[pc];
            Object a = st[--sp];
            Object r = op == Fusion.IMM_ADDSUB_ST ? addSub(a, k, o) : mulDivMod(a, k, o);
            pc++;
            locals[opd[pc]] = r;
            pc++;
            break;
          }
          case Fusion.CMP_BR: {
            Object b = st[--sp];
            Object a = st[--sp];
            int c = a instanceof Long x && b instanceof Long y ? Long.compareUnsigned(x, y) : Arith.compare(a, b);
            boolean r = cmpResult(orig[pc], c);
            pc = r == (orig[pc + 1] == Op.BR_TRUE) ? opd[pc + 1] : pc + 2;
            break;
          }
          case Fusion.LL_CMP_BR: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Object a = locals[opd[pc]];
            Object b = locals[opd[pc + 1]];
            int c = a instanceof Long x && b instanceof Long y ? Long.compareUnsigned(x, y) : Arith.compare(a, b);
            boolean r = cmpResult(orig[pc + 2], c);
            pc = r == (orig[pc + 3] == Op.BR_TRUE) ? opd[pc + 3] : pc + 4;
            break;
          }
          case Fusion.LOC_IMM_ADDSUB_ST: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Object a = locals[opd[pc]];
            Object k = pool[opd[pc + 1]];
            pc += 2;
            Object r = addSub(a, k, orig[pc]);
            locals[opd[pc + 1]] = r;
            pc += 2;
            break;
          }
          case Fusion.LOC_IMM_ADDSUB: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Object a = locals[opd[pc]];
            Object k = pool[opd[pc + 1]];
            pc += 2;
            st[sp++] = addSub(a, k, orig[pc]);
            pc++;
            break;
          }
          case Fusion.IMM_ADDSUB: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            Object k = pool[opd[pc]];
            pc++;
            st[sp - 1] = addSub(st[sp - 1], k, orig[pc]);
            pc++;
            break;
          }
          case Fusion.IMM_MULDIVMOD: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            Object k = pool[opd[pc]];
            pc++;
            st[sp - 1] = mulDivMod(st[sp - 1], k, orig[pc]);
            pc++;
            break;
          }
          case Fusion.LOC_FIELD_READ: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            int li = opd[pc];
            Ref r = (Ref) locals[li];
            if (orig[pc] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            Object v = ((StructValue) r.slots[r.index]).fields[opd[pc + 1]];
            pc += 2;
            if (v instanceof Container) {
              gas = chargeNodes(gas, v);
              v = Values.copy(v);
            }
            st[sp++] = v;
            pc++;
            break;
          }
          case Fusion.LOC_FIELD_WRITE: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            int li = opd[pc];
            Ref r = (Ref) locals[li];
            if (orig[pc] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            ((StructValue) r.slots[r.index]).fields[opd[pc + 1]] = st[--sp];
            st[sp] = null;
            pc += 3;
            break;
          }
          case Fusion.VEC_LOC_READ: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            VectorValue v = (VectorValue) locals[opd[pc]];
            long i = (Long) locals[opd[pc + 1]];
            pc += 2;
            if (i < 0 || i >= v.size) {
              throw vecIndex(i, v);
            }
            Object e = v.elements[(int) i];
            pc++;
            if (e instanceof Container) {
              gas = chargeNodes(gas, e);
              e = Values.copy(e);
            }
            st[sp++] = e;
            pc++;
            break;
          }

          case Op.POP:
            sp--;
            pc++;
            break;
          case Op.RET: {
            if (depth == 0) {
              int n = fn.def.returnCount();
              Object[] results = new Object[n];
              System.arraycopy(st, sp - n, results, 0, n);
              this.gas = gas;
              return results;
            }
            Frame f = frames[--depth];
            fn = f.fn;
            locals = f.locals;
            ll = f.ll;
            pc = f.pc + 1;
            f.fn = null;
            f.locals = null;
            f.ll = null;
            imm = fn.imm;
            pcost = fn.pcCost[sid];
            ops = fn.ops;
            orig = fn.orig;
            opd = fn.operands;
            pool = fn.pool;
            break;
          }
          case Op.BR_TRUE:
            pc = (Boolean) st[--sp] ? opd[pc] : pc + 1;
            break;
          case Op.BR_FALSE:
            pc = (Boolean) st[--sp] ? pc + 1 : opd[pc];
            break;
          case Op.BRANCH:
            pc = opd[pc];
            break;
          case Op.LD_VALUE:
            st[sp++] = pool[opd[pc]];
            pc++;
            break;
          case Op.LD_CONST: {
            Object c = pool[opd[pc]];
            gas = chargeNodes(gas, c);
            st[sp++] = Values.copy(c);
            pc++;
            break;
          }
          case Op.COPY_LOC: {
            Object v = locals[opd[pc]];
            if (v instanceof Container) {
              gas = chargeNodes(gas, v);
              v = Values.copy(v);
            } else if (v == null) {
              throw unavailable("copy");
            }
            st[sp++] = v;
            pc++;
            break;
          }
          case Op.MOVE_LOC: {
            int i = opd[pc];
            Object v = locals[i];
            if (v == null) {
              throw unavailable("move");
            }
            st[sp++] = v;
            locals[i] = null;
            pc++;
            break;
          }
          case Op.ST_LOC:
            locals[opd[pc]] = st[--sp];
            pc++;
            break;
          case Op.BORROW_LOC:
            st[sp++] = new Ref(locals, opd[pc]);
            pc++;
            break;
          case Op.BORROW_FIELD: {
            Ref r = (Ref) st[sp - 1];
            st[sp - 1] = new Ref(((StructValue) r.slots[r.index]).fields, opd[pc]);
            pc++;
            break;
          }
          case Op.CALL: {
            int site = opd[pc];
            Object target = fn.resolved[site];
            FunctionInstance callee = target != null ? (FunctionInstance) target : resolveCall(fn, site);
            if (callee.ops == null) {
              this.gas = gas;
              sp = invokeNative(callee, sp);
              gas = this.gas;
              pc++;
              break;
            }
            if (depth + 1 >= frames.length) {
              throw callDepth(depth);
            }
            int nLocals = callee.localCount;
            if ((gas -= (long) nLocals * schedule.perLocal) < 0) {
              throw outOfGas();
            }
            Frame f = frames[depth];
            if (f == null) {
              f = frames[depth] = new Frame();
            }
            f.fn = fn;
            f.locals = locals;
            f.ll = ll;
            f.pc = pc;
            depth++;
            Object[] calleeLocals = new Object[nLocals];
            int n = callee.parameterCount;
            sp -= n;
            System.arraycopy(st, sp, calleeLocals, 0, n);
            fn = callee;
            locals = calleeLocals;
            ll = laneLocals(fn, locals);
            imm = fn.imm;
            pcost = fn.pcCost[sid];
            ops = fn.ops;
            orig = fn.orig;
            opd = fn.operands;
            pool = fn.pool;
            pc = 0;
            break;
          }
          case Op.PACK: {
            int site = opd[pc];
            if (fn.resolved[site] == null) {
              checkPack(fn, site);
            }
            PackSite ps = (PackSite) pool[site];
            int n = ps.fieldCount();
            if ((gas -= (long) n * schedule.perValueNode) < 0) {
              throw outOfGas();
            }
            Object[] fields = new Object[n];
            sp -= n;
            System.arraycopy(st, sp, fields, 0, n);
            st[sp++] = new StructValue(ps.variant(), fields);
            pc++;
            break;
          }
          case Op.UNPACK: {
            Object[] fields = ((StructValue) st[--sp]).fields;
            System.arraycopy(fields, 0, st, sp, fields.length);
            sp += fields.length;
            pc++;
            break;
          }
          case Op.READ_REF: {
            Ref r = (Ref) st[sp - 1];
            Object v = r.slots[r.index];
            if (v instanceof Container) {
              gas = chargeNodes(gas, v);
              v = Values.copy(v);
            }
            st[sp - 1] = v;
            pc++;
            break;
          }
          case Op.WRITE_REF: {
            Ref r = (Ref) st[--sp];
            r.slots[r.index] = st[--sp];
            st[sp] = null;
            pc++;
            break;
          }
          case Op.FREEZE_REF:
          case Op.NOP:
            pc++;
            break;
          case Op.ADD: {
            Object b = st[--sp];
            Object a = st[sp - 1];
            if (a instanceof Long x && b instanceof Long y) {
              long r = x + y;
              if (Long.compareUnsigned(r, x) < 0) {
                throw VmError.arithmetic("u64 addition overflow");
              }
              st[sp - 1] = Values.u64(r);
            } else {
              st[sp - 1] = Arith.add(a, b);
            }
            pc++;
            break;
          }
          case Op.SUB: {
            Object b = st[--sp];
            Object a = st[sp - 1];
            if (a instanceof Long x && b instanceof Long y) {
              if (Long.compareUnsigned(x, y) < 0) {
                throw VmError.arithmetic("u64 subtraction underflow");
              }
              st[sp - 1] = Values.u64(x - y);
            } else {
              st[sp - 1] = Arith.sub(a, b);
            }
            pc++;
            break;
          }
          case Op.MUL: {
            Object b = st[--sp];
            st[sp - 1] = Arith.mul(st[sp - 1], b);
            pc++;
            break;
          }
          case Op.DIV: {
            Object b = st[--sp];
            st[sp - 1] = Arith.div(st[sp - 1], b);
            pc++;
            break;
          }
          case Op.MOD: {
            Object b = st[--sp];
            st[sp - 1] = Arith.mod(st[sp - 1], b);
            pc++;
            break;
          }
          case Op.OR: {
            boolean b = (Boolean) st[--sp];
            st[sp - 1] = Values.bool((Boolean) st[sp - 1] | b);
            pc++;
            break;
          }
          case Op.AND: {
            boolean b = (Boolean) st[--sp];
            st[sp - 1] = Values.bool((Boolean) st[sp - 1] & b);
            pc++;
            break;
          }
          case Op.NOT:
            st[sp - 1] = Values.bool(!(Boolean) st[sp - 1]);
            pc++;
            break;
          case Op.EQ:
          case Op.NEQ: {
            Object b = st[--sp];
            Object a = st[sp - 1];
            boolean eq;
            if (a instanceof Long x && b instanceof Long y) {
              eq = x.longValue() == y.longValue();
            } else {
              gas = chargeNodes(gas, a instanceof Ref r ? r.get() : a);
              eq = Values.equal(a, b);
            }
            st[sp - 1] = Values.bool(eq == (op == Op.EQ));
            pc++;
            break;
          }
          case Op.LT:
          case Op.GT:
          case Op.LE:
          case Op.GE: {
            Object b = st[--sp];
            Object a = st[sp - 1];
            int c = a instanceof Long x && b instanceof Long y
                ? Long.compareUnsigned(x, y) : Arith.compare(a, b);
            boolean r = cmpResult(op, c);
            st[sp - 1] = Values.bool(r);
            pc++;
            break;
          }
          case Op.ABORT:
            throw VmError.abort((Long) st[--sp]);
          case Op.VEC_PACK: {
            int site = opd[pc];
            if (fn.resolved[site] == null) {
              checkVecPack(fn, site);
            }
            int n = ((VecSite) pool[site]).count();
            if ((gas -= (long) n * schedule.perValueNode) < 0) {
              throw outOfGas();
            }
            Object[] e = new Object[Math.max(n, 4)];
            sp -= n;
            System.arraycopy(st, sp, e, 0, n);
            st[sp++] = new VectorValue(e, n);
            pc++;
            break;
          }
          case Op.VEC_LEN: {
            Ref r = (Ref) st[sp - 1];
            st[sp - 1] = (long) ((VectorValue) r.slots[r.index]).size;
            pc++;
            break;
          }
          case Op.VEC_BORROW: {
            long i = (Long) st[--sp];
            Ref r = (Ref) st[sp - 1];
            VectorValue v = (VectorValue) r.slots[r.index];
            if (i < 0 || i >= v.size) {
              throw vecIndex(i, v);
            }
            st[sp - 1] = new Ref(v.elements, (int) i);
            pc++;
            break;
          }
          case Op.VEC_PUSH_BACK: {
            Object e = st[--sp];
            Ref r = (Ref) st[--sp];
            st[sp] = null;
            st[sp + 1] = null;
            VectorValue v = (VectorValue) r.slots[r.index];
            if (v.size >= limits.maxVectorLength()) {
              throw VmError.vector(StatusCode.VEC_SIZE_LIMIT_REACHED, "vector length limit " + limits.maxVectorLength());
            }
            v.push(e);
            pc++;
            break;
          }
          case Op.VEC_POP_BACK: {
            Ref r = (Ref) st[sp - 1];
            VectorValue v = (VectorValue) r.slots[r.index];
            if (v.size == 0) {
              throw VmError.vector(StatusCode.POP_EMPTY_VEC, "pop from an empty vector");
            }
            st[sp - 1] = v.pop();
            pc++;
            break;
          }
          case Op.VEC_SWAP: {
            long j = (Long) st[--sp];
            long i = (Long) st[--sp];
            Ref r = (Ref) st[--sp];
            st[sp] = null;
            VectorValue v = (VectorValue) r.slots[r.index];
            if (i < 0 || i >= v.size || j < 0 || j >= v.size) {
              throw swapIndex(i, j, v);
            }
            Object t = v.elements[(int) i];
            v.elements[(int) i] = v.elements[(int) j];
            v.elements[(int) j] = t;
            pc++;
            break;
          }
          case Op.VARIANT_SWITCH: {
            Ref r = (Ref) st[--sp];
            st[sp] = null;
            int tag = ((StructValue) r.slots[r.index]).variant;
            int[] table = (int[]) pool[opd[pc]];
            if (tag >= table.length) {
              throw VmError.of(StatusCode.UNREACHABLE, "variant " + tag + " outside the jump table");
            }
            pc = table[tag];
            break;
          }
          case Op.CALL_CLOSURE: {
            ClosureValue c = (ClosureValue) st[--sp];
            FunctionInstance callee = c.function;
            int total = callee.parameterCount;
            int supplied = total - c.captured.length;
            Object[] args2 = new Object[total];
            sp -= supplied;
            for (int i = 0, ci = 0, si = sp; i < total; i++) {
              args2[i] = ((c.mask >>> i) & 1) != 0 ? c.captured[ci++] : st[si++];
            }
            if (callee.ops == null) {
              this.gas = gas;
              Object[] results = callNative(callee, args2);
              gas = this.gas;
              System.arraycopy(results, 0, st, sp, results.length);
              sp += results.length;
              pc++;
              break;
            }
            if (depth + 1 >= frames.length) {
              throw callDepth(depth);
            }
            if ((gas -= (long) callee.localCount * schedule.perLocal) < 0) {
              throw outOfGas();
            }
            Frame f = frames[depth];
            if (f == null) {
              f = frames[depth] = new Frame();
            }
            f.fn = fn;
            f.locals = locals;
            f.ll = ll;
            f.pc = pc;
            depth++;
            locals = new Object[callee.localCount];
            System.arraycopy(args2, 0, locals, 0, total);
            fn = callee;
            ll = laneLocals(fn, locals);
            imm = fn.imm;
            pcost = fn.pcCost[sid];
            ops = fn.ops;
            orig = fn.orig;
            opd = fn.operands;
            pool = fn.pool;
            pc = 0;
            break;
          }
          default:
            if (op >= Lanes.L0) {
              // Lane ops run in their own loop (a second compilation unit: one method with all
              // ops is beyond what C2 compiles). Give back this dispatch's charge: lanes() charges.
              gas += start >= 0 ? pcost[pc] : cost[op];
              pc = lanes(fn, locals, ll, pc, sp, gas);
              sp = this.sp;
              gas = this.gas;
              break;
            }
            // Rare ops live in their own method so this one stays small enough to be compiled.
            this.gas = gas;
            sp = rare(op, fn, pc, sp);
            gas = this.gas;
            pc++;
            break;
        }
      }
    } catch (VmError e) {
      if (settled) {
        // lanes() already located the trap and accounted its gas.
        settled = false;
        throw e;
      }
      // Out of gas anywhere (here, in a helper, in a native) means the whole budget is spent.
      this.gas = e.statusCode() == StatusCode.OUT_OF_GAS ? 0 : gas + refund(ops, orig, pcost, start, pc, cost);
      throw e.at(fn.def.module(), fn.def.name(), pc);
    } catch (ArrayIndexOutOfBoundsException e) {
      this.gas = gas + refund(ops, orig, pcost, start, pc, cost);
      boolean overflow = sp >= st.length;
      throw VmError.of(overflow ? StatusCode.EXECUTION_STACK_OVERFLOW : StatusCode.INTERNAL_TYPE_ERROR,
          overflow ? "operand stack limit " + st.length : "bad index: " + e.getMessage())
          .at(fn.def.module(), fn.def.name(), pc);
    } catch (ClassCastException | NullPointerException | NegativeArraySizeException
        | IndexOutOfBoundsException | ArithmeticException e) {
      // Only reachable by code a verifier would have refused.
      this.gas = gas + refund(ops, orig, pcost, start, pc, cost);
      throw VmError.of(StatusCode.INTERNAL_TYPE_ERROR, e.toString()).at(fn.def.module(), fn.def.name(), pc);
    } finally {
      // Drop references so a failed transaction keeps nothing alive through this machine.
      for (int i = 0; i < depth; i++) {
        frames[i].fn = null;
        frames[i].locals = null;
        frames[i].ll = null;
      }
    }
  }

  /** The ops {@link #lanes} runs: lane ops, fused lane ops, branches, compare-and-branch. */
  private static final boolean[] IN_LANES = new boolean[Fusion.ALL];

  static {
    for (int op = Lanes.L0; op < Fusion.ALL; op++) {
      IN_LANES[op] = true;
    }
    IN_LANES[Op.BRANCH] = true;
    IN_LANES[Op.BR_TRUE] = true;
    IN_LANES[Op.BR_FALSE] = true;
    IN_LANES[Fusion.CMP_BR] = true;
  }

  /** Set by {@link #lanes} when it throws a located trap whose gas it has accounted. */
  private boolean settled;
  /** The operand stack pointer when {@link #lanes} returns. */
  private int sp;

  /**
   * The lane loop: runs lane ops and fused lane ops (and the branches between them) from pc
   * until an op it does not handle, and returns that op's pc, not yet charged; the stack
   * pointer and the gas left are in {@link #sp} and {@link #gas}. Gas is charged exactly as in
   * {@link #run}; traps are located and accounted here ({@link #settled}).
   */
  @SuppressWarnings("fallthrough")
  private int lanes(FunctionInstance fn, Object[] locals, long[] ll, int pc, int sp, long gas) {
    final Object[] st = stack;
    final long[] lst = lstack;
    final int[] cost = schedule.instruction;
    final int[] ops = fn.ops;
    final int[] orig = fn.orig;
    final int[] opd = fn.operands;
    final long[] imm = fn.imm;
    final int[] pcost = fn.pcCost[schedule.id];
    int start = pc;
    try {
      for (;;) {
        int op = ops[pc];
        start = pc;
        if (!IN_LANES[op]) {
          break;
        }
        if ((gas -= pcost[pc]) < 0) {
          gas += pcost[pc];
          start = -1;
          op = orig[pc];
          if (!IN_LANES[op]) {
            break;
          }
          if ((gas -= cost[op]) < 0) {
            throw outOfGas();
          }
        }
        switch (op) {
          case Lanes.COPY_LL:
            lst[sp++] = ll[opd[pc]];
            pc++;
            break;
          case Lanes.COPY_LO:
            st[sp++] = Values.u64(ll[opd[pc]]);
            pc++;
            break;
          case Lanes.COPY_OL:
            lst[sp++] = (Long) locals[opd[pc]];
            pc++;
            break;
          case Lanes.MOVE_OL: {
            int i = opd[pc];
            lst[sp++] = (Long) locals[i];
            locals[i] = null;
            pc++;
            break;
          }
          case Lanes.ST_LL:
            ll[opd[pc]] = lst[--sp];
            pc++;
            break;
          case Lanes.ST_OL:
            ll[opd[pc]] = (Long) st[--sp];
            pc++;
            break;
          case Lanes.LD_L:
            lst[sp++] = imm[pc];
            pc++;
            break;
          case Lanes.VEC_LEN_L: {
            Ref r = (Ref) st[sp - 1];
            lst[sp - 1] = ((VectorValue) r.slots[r.index]).size;
            pc++;
            break;
          }
          case Lanes.READ_REF_L: {
            Ref r = (Ref) st[sp - 1];
            lst[sp - 1] = (Long) r.slots[r.index];
            pc++;
            break;
          }
          case Lanes.ADD_L:
            sp--;
            lst[sp - 1] = Arith.addU64(lst[sp - 1], lst[sp]);
            pc++;
            break;
          case Lanes.SUB_L:
            sp--;
            lst[sp - 1] = Arith.subU64(lst[sp - 1], lst[sp]);
            pc++;
            break;
          case Lanes.MUL_L:
            sp--;
            lst[sp - 1] = Arith.mulU64(lst[sp - 1], lst[sp]);
            pc++;
            break;
          case Lanes.MOD_L:
            sp--;
            lst[sp - 1] = Arith.modU64(lst[sp - 1], lst[sp]);
            pc++;
            break;
          case Lanes.DIV_L:
            sp--;
            lst[sp - 1] = Arith.divU64(lst[sp - 1], lst[sp]);
            pc++;
            break;
          case Lanes.ADD_LB:
          case Lanes.SUB_LB:
          case Lanes.MUL_LB:
          case Lanes.MOD_LB:
          case Lanes.DIV_LB:
            sp--;
            st[sp - 1] = Values.u64(Arith.u64(op - Lanes.ADD_LB, lst[sp - 1], lst[sp]));
            pc++;
            break;
          case Lanes.LT_L:
            sp--;
            st[sp - 1] = Long.compareUnsigned(lst[sp - 1], lst[sp]) < 0 ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.GT_L:
            sp--;
            st[sp - 1] = Long.compareUnsigned(lst[sp - 1], lst[sp]) > 0 ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.LE_L:
            sp--;
            st[sp - 1] = Long.compareUnsigned(lst[sp - 1], lst[sp]) <= 0 ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.GE_L:
            sp--;
            st[sp - 1] = Long.compareUnsigned(lst[sp - 1], lst[sp]) >= 0 ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.EQ_L:
            sp--;
            st[sp - 1] = lst[sp - 1] == lst[sp] ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.NEQ_L:
            sp--;
            st[sp - 1] = lst[sp - 1] != lst[sp] ? Boolean.TRUE : Boolean.FALSE;
            pc++;
            break;
          case Lanes.VEC_BORROW_L: {
            long i = lst[--sp];
            Ref r = (Ref) st[sp - 1];
            VectorValue v = (VectorValue) r.slots[r.index];
            if (i < 0 || i >= v.size) {
              throw vecIndex(i, v);
            }
            st[sp - 1] = new Ref(v.elements, (int) i);
            pc++;
            break;
          }
          case Lanes.VEC_SWAP_L: {
            long j = lst[--sp];
            long i = lst[--sp];
            Ref r = (Ref) st[--sp];
            st[sp] = null;
            VectorValue v = (VectorValue) r.slots[r.index];
            if (i < 0 || i >= v.size || j < 0 || j >= v.size) {
              throw swapIndex(i, j, v);
            }
            Object[] el = v.elements;
            Object t = el[(int) i];
            el[(int) i] = el[(int) j];
            el[(int) j] = t;
            pc++;
            break;
          }

          // ---- fused lane ops ----
          case Fusion.L_LL_CMP_BR: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            long a = ll[opd[pc]];
            long b = ll[opd[pc + 1]];
            boolean r = lcmp(orig[pc + 2], a, b);
            pc = r == (orig[pc + 3] == Op.BR_TRUE) ? opd[pc + 3] : pc + 4;
            break;
          }
          case Fusion.L_CMP_BR: {
            sp -= 2;
            long a = lst[sp];
            long b = lst[sp + 1];
            boolean r = lcmp(orig[pc], a, b);
            pc = r == (orig[pc + 1] == Op.BR_TRUE) ? opd[pc + 1] : pc + 2;
            break;
          }
          case Fusion.L_LOC_IMM_EQ_BR: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            boolean r = (ll[opd[pc]] == imm[pc + 1]) == (orig[pc + 2] == Lanes.EQ_L);
            pc = r == (orig[pc + 3] == Op.BR_TRUE) ? opd[pc + 3] : pc + 4;
            break;
          }
          case Fusion.L_LOC_IMM_ADDSUB_ST: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            long a = ll[opd[pc]];
            long k = imm[pc + 1];
            pc += 2;
            ll[opd[pc + 1]] = orig[pc] == Lanes.ADD_L ? Arith.addU64(a, k) : Arith.subU64(a, k);
            pc += 2;
            break;
          }
          case Fusion.L_LOC_IMM_ADDSUB: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            long a = ll[opd[pc]];
            long k = imm[pc + 1];
            pc += 2;
            lst[sp++] = orig[pc] == Lanes.ADD_L ? Arith.addU64(a, k) : Arith.subU64(a, k);
            pc++;
            break;
          }
          case Fusion.L_IMM_ADDSUB:
          case Fusion.L_IMM_MULDIVMOD: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            long k = imm[pc];
            pc++;
            lst[sp - 1] = Arith.u64(orig[pc] - Lanes.ADD_L, lst[sp - 1], k);
            pc++;
            break;
          }
          case Fusion.L_IMM_ADDSUB_B:
          case Fusion.L_IMM_MULDIVMOD_B: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            long k = imm[pc];
            pc++;
            st[sp - 1] = Values.u64(Arith.u64(orig[pc] - Lanes.ADD_LB, lst[sp - 1], k));
            pc++;
            break;
          }
          case Fusion.L_IMM_ADDSUB_ST:
          case Fusion.L_IMM_MULDIVMOD_ST: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            long k = imm[pc];
            pc++;
            long r = Arith.u64(orig[pc] - Lanes.ADD_L, lst[--sp], k);
            pc++;
            ll[opd[pc]] = r;
            pc++;
            break;
          }
          case Fusion.L_LL: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            lst[sp] = ll[opd[pc]];
            lst[sp + 1] = ll[opd[pc + 1]];
            sp += 2;
            pc += 2;
            break;
          }
          case Fusion.L_LOC_FIELD_READ: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            int li = opd[pc];
            Ref r = (Ref) locals[li];
            if (orig[pc] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            lst[sp++] = (Long) ((StructValue) r.slots[r.index]).fields[opd[pc + 1]];
            pc += 3;
            break;
          }
          case Fusion.L_VEC_LOC_READ:
          case Fusion.L_VEC_LOC_SUB_READ: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            VectorValue v = (VectorValue) locals[opd[pc]];
            long i = ll[opd[pc + 1]];
            pc += 2;
            if (op == Fusion.L_VEC_LOC_SUB_READ) {
              if (sp + 3 > st.length) {
                throw stackOverflow();
              }
              pc++;
              i = Arith.subU64(i, imm[pc - 1]);
              pc++;
            }
            if (i < 0 || i >= v.size) {
              throw vecIndex(i, v);
            }
            Object e = v.elements[(int) i];
            pc++;
            if (orig[pc] == Lanes.READ_REF_L) {
              lst[sp++] = (Long) e;
            } else {
              if (e instanceof Container) {
                gas = chargeNodes(gas, e);
                e = Values.copy(e);
              }
              st[sp++] = e;
            }
            pc++;
            break;
          }

          case Fusion.L_LLK_OP2: {
            if (sp + 3 > st.length) {
              pc += sp + 1 > st.length ? 0 : sp + 2 > st.length ? 1 : 2;
              throw stackOverflow();
            }
            long a = ll[opd[pc]];
            long b = ll[opd[pc + 1]];
            long k = imm[pc + 2];
            pc += 3;
            b = Arith.u64(orig[pc] - Lanes.ADD_L, b, k);
            pc++;
            lst[sp++] = Arith.u64(orig[pc] - Lanes.ADD_L, a, b);
            pc++;
            break;
          }
          case Fusion.L_LATCH:
          case Fusion.L_LATCH_LL:
          case Fusion.L_LATCH_EQ: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            long a = ll[opd[pc]];
            long k = imm[pc + 1];
            pc += 2;
            ll[opd[pc + 1]] = orig[pc] == Lanes.ADD_L ? Arith.addU64(a, k) : Arith.subU64(a, k);
            int t = opd[pc + 2];
            boolean r;
            if (op == Fusion.L_LATCH_LL) {
              r = lcmp(orig[t + 2], ll[opd[t]], ll[opd[t + 1]]);
            } else if (op == Fusion.L_LATCH_EQ) {
              r = (ll[opd[t]] == imm[t + 1]) == (orig[t + 2] == Lanes.EQ_L);
            } else {
              pc = t;
              break;
            }
            pc = r == (orig[t + 3] == Op.BR_TRUE) ? opd[t + 3] : t + 4;
            break;
          }
          case Fusion.L_FIELD_OP_FIELD: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 3;
              throw stackOverflow();
            }
            int li = opd[pc];
            Ref r = (Ref) locals[li];
            if (orig[pc] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            long a = (Long) ((StructValue) r.slots[r.index]).fields[opd[pc + 1]];
            li = opd[pc + 3];
            r = (Ref) locals[li];
            if (orig[pc + 3] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            long b = (Long) ((StructValue) r.slots[r.index]).fields[opd[pc + 4]];
            pc += 6;
            lst[sp++] = Arith.u64(orig[pc] - Lanes.ADD_L, a, b);
            pc++;
            break;
          }
          case Fusion.L_IMM_OP_WRITE_FIELD: {
            if (sp + 1 > st.length) {
              throw stackOverflow();
            }
            long k = imm[pc];
            pc++;
            Object v = Values.u64(Arith.u64(orig[pc] - Lanes.ADD_LB, lst[sp - 1], k));
            sp--;
            int li = opd[pc + 1];
            Ref r = (Ref) locals[li];
            if (orig[pc + 1] == Op.MOVE_LOC) {
              locals[li] = null;
            }
            ((StructValue) r.slots[r.index]).fields[opd[pc + 2]] = v;
            pc += 4;
            break;
          }
          case Fusion.L_ELEM_BORROW_ST: {
            if (sp + 2 > st.length) {
              pc += sp + 1 > st.length ? 0 : 1;
              throw stackOverflow();
            }
            Ref r = (Ref) locals[opd[pc]];
            long i = ll[opd[pc + 1]];
            pc += 2;
            VectorValue v = (VectorValue) r.slots[r.index];
            if (i < 0 || i >= v.size) {
              throw vecIndex(i, v);
            }
            locals[opd[pc + 1]] = new Ref(v.elements, (int) i);
            pc += 2;
            break;
          }
          case Fusion.L_VEC_SWAP_IMM: {
            if (sp + 3 > st.length) {
              pc += sp + 1 > st.length ? 0 : sp + 2 > st.length ? 1 : 2;
              throw stackOverflow();
            }
            VectorValue v = (VectorValue) locals[opd[pc]];
            long i = ll[opd[pc + 1]];
            long k = imm[pc + 2];
            pc += 3;
            i = orig[pc] == Lanes.ADD_L ? Arith.addU64(i, k) : Arith.subU64(i, k);
            long j = ll[opd[pc + 1]];
            pc += 2;
            if (i < 0 || i >= v.size || j < 0 || j >= v.size) {
              throw swapIndex(i, j, v);
            }
            Object[] el = v.elements;
            Object tmp = el[(int) i];
            el[(int) i] = el[(int) j];
            el[(int) j] = tmp;
            pc++;
            break;
          }

          case Op.BR_TRUE:
            pc = (Boolean) st[--sp] ? opd[pc] : pc + 1;
            break;
          case Op.BR_FALSE:
            pc = (Boolean) st[--sp] ? pc + 1 : opd[pc];
            break;
          case Op.BRANCH:
            pc = opd[pc];
            break;
          case Fusion.CMP_BR: {
            Object b = st[--sp];
            Object a = st[--sp];
            int c = a instanceof Long x && b instanceof Long y ? Long.compareUnsigned(x, y) : Arith.compare(a, b);
            boolean r = cmpResult(orig[pc], c);
            pc = r == (orig[pc + 1] == Op.BR_TRUE) ? opd[pc + 1] : pc + 2;
            break;
          }
          default:
            throw new IllegalStateException("not a lane op: " + op);
        }
      }
      this.sp = sp;
      this.gas = gas;
      return pc;
    } catch (VmError e) {
      this.gas = e.statusCode() == StatusCode.OUT_OF_GAS ? 0 : gas + refund(ops, orig, pcost, start, pc, cost);
      settled = true;
      throw e.at(fn.def.module(), fn.def.name(), pc);
    } catch (ArrayIndexOutOfBoundsException e) {
      this.gas = gas + refund(ops, orig, pcost, start, pc, cost);
      settled = true;
      boolean overflow = sp >= st.length;
      throw VmError.of(overflow ? StatusCode.EXECUTION_STACK_OVERFLOW : StatusCode.INTERNAL_TYPE_ERROR,
          overflow ? "operand stack limit " + st.length : "bad index: " + e.getMessage())
          .at(fn.def.module(), fn.def.name(), pc);
    } catch (ClassCastException | NullPointerException | NegativeArraySizeException
        | IndexOutOfBoundsException | ArithmeticException e) {
      this.gas = gas + refund(ops, orig, pcost, start, pc, cost);
      settled = true;
      throw VmError.of(StatusCode.INTERNAL_TYPE_ERROR, e.toString()).at(fn.def.module(), fn.def.name(), pc);
    }
  }

  /**
   * A fused op charges all its parts up front; when part pc of the op started at start traps,
   * the parts after it never ran and an instruction-by-instruction run would not have charged
   * them: give their gas back.
   */
  private static long refund(int[] ops, int[] orig, int[] pcost, int start, int pc, int[] cost) {
    if (start < 0 || ops == null || pc < start || pc >= start + Fusion.length(ops[start])) {
      return 0;
    }
    return pcost[start] - Fusion.prefixCost(orig, start, pc, cost);
  }

  /** The frame's long[] locals, with the lane parameters unboxed from the arguments. */
  private static long[] laneLocals(FunctionInstance fn, Object[] locals) {
    if (!fn.laneLocals) {
      return NO_LANES;
    }
    long[] ll = new long[fn.localCount];
    for (int p : fn.laneParams) {
      ll[p] = (Long) locals[p];
    }
    return ll;
  }

  /** Lt|Gt|Le|Ge from a three-way comparison (small: inlined by the JIT). */
  private static boolean cmpResult(int op, int c) {
    switch (op) {
      case Op.LT: return c < 0;
      case Op.GT: return c > 0;
      case Op.LE: return c <= 0;
      default: return c >= 0;
    }
  }

  /** A lane comparison (Lt_l..Neq_l) of two u64 (small: inlined by the JIT). */
  private static boolean lcmp(int op, long a, long b) {
    switch (op) {
      case Lanes.LT_L: return Long.compareUnsigned(a, b) < 0;
      case Lanes.GT_L: return Long.compareUnsigned(a, b) > 0;
      case Lanes.LE_L: return Long.compareUnsigned(a, b) <= 0;
      case Lanes.GE_L: return Long.compareUnsigned(a, b) >= 0;
      case Lanes.EQ_L: return a == b;
      default: return a != b;
    }
  }

  private static VmError unavailable(String what) {
    return VmError.of(StatusCode.INTERNAL_TYPE_ERROR, what + " of an unavailable local");
  }

  /** The caller's catch sets the budget to zero. */
  private static VmError outOfGas() {
    return VmError.of(StatusCode.OUT_OF_GAS, null);
  }

  private static VmError callDepth(int depth) {
    return VmError.of(StatusCode.CALL_STACK_OVERFLOW, "call depth " + (depth + 1));
  }

  private static VmError swapIndex(long i, long j, VectorValue v) {
    return VmError.vector(StatusCode.INDEX_OUT_OF_BOUNDS, "swap " + Long.toUnsignedString(i) + ", "
        + Long.toUnsignedString(j) + " of " + v.size);
  }

  private static VmError vecIndex(long i, VectorValue v) {
    return VmError.vector(StatusCode.INDEX_OUT_OF_BOUNDS, "index " + Long.toUnsignedString(i) + " of " + v.size);
  }

  /** Ops too rare to sit in the core loop: they touch only the operand stack, gas and the store. */
  @SuppressWarnings("fallthrough")
  private int rare(int op, FunctionInstance fn, int pc, int sp) {
    final Object[] st = stack;
    final int[] opd = fn.operands;
    final Object[] pool = fn.pool;
    long gas = this.gas;
    switch (op) {
      case Op.BIT_OR:
      case Op.BIT_AND:
      case Op.XOR: {
        Object b = st[--sp];
        st[sp - 1] = Arith.bitwise(st[sp - 1], b, op - Op.BIT_OR);
        break;
      }
      case Op.SHL: {
        Object b = st[--sp];
        st[sp - 1] = Arith.shl(st[sp - 1], b);
        break;
      }
      case Op.SHR: {
        Object b = st[--sp];
        st[sp - 1] = Arith.shr(st[sp - 1], b);
        break;
      }
      case Op.ABORT_MSG: {
        VectorValue msg = (VectorValue) st[--sp];
        long code = (Long) st[--sp];
        throw new VmError(StatusCode.ABORTED, null, code,
        new String(msg.toBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      case Op.EXISTS: {
        Type t = resolveType(fn, opd[pc]);
        boolean e = store.exists((AccountAddress) st[sp - 1], t);
        gas = chargeRead(gas);
        st[sp - 1] = Values.bool(e);
        break;
      }
      case Op.MUT_BORROW_GLOBAL:
      case Op.IMM_BORROW_GLOBAL: {
        Type t = resolveType(fn, opd[pc]);
        Ref r = store.borrow((AccountAddress) st[sp - 1], t, op == Op.MUT_BORROW_GLOBAL);
        gas = chargeRead(gas);
        st[sp - 1] = r;
        break;
      }
      case Op.MOVE_FROM: {
        Type t = resolveType(fn, opd[pc]);
        Object v = store.moveFrom((AccountAddress) st[sp - 1], t);
        gas = chargeRead(gas);
        st[sp - 1] = v;
        break;
      }
      case Op.MOVE_TO: {
        Type t = resolveType(fn, opd[pc]);
        Object v = st[--sp];
        SignerValue s = (SignerValue) ((Ref) st[--sp]).get();
        st[sp] = null;
        st[sp + 1] = null;
        store.moveTo(s.address(), t, v);
        gas = chargeRead(gas);
        break;
      }
      case Op.CAST_U8:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U8);
        break;
      case Op.CAST_U16:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U16);
        break;
      case Op.CAST_U32:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U32);
        break;
      case Op.CAST_U64:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U64);
        break;
      case Op.CAST_U128:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U128);
        break;
      case Op.CAST_U256:
        st[sp - 1] = Arith.cast(st[sp - 1], Type.Kind.U256);
        break;
      case Op.CAST_I8:
      case Op.CAST_I16:
      case Op.CAST_I32:
      case Op.CAST_I64:
      case Op.CAST_I128:
      case Op.CAST_I256:
        st[sp - 1] = Arith.cast(st[sp - 1], SIGNED[op - Op.CAST_I8]);
        break;
      case Op.NEGATE:
        st[sp - 1] = Arith.negate(st[sp - 1]);
        break;
      case Op.VEC_UNPACK: {
        int n = opd[pc];
        VectorValue v = (VectorValue) st[sp - 1];
        if (v.size != n) {
          throw VmError.vector(StatusCode.VEC_UNPACK_PARITY_MISMATCH, "unpack " + n + " from a vector of " + v.size);
        }
        sp--;
        System.arraycopy(v.elements, 0, st, sp, n);
        sp += n;
        break;
      }
      case Op.UNPACK_VARIANT: {
        StructValue s = (StructValue) st[sp - 1];
        if (s.variant != opd[pc]) {
          throw variantMismatch(s.variant, opd[pc]);
        }
        sp--;
        System.arraycopy(s.fields, 0, st, sp, s.fields.length);
        sp += s.fields.length;
        break;
      }
      case Op.UNPACK_VARIANT_REF: {
        Ref r = (Ref) st[sp - 1];
        StructValue s = (StructValue) r.slots[r.index];
        if (s.variant != opd[pc]) {
          throw variantMismatch(s.variant, opd[pc]);
        }
        sp--;
        Object[] f = s.fields;
        for (int i = 0; i < f.length; i++) {
          st[sp++] = new Ref(f, i);
        }
        break;
      }
      case Op.BORROW_VARIANT_FIELD: {
        VariantFieldSite site = (VariantFieldSite) pool[opd[pc]];
        Ref r = (Ref) st[sp - 1];
        StructValue s = (StructValue) r.slots[r.index];
        if (!contains(site.variants(), s.variant)) {
          throw variantMismatch(s.variant, site.variants()[0]);
        }
        st[sp - 1] = new Ref(s.fields, site.fieldIndex());
        break;
      }
      case Op.TEST_VARIANT: {
        Ref r = (Ref) st[sp - 1];
        StructValue s = (StructValue) r.slots[r.index];
        st[sp - 1] = Values.bool(contains((int[]) pool[opd[pc]], s.variant));
        break;
      }
      case Op.PACK_CLOSURE: {
        int site = opd[pc];
        ClosureSite cs = (ClosureSite) pool[site];
        Object target = fn.resolved[site];
        FunctionInstance callee = target != null ? (FunctionInstance) target : resolveClosure(fn, site);
        int n = Long.bitCount(cs.mask());
        Object[] captured = new Object[n];
        sp -= n;
        System.arraycopy(st, sp, captured, 0, n);
        st[sp++] = new ClosureValue(callee, cs.mask(), captured);
        break;
      }
      default:
        throw VmError.of(StatusCode.UNREACHABLE, "unknown op " + op);
    }
    this.gas = gas;
    return sp;
  }

  private static VmError stackOverflow() {
    return VmError.of(StatusCode.EXECUTION_STACK_OVERFLOW, "operand stack limit");
  }

  private static Object addSub(Object a, Object b, int op) {
    if (a instanceof Long x && b instanceof Long y) {
      if (op == Op.ADD) {
        long r = x + y;
        if (Long.compareUnsigned(r, x) < 0) {
          throw VmError.arithmetic("u64 addition overflow");
        }
        return Values.u64(r);
      }
      if (Long.compareUnsigned(x, y) < 0) {
        throw VmError.arithmetic("u64 subtraction underflow");
      }
      return Values.u64(x - y);
    }
    return op == Op.ADD ? Arith.add(a, b) : Arith.sub(a, b);
  }

  private static Object mulDivMod(Object a, Object b, int op) {
    if (a instanceof Long x && b instanceof Long y) {
      long u = x;
      long v = y;
      if (op == Op.MOD) {
        if (v == 0) {
          throw VmError.arithmetic("modulo by zero");
        }
        return Values.u64(u >= 0 && v > 0 ? u % v : Long.remainderUnsigned(u, v));
      } else if (op == Op.MUL && (u | v) >>> 31 == 0) {
        return Values.u64(u * v);
      }
    }
    return op == Op.MUL ? Arith.mul(a, b) : op == Op.DIV ? Arith.div(a, b) : Arith.mod(a, b);
  }

  private static final Type.Kind[] SIGNED = {
    Type.Kind.I8, Type.Kind.I16, Type.Kind.I32, Type.Kind.I64, Type.Kind.I128, Type.Kind.I256
  };

  private static boolean contains(int[] set, int v) {
    for (int x : set) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static VmError variantMismatch(int actual, int expected) {
    return VmError.of(StatusCode.STRUCT_VARIANT_MISMATCH, "variant " + actual + ", expected " + expected);
  }

  private long chargeNodes(long gas, Object v) {
    if (v instanceof Container) {
      gas -= Values.size(v) * schedule.perValueNode;
      if (gas < 0) {
        throw VmError.of(StatusCode.OUT_OF_GAS, null);
      }
    }
    return gas;
  }

  private long chargeRead(long gas) {
    long bytes = store.lastReadBytes;
    if (bytes > 0) {
      gas -= bytes * schedule.storageReadPerByte;
      store.lastReadBytes = 0;
      if (gas < 0) {
        throw VmError.of(StatusCode.OUT_OF_GAS, null);
      }
    }
    return gas;
  }

  // ---- generic operands, resolved once per function instance ----

  private FunctionInstance resolveCall(FunctionInstance fn, int site) {
    CallSite cs = (CallSite) fn.pool[site];
    FunctionInstance callee = instantiate(fn, cs);
    fn.resolved[site] = callee;
    return callee;
  }

  private FunctionInstance resolveClosure(FunctionInstance fn, int site) {
    FunctionInstance callee = instantiate(fn, ((ClosureSite) fn.pool[site]).call());
    fn.resolved[site] = callee;
    return callee;
  }

  private FunctionInstance instantiate(FunctionInstance fn, CallSite cs) {
    Type[] targs = cs.typeArguments();
    if (targs.length == 0) {
      return cs.target().instantiate(targs);
    }
    Type[] closed = new Type[targs.length];
    for (int i = 0; i < targs.length; i++) {
      closed[i] = fn.substitute(targs[i]);
      checkTypeDepth(closed[i]);
    }
    return cs.target().instantiate(closed);
  }

  private Type resolveType(FunctionInstance fn, int site) {
    Object r = fn.resolved[site];
    if (r != null) {
      return (Type) r;
    }
    Type t = fn.substitute((Type) fn.pool[site]);
    checkTypeDepth(t);
    fn.resolved[site] = t;
    return t;
  }

  private void checkPack(FunctionInstance fn, int site) {
    Type t = fn.substitute(((PackSite) fn.pool[site]).type());
    checkValueDepth(t);
    fn.resolved[site] = t;
  }

  private void checkVecPack(FunctionInstance fn, int site) {
    Type t = Type.vector(fn.substitute(((VecSite) fn.pool[site]).elementType()));
    checkValueDepth(t);
    fn.resolved[site] = t;
  }

  private void checkTypeDepth(Type t) {
    if (t.depth() > limits.maxTypeDepth()) {
      throw VmError.of(StatusCode.VM_MAX_TYPE_DEPTH_REACHED, "type depth " + t.depth());
    }
  }

  // ---- natives ----

  private int invokeNative(FunctionInstance callee, int sp) {
    int n = callee.parameterCount;
    Object[] args = new Object[n];
    sp -= n;
    System.arraycopy(stack, sp, args, 0, n);
    Object[] results = callNative(callee, args);
    if (sp + results.length > stack.length) {
      throw VmError.of(StatusCode.EXECUTION_STACK_OVERFLOW, "operand stack limit " + stack.length);
    }
    System.arraycopy(results, 0, stack, sp, results.length);
    return sp + results.length;
  }

  private Object[] callNative(FunctionInstance callee, Object[] args) {
    NativeFunction impl = callee.def.nativeImpl();
    if (impl == null) {
      throw VmError.of(StatusCode.MISSING_DEPENDENCY, "no native implementation of " + callee.def)
          .at(callee.def.module(), callee.def.name(), 0);
    }
    charge(schedule.nativeBase);
    try {
      return impl.call(this, callee.typeArguments, args);
    } catch (VmError e) {
      throw e.at(callee.def.module(), callee.def.name(), 0);
    } catch (BcsException e) {
      throw VmError.of(StatusCode.VALUE_DESERIALIZATION_ERROR, e.getMessage())
          .at(callee.def.module(), callee.def.name(), 0);
    }
  }

  // ---- NativeContext ----

  @Override
  public void charge(long units) {
    if (units < 0 || (gas -= units) < 0) {
      gas = 0;
      throw VmError.of(StatusCode.OUT_OF_GAS, null);
    }
  }

  @Override
  public byte[] serialize(Type type, Object value) {
    byte[] b = Bcs.serialize(type, value);
    charge((long) b.length * schedule.nativePerByte);
    return b;
  }

  @Override
  public void emitEvent(Type type, Object value) {
    byte[] data = Bcs.serialize(type, value);
    if (data.length > limits.maxEventBytes()) {
      throw VmError.of(StatusCode.MEMORY_LIMIT_EXCEEDED, "event of " + data.length + " bytes");
    }
    if (store.events().size() >= limits.maxEventCount()) {
      throw VmError.of(StatusCode.MEMORY_LIMIT_EXCEEDED, "more than " + limits.maxEventCount() + " events");
    }
    charge((long) data.length * schedule.eventPerByte);
    store.emit(new Event(type.toTag(true), data));
  }

  @Override
  public String typeTag(Type type, boolean withPrefix) {
    return type.toTag(withPrefix);
  }

  @Override
  public VmLimits limits() {
    return limits;
  }

  @Override
  public void checkVectorLength(long length) {
    if (length < 0 || length > limits.maxVectorLength()) {
      throw VmError.vector(StatusCode.VEC_SIZE_LIMIT_REACHED, "vector length limit " + limits.maxVectorLength());
    }
  }

  @Override
  public void checkValueDepth(Type type) {
    checkTypeDepth(type);
    if (TypeDepth.valueDepth(type, limits.maxValueDepth()) > limits.maxValueDepth()) {
      throw VmError.of(StatusCode.VM_MAX_VALUE_DEPTH_REACHED, type + " nests deeper than " + limits.maxValueDepth());
    }
  }

  @Override
  public <T> T extension(Class<T> type) {
    Object o = extensions.get(type);
    if (o == null) {
      throw VmError.of(StatusCode.MISSING_DEPENDENCY, "no extension " + type.getSimpleName());
    }
    return type.cast(o);
  }

  /** Arguments decoded from BCS obey the vector length limit like vectors built by code. */
  void checkVectorLengths(Type type, Object v) {
    if (type.kind() == Type.Kind.VECTOR) {
      VectorValue vec = (VectorValue) v;
      checkVectorLength(vec.size);
      if (type.element().kind() == Type.Kind.VECTOR) {
        for (int i = 0; i < vec.size; i++) {
          checkVectorLengths(type.element(), vec.elements[i]);
        }
      }
    }
  }
}
