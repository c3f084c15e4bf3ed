package io.statecraft.move.runtime;

/**
 * The unboxed u64 lane. For verified code only (the verifier guarantees the types this pass
 * relies on), each function gets
 *
 * <ul>
 *   <li><b>lane locals</b>: locals declared {@code u64} that are never borrowed live in a
 *       {@code long[]} beside the frame's {@code Object[]} locals;
 *   <li><b>lane stack slots</b>: the machine has a {@code long[]} operand stack parallel to the
 *       {@code Object[]} one (same stack pointer). Within a basic block every pushed value has
 *       exactly one consumer (the verifier requires an empty stack at block boundaries); a u64
 *       value travels unboxed when its producer can make a {@code long} (CopyLoc, MoveLoc,
 *       LdU64, arithmetic, VecLen, ReadRef) and its consumer can take one (arithmetic,
 *       comparisons, StLoc to a lane local, vector indices, Pop).
 * </ul>
 *
 * Which values are u64 is found by a small type pass per block: unification of the operands of
 * arithmetic and comparisons, seeded by declared local types, u64 constants and the u64 operands
 * of vector ops. Each instruction is rewritten to the lane variant matching where its operands
 * and result live; every variant behaves exactly like the generic op (same traps at the same
 * pc, same gas: a lane op costs what its generic op costs), it only skips boxing and type tests.
 */
final class Lanes {
  private Lanes() {}

  /** Tests turn lanes off to check that lane code behaves exactly like generic code. */
  static volatile boolean enabled = true;

  static final int L0 = Fusion.PLAIN_END;
  /** lane local → long stack. */
  static final int COPY_LL = L0;
  /** lane local → object stack (boxed). */
  static final int COPY_LO = L0 + 1;
  /** object local → long stack (CopyLoc). */
  static final int COPY_OL = L0 + 2;
  /** object local → long stack (MoveLoc). */
  static final int MOVE_OL = L0 + 3;
  /** long stack → lane local. */
  static final int ST_LL = L0 + 4;
  /** object stack → lane local. */
  static final int ST_OL = L0 + 5;
  /** imm[pc] → long stack. */
  static final int LD_L = L0 + 6;
  static final int VEC_LEN_L = L0 + 7;
  static final int READ_REF_L = L0 + 8;
  /** ADD_L + (op - Op.ADD) for Add, Sub, Mul, Mod, Div: longs in, long out. */
  static final int ADD_L = L0 + 9;
  static final int SUB_L = L0 + 10;
  static final int MUL_L = L0 + 11;
  static final int MOD_L = L0 + 12;
  static final int DIV_L = L0 + 13;
  /** ADD_LB + (op - Op.ADD): longs in, boxed result on the object stack. */
  static final int ADD_LB = L0 + 14;
  static final int SUB_LB = L0 + 15;
  static final int MUL_LB = L0 + 16;
  static final int MOD_LB = L0 + 17;
  static final int DIV_LB = L0 + 18;
  /** LT_L + (op - Op.LT): longs in, Boolean out. */
  static final int LT_L = L0 + 19;
  static final int GT_L = L0 + 20;
  static final int LE_L = L0 + 21;
  static final int GE_L = L0 + 22;
  static final int EQ_L = L0 + 23;
  static final int NEQ_L = L0 + 24;
  /** index from the long stack. */
  static final int VEC_BORROW_L = L0 + 25;
  static final int VEC_SWAP_L = L0 + 26;
  static final int END = L0 + 27;

  /** The generic op each lane op stands for (its gas cost). */
  static final int[] BASE = {
    Op.COPY_LOC, Op.COPY_LOC, Op.COPY_LOC, Op.MOVE_LOC, Op.ST_LOC, Op.ST_LOC, Op.LD_VALUE,
    Op.VEC_LEN, Op.READ_REF,
    Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.DIV,
    Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.DIV,
    Op.LT, Op.GT, Op.LE, Op.GE, Op.EQ, Op.NEQ,
    Op.VEC_BORROW, Op.VEC_SWAP
  };

  /** The generic op of any op (itself when it is generic). */
  static int base(int op) {
    return op >= L0 && op < END ? BASE[op - L0] : op;
  }

  private static boolean arith(int op) {
    return op >= Op.ADD && op <= Op.DIV;
  }

  private static boolean compare(int op) {
    return op >= Op.EQ && op <= Op.GE;
  }

  private static boolean bits(int op) {
    return op == Op.BIT_OR || op == Op.BIT_AND || op == Op.XOR;
  }

  // ---- union-find over values (a value is named by the pc of the op that pushed it) ----

  private static int find(int[] parent, int v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }

  private static void union(int[] parent, boolean[] u64, int a, int b) {
    if (a < 0 || b < 0) {
      return;
    }
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[ra] = rb;
      u64[rb] |= u64[ra];
    }
  }

  private static void markU64(int[] parent, boolean[] u64, int v) {
    if (v >= 0) {
      u64[find(parent, v)] = true;
    }
  }

  /** Pops and pushes of an op; -1 pops when the effect is not known statically. */
  private static long effect(int op, int operand, Object[] pool) {
    int pops;
    int pushes;
    switch (op) {
      case Op.POP, Op.BR_TRUE, Op.BR_FALSE, Op.ST_LOC, Op.ABORT, Op.VARIANT_SWITCH -> { pops = 1; pushes = 0; }
      case Op.BRANCH, Op.NOP -> { pops = 0; pushes = 0; }
      case Op.LD_VALUE, Op.LD_CONST, Op.COPY_LOC, Op.MOVE_LOC, Op.BORROW_LOC -> { pops = 0; pushes = 1; }
      case Op.BORROW_FIELD, Op.READ_REF, Op.FREEZE_REF, Op.NOT, Op.EXISTS, Op.MUT_BORROW_GLOBAL,
          Op.IMM_BORROW_GLOBAL, Op.MOVE_FROM, Op.CAST_U8, Op.CAST_U16, Op.CAST_U32, Op.CAST_U64,
          Op.CAST_U128, Op.CAST_U256, Op.CAST_I8, Op.CAST_I16, Op.CAST_I32, Op.CAST_I64,
          Op.CAST_I128, Op.CAST_I256, Op.NEGATE, Op.VEC_LEN, Op.VEC_POP_BACK,
          Op.BORROW_VARIANT_FIELD, Op.TEST_VARIANT -> { pops = 1; pushes = 1; }
      case Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.DIV, Op.BIT_OR, Op.BIT_AND, Op.XOR, Op.OR, Op.AND,
          Op.EQ, Op.NEQ, Op.LT, Op.GT, Op.LE, Op.GE, Op.SHL, Op.SHR, Op.VEC_BORROW -> { pops = 2; pushes = 1; }
      case Op.WRITE_REF, Op.MOVE_TO, Op.VEC_PUSH_BACK, Op.ABORT_MSG -> { pops = 2; pushes = 0; }
      case Op.VEC_SWAP -> { pops = 3; pushes = 0; }
      case Op.CALL -> {
        FunctionDef f = ((CallSite) pool[operand]).target();
        pops = f.parameterCount();
        pushes = f.returnCount();
      }
      case Op.PACK -> { pops = ((PackSite) pool[operand]).fieldCount(); pushes = 1; }
      case Op.VEC_PACK -> { pops = ((VecSite) pool[operand]).count(); pushes = 1; }
      case Op.VEC_UNPACK -> { pops = 1; pushes = operand; }
      default -> { return -1L; } // RET, UNPACK*, closures: end the analysis of the block
    }
    return ((long) pops << 32) | pushes;
  }

  /**
   * The lane-specialized form of verified code. {@code localTypes} are the parameters and
   * locals; the first {@code paramCount} are parameters.
   */
  static Code specialize(Code code, Type[] localTypes, int paramCount) {
    if (!enabled) {
      return code;
    }
    int[] ops = code.ops();
    int[] opd = code.operands();
    Object[] pool = code.pool();
    int n = ops.length;
    int nl = localTypes.length;
    boolean[] u64Local = new boolean[nl];
    boolean[] lane = new boolean[nl];
    for (int i = 0; i < nl; i++) {
      u64Local[i] = localTypes[i].kind() == Type.Kind.U64;
      lane[i] = u64Local[i];
    }
    boolean[] leader = new boolean[n + 1];
    leader[0] = true;
    for (int pc = 0; pc < n; pc++) {
      int op = ops[pc];
      if (op == Op.BORROW_LOC) {
        lane[opd[pc]] = false;
      } else if (op == Op.BR_TRUE || op == Op.BR_FALSE || op == Op.BRANCH) {
        leader[opd[pc]] = true;
        leader[pc + 1] = true;
      } else if (op == Op.RET || op == Op.ABORT || op == Op.ABORT_MSG) {
        leader[pc + 1] = true;
      } else if (op == Op.VARIANT_SWITCH) {
        for (int t : (int[]) pool[opd[pc]]) {
          leader[t] = true;
        }
        leader[pc + 1] = true;
      }
    }

    // Simulate each block's stack: the values each op pops (in[pc][k], bottom first).
    int[][] in = new int[n][];
    boolean[] pushesOne = new boolean[n];
    int[] consumer = new int[n];
    java.util.Arrays.fill(consumer, -1);
    int[] stack = new int[2048];
    int sp = 0;
    boolean broken = false;
    for (int pc = 0; pc < n; pc++) {
      if (leader[pc]) {
        sp = 0;
        broken = false;
      }
      if (broken) {
        continue;
      }
      long e = effect(ops[pc], opd[pc], pool);
      int pops = (int) (e >> 32);
      int pushes = (int) e;
      if (e < 0 || pops > sp || sp - pops + pushes > stack.length) {
        broken = true;
        // the values still on the stack get no consumer: they stay boxed
        continue;
      }
      int[] ins = new int[pops];
      for (int k = pops - 1; k >= 0; k--) {
        ins[k] = stack[--sp];
        if (ins[k] >= 0) {
          consumer[ins[k]] = pc;
        }
      }
      in[pc] = ins;
      if (pushes == 1) {
        pushesOne[pc] = true;
        stack[sp++] = pc;
      } else {
        for (int k = 0; k < pushes; k++) {
          stack[sp++] = -1;
        }
      }
    }

    // Which values are u64.
    int[] parent = new int[n];
    boolean[] u64 = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      parent[pc] = pc;
    }
    for (int pc = 0; pc < n; pc++) {
      int op = ops[pc];
      int[] ins = in[pc];
      switch (op) {
        case Op.COPY_LOC, Op.MOVE_LOC -> {
          if (u64Local[opd[pc]]) {
            u64[pc] = true;
          }
        }
        case Op.LD_VALUE -> u64[pc] = pool[opd[pc]] instanceof Long;
        case Op.VEC_LEN, Op.CAST_U64 -> u64[pc] = true;
        default -> { }
      }
      if (ins == null) {
        continue;
      }
      if (op == Op.ST_LOC && u64Local[opd[pc]]) {
        markU64(parent, u64, ins[0]);
      } else if (arith(op) || bits(op)) {
        union(parent, u64, ins[0], ins[1]);
        union(parent, u64, ins[0], pc);
      } else if (op == Op.SHL || op == Op.SHR) {
        union(parent, u64, ins[0], pc);
      } else if (compare(op)) {
        union(parent, u64, ins[0], ins[1]);
      } else if (op == Op.VEC_BORROW) {
        markU64(parent, u64, ins[1]);
      } else if (op == Op.VEC_SWAP) {
        markU64(parent, u64, ins[1]);
        markU64(parent, u64, ins[2]);
      } else if (op == Op.ABORT) {
        markU64(parent, u64, ins[0]);
      }
    }

    // Producers that can make a long, consumers that take longs.
    boolean[] canL = new boolean[n];
    boolean[] modeL = new boolean[n];
    boolean[] accepted = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      int op = ops[pc];
      int[] ins = in[pc];
      boolean isU64 = pushesOne[pc] && u64[find(parent, pc)];
      switch (op) {
        case Op.COPY_LOC, Op.MOVE_LOC, Op.VEC_LEN, Op.READ_REF -> canL[pc] = isU64 && ins != null;
        case Op.LD_VALUE -> canL[pc] = ins != null && pool[opd[pc]] instanceof Long;
        default -> { }
      }
      if (ins == null) {
        continue;
      }
      boolean m = false;
      if (arith(op) || compare(op)) {
        m = okL(canL, ins[0]) && okL(canL, ins[1]) && u64[find(parent, ins[0])];
        canL[pc] = m && arith(op);
      } else if (op == Op.ST_LOC) {
        m = lane[opd[pc]] && okL(canL, ins[0]);
      } else if (op == Op.POP) {
        m = okL(canL, ins[0]);
      } else if (op == Op.VEC_BORROW) {
        m = okL(canL, ins[1]);
        if (m) {
          accepted[ins[1]] = true;
        }
        m = false; // the reference operand stays boxed; only the index is a long
        modeL[pc] = okL(canL, ins[1]);
        continue;
      } else if (op == Op.VEC_SWAP) {
        modeL[pc] = okL(canL, ins[1]) && okL(canL, ins[2]);
        if (modeL[pc]) {
          accepted[ins[1]] = true;
          accepted[ins[2]] = true;
        }
        continue;
      }
      modeL[pc] = m;
      if (m) {
        for (int v : ins) {
          accepted[v] = true;
        }
      }
    }

    // Rewrite.
    int[] out = ops.clone();
    long[] imm = new long[n];
    boolean anyLane = false;
    for (int i = 0; i < nl; i++) {
      anyLane |= lane[i];
    }
    for (int pc = 0; pc < n; pc++) {
      int op = ops[pc];
      boolean outL = canL[pc] && accepted[pc];
      switch (op) {
        case Op.COPY_LOC -> {
          if (lane[opd[pc]]) {
            out[pc] = outL ? COPY_LL : COPY_LO;
          } else if (outL) {
            out[pc] = COPY_OL;
          }
        }
        case Op.MOVE_LOC -> {
          if (lane[opd[pc]]) {
            out[pc] = outL ? COPY_LL : COPY_LO;
          } else if (outL) {
            out[pc] = MOVE_OL;
          }
        }
        case Op.ST_LOC -> {
          if (lane[opd[pc]]) {
            out[pc] = modeL[pc] ? ST_LL : ST_OL;
          }
        }
        case Op.LD_VALUE -> {
          if (outL) {
            out[pc] = LD_L;
            imm[pc] = (Long) pool[opd[pc]];
          }
        }
        case Op.VEC_LEN -> out[pc] = outL ? VEC_LEN_L : op;
        case Op.READ_REF -> out[pc] = outL ? READ_REF_L : op;
        case Op.VEC_BORROW -> out[pc] = modeL[pc] ? VEC_BORROW_L : op;
        case Op.VEC_SWAP -> out[pc] = modeL[pc] ? VEC_SWAP_L : op;
        default -> {
          if (modeL[pc] && arith(op)) {
            out[pc] = (outL ? ADD_L : ADD_LB) + (op - Op.ADD);
          } else if (modeL[pc] && compare(op)) {
            out[pc] = op == Op.EQ ? EQ_L : op == Op.NEQ ? NEQ_L : LT_L + (op - Op.LT);
          }
        }
      }
    }
    int laneParamCount = 0;
    for (int i = 0; i < paramCount; i++) {
      if (lane[i]) {
        laneParamCount++;
      }
    }
    int[] laneParams = new int[laneParamCount];
    for (int i = 0, k = 0; i < paramCount; i++) {
      if (lane[i]) {
        laneParams[k++] = i;
      }
    }
    return new Code(out, opd, pool, Fusion.fuse(out, opd), imm, laneParams, anyLane);
  }

  private static boolean okL(boolean[] canL, int v) {
    return v >= 0 && canL[v];
  }
}
