package io.statecraft.move.runtime;

/**
 * Superinstructions: frequent instruction sequences (what compilers emit for loop tests,
 * counters and field access) fused into one op at the sequence's first pc. The original ops
 * stay in {@code orig}: a jump into the middle of a sequence runs the originals, and when the
 * remaining gas cannot pay the whole sequence the interpreter runs the first original op alone,
 * so OUT_OF_GAS still happens at the very instruction it would without fusion. A fused op costs
 * the sum of its parts and reports traps at the offset of the part that failed.
 */
final class Fusion {
  private Fusion() {}

  /** CopyLoc a; CopyLoc b; Lt|Gt|Le|Ge; BrTrue|BrFalse t. */
  static final int LL_CMP_BR = Op.COUNT;
  /** CopyLoc a; LdValue k; Add|Sub; StLoc c. */
  static final int LOC_IMM_ADDSUB_ST = Op.COUNT + 1;
  /** LdValue k; Add|Sub. */
  static final int IMM_ADDSUB = Op.COUNT + 2;
  /** LdValue k; Mul|Div|Mod. */
  static final int IMM_MULDIVMOD = Op.COUNT + 3;
  /** CopyLoc|MoveLoc r; BorrowField f; ReadRef. */
  static final int LOC_FIELD_READ = Op.COUNT + 4;
  /** CopyLoc|MoveLoc r; BorrowField f; WriteRef. */
  static final int LOC_FIELD_WRITE = Op.COUNT + 5;
  /** BorrowLoc v; CopyLoc i; VecBorrow; ReadRef. */
  static final int VEC_LOC_READ = Op.COUNT + 6;
  /** CopyLoc a; LdValue k; Add|Sub. */
  static final int LOC_IMM_ADDSUB = Op.COUNT + 7;

  /** CopyLoc a; CopyLoc b. */
  static final int LL = Op.COUNT + 8;
  /** LdValue k; Add|Sub; StLoc c. */
  static final int IMM_ADDSUB_ST = Op.COUNT + 9;
  /** CopyLoc a; LdValue k; Eq|Neq; BrTrue|BrFalse t. */
  static final int LOC_IMM_EQ_BR = Op.COUNT + 10;
  /** Lt|Gt|Le|Ge; BrTrue|BrFalse t. */
  static final int CMP_BR = Op.COUNT + 11;

  /** LdValue k; Mul|Div|Mod; StLoc c. */
  static final int IMM_MULDIVMOD_ST = Op.COUNT + 12;

  /** End of the fused ops over generic ops; {@link Lanes} ops follow. */
  static final int PLAIN_END = Op.COUNT + 13;

  // ---- fused lane ops (see Lanes): values in the long lanes, no boxing ----
  static final int F0 = Lanes.END;
  /** CopyLoc_ll a; CopyLoc_ll b; Lt|Gt|Le|Ge_l; BrTrue|BrFalse t. */
  static final int L_LL_CMP_BR = F0;
  /** CopyLoc_ll a; LdU64_l k; Add|Sub_l; StLoc_ll c. */
  static final int L_LOC_IMM_ADDSUB_ST = F0 + 1;
  /** LdU64_l k; Add|Sub_l. */
  static final int L_IMM_ADDSUB = F0 + 2;
  /** LdU64_l k; Mul|Div|Mod_l. */
  static final int L_IMM_MULDIVMOD = F0 + 3;
  /** LdU64_l k; Add|Sub_l; StLoc_ll c. */
  static final int L_IMM_ADDSUB_ST = F0 + 4;
  /** LdU64_l k; Mul|Div|Mod_l; StLoc_ll c. */
  static final int L_IMM_MULDIVMOD_ST = F0 + 5;
  /** CopyLoc_ll a; LdU64_l k; Eq|Neq_l; BrTrue|BrFalse t. */
  static final int L_LOC_IMM_EQ_BR = F0 + 6;
  /** Lt|Gt|Le|Ge_l; BrTrue|BrFalse t. */
  static final int L_CMP_BR = F0 + 7;
  /** CopyLoc_ll a; CopyLoc_ll b. */
  static final int L_LL = F0 + 8;
  /** CopyLoc_ll a; LdU64_l k; Add|Sub_l. */
  static final int L_LOC_IMM_ADDSUB = F0 + 9;
  /** LdU64_l k; Add|Sub_lb (boxed result). */
  static final int L_IMM_ADDSUB_B = F0 + 10;
  /** LdU64_l k; Mul|Div|Mod_lb (boxed result). */
  static final int L_IMM_MULDIVMOD_B = F0 + 11;
  /** CopyLoc|MoveLoc r; BorrowField f; ReadRef_l. */
  static final int L_LOC_FIELD_READ = F0 + 12;
  /** BorrowLoc v; CopyLoc_ll i; VecBorrow_l; ReadRef (or ReadRef_l). */
  static final int L_VEC_LOC_READ = F0 + 13;
  /** BorrowLoc v; CopyLoc_ll i; LdU64_l k; Sub_l; VecBorrow_l; ReadRef (or ReadRef_l). */
  static final int L_VEC_LOC_SUB_READ = F0 + 14;

  /** CopyLoc_ll a; CopyLoc_ll b; LdU64_l k; op1_l; op2_l: pushes a op2 (b op1 k). */
  static final int L_LLK_OP2 = F0 + 15;
  /** CopyLoc_ll a; LdU64_l k; Add|Sub_l; StLoc_ll c; Branch t (a loop latch). */
  static final int L_LATCH = F0 + 16;
  /** L_LATCH whose target t starts an L_LL_CMP_BR: the loop test runs in the same op. */
  static final int L_LATCH_LL = F0 + 17;
  /** L_LATCH whose target t starts an L_LOC_IMM_EQ_BR: the loop test runs in the same op. */
  static final int L_LATCH_EQ = F0 + 18;
  /** CopyLoc|MoveLoc r; BorrowField f; ReadRef_l; CopyLoc|MoveLoc s; BorrowField g; ReadRef_l; op_l. */
  static final int L_FIELD_OP_FIELD = F0 + 19;
  /** LdU64_l k; op_lb; CopyLoc|MoveLoc r; BorrowField f; WriteRef. */
  static final int L_IMM_OP_WRITE_FIELD = F0 + 20;
  /** CopyLoc r; CopyLoc_ll i; VecBorrow_l; StLoc e. */
  static final int L_ELEM_BORROW_ST = F0 + 21;
  /** BorrowLoc v; CopyLoc_ll i; LdU64_l k; Add|Sub_l; CopyLoc_ll j; VecSwap_l. */
  static final int L_VEC_SWAP_IMM = F0 + 22;

  static final int ALL = F0 + 23;

  private static final int[][] LANE_PARTS = {
    {Op.COPY_LOC, Op.COPY_LOC, Op.LT, Op.BR_FALSE},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ST_LOC},
    {Op.LD_VALUE, Op.ADD},
    {Op.LD_VALUE, Op.MUL},
    {Op.LD_VALUE, Op.ADD, Op.ST_LOC},
    {Op.LD_VALUE, Op.MUL, Op.ST_LOC},
    {Op.COPY_LOC, Op.LD_VALUE, Op.EQ, Op.BR_FALSE},
    {Op.LT, Op.BR_FALSE},
    {Op.COPY_LOC, Op.COPY_LOC},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD},
    {Op.LD_VALUE, Op.ADD},
    {Op.LD_VALUE, Op.MUL},
    {Op.COPY_LOC, Op.BORROW_FIELD, Op.READ_REF},
    {Op.BORROW_LOC, Op.COPY_LOC, Op.VEC_BORROW, Op.READ_REF},
    {Op.BORROW_LOC, Op.COPY_LOC, Op.LD_VALUE, Op.SUB, Op.VEC_BORROW, Op.READ_REF},
    // From here on the parts give the length only: the exact cost is per pc (see cost()).
    {Op.COPY_LOC, Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ADD},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ST_LOC, Op.BRANCH},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ST_LOC, Op.BRANCH},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ST_LOC, Op.BRANCH},
    {Op.COPY_LOC, Op.BORROW_FIELD, Op.READ_REF, Op.COPY_LOC, Op.BORROW_FIELD, Op.READ_REF, Op.ADD},
    {Op.LD_VALUE, Op.ADD, Op.COPY_LOC, Op.BORROW_FIELD, Op.WRITE_REF},
    {Op.COPY_LOC, Op.COPY_LOC, Op.VEC_BORROW, Op.ST_LOC},
    {Op.BORROW_LOC, Op.COPY_LOC, Op.LD_VALUE, Op.SUB, Op.COPY_LOC, Op.VEC_SWAP},
  };

  /** How many consecutive original ops the op at a pc stands for (1 for unfused ops). */
  static int length(int op) {
    return op >= Op.COUNT && (op < Lanes.L0 || op >= F0) ? parts(op).length : 1;
  }

  /**
   * The exact base gas of the op at pc under a schedule: the sum of the original ops it
   * stands for (for a loop latch that runs its target's test, those four ops too).
   */
  static int cost(int[] ops, int[] orig, int[] opd, int pc, int[] instruction) {
    int op = ops[pc];
    int n = length(op);
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += instruction[orig[pc + i]];
    }
    if (op == L_LATCH_LL || op == L_LATCH_EQ) {
      int t = opd[pc + 4];
      for (int i = 0; i < 4; i++) {
        sum += instruction[orig[t + i]];
      }
    }
    return sum;
  }

  /** What an instruction-by-instruction run would have charged for the parts start..pc of a fused op. */
  static int prefixCost(int[] orig, int start, int pc, int[] instruction) {
    int sum = 0;
    for (int i = start; i <= pc; i++) {
      sum += instruction[orig[i]];
    }
    return sum;
  }

  /** The generic ops whose costs add up to the cost of op (any op at or above Op.COUNT). */
  static int[] parts(int op) {
    if (op < PLAIN_END) {
      return PARTS[op - Op.COUNT];
    } else if (op < Lanes.END) {
      return new int[] {Lanes.BASE[op - Lanes.L0]};
    }
    return LANE_PARTS[op - F0];
  }

  /** Tests turn fusion off to check that fused code behaves exactly like unfused code. */
  static volatile boolean enabled = true;

  /** Canonical parts of each fused op, for its gas cost. */
  static final int[][] PARTS = {
    {Op.COPY_LOC, Op.COPY_LOC, Op.LT, Op.BR_FALSE},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD, Op.ST_LOC},
    {Op.LD_VALUE, Op.ADD},
    {Op.LD_VALUE, Op.MUL},
    {Op.COPY_LOC, Op.BORROW_FIELD, Op.READ_REF},
    {Op.COPY_LOC, Op.BORROW_FIELD, Op.WRITE_REF},
    {Op.BORROW_LOC, Op.COPY_LOC, Op.VEC_BORROW, Op.READ_REF},
    {Op.COPY_LOC, Op.LD_VALUE, Op.ADD},
    {Op.COPY_LOC, Op.COPY_LOC},
    {Op.LD_VALUE, Op.ADD, Op.ST_LOC},
    {Op.COPY_LOC, Op.LD_VALUE, Op.EQ, Op.BR_FALSE},
    {Op.LT, Op.BR_FALSE},
    {Op.LD_VALUE, Op.MUL, Op.ST_LOC},
  };

  private static boolean cmp(int op) {
    return op == Op.LT || op == Op.GT || op == Op.LE || op == Op.GE;
  }

  private static boolean addSub(int op) {
    return op == Op.ADD || op == Op.SUB;
  }

  private static boolean mulDivMod(int op) {
    return op == Op.MUL || op == Op.DIV || op == Op.MOD;
  }

  private static boolean readRef(int op) {
    return op == Op.READ_REF || op == Lanes.READ_REF_L;
  }

  private static boolean lcmp(int op) {
    return op >= Lanes.LT_L && op <= Lanes.GE_L;
  }

  private static boolean laddSub(int op) {
    return op == Lanes.ADD_L || op == Lanes.SUB_L;
  }

  private static boolean lmulDivMod(int op) {
    return op == Lanes.MUL_L || op == Lanes.DIV_L || op == Lanes.MOD_L;
  }

  private static boolean br(int op) {
    return op == Op.BR_TRUE || op == Op.BR_FALSE;
  }

  private static boolean lop(int op) {
    return op >= Lanes.ADD_L && op <= Lanes.DIV_L;
  }

  private static boolean lopb(int op) {
    return op >= Lanes.ADD_LB && op <= Lanes.DIV_LB;
  }

  private static boolean loc(int op) {
    return op == Op.COPY_LOC || op == Op.MOVE_LOC;
  }

  private static int fuseLane(int a, int b, int c, int d, int e, int g) {
    if (a == Lanes.COPY_LL && b == Lanes.COPY_LL && lcmp(c) && br(d)) {
      return L_LL_CMP_BR;
    } else if (a == Lanes.COPY_LL && b == Lanes.COPY_LL && c == Lanes.LD_L && lop(d) && lop(e)) {
      return L_LLK_OP2;
    } else if (a == Lanes.COPY_LL && b == Lanes.LD_L && laddSub(c) && d == Lanes.ST_LL && e == Op.BRANCH) {
      return L_LATCH;
    } else if (a == Lanes.LD_L && lopb(b) && loc(c) && d == Op.BORROW_FIELD && e == Op.WRITE_REF) {
      return L_IMM_OP_WRITE_FIELD;
    } else if (a == Lanes.COPY_LL && b == Lanes.LD_L && laddSub(c) && d == Lanes.ST_LL) {
      return L_LOC_IMM_ADDSUB_ST;
    } else if (a == Lanes.COPY_LL && b == Lanes.LD_L && (c == Lanes.EQ_L || c == Lanes.NEQ_L) && br(d)) {
      return L_LOC_IMM_EQ_BR;
    } else if (a == Lanes.COPY_LL && b == Lanes.LD_L && laddSub(c)) {
      return L_LOC_IMM_ADDSUB;
    } else if (a == Lanes.LD_L && laddSub(b) && c == Lanes.ST_LL) {
      return L_IMM_ADDSUB_ST;
    } else if (a == Lanes.LD_L && lmulDivMod(b) && c == Lanes.ST_LL) {
      return L_IMM_MULDIVMOD_ST;
    } else if (a == Lanes.LD_L && laddSub(b)) {
      return L_IMM_ADDSUB;
    } else if (a == Lanes.LD_L && lmulDivMod(b)) {
      return L_IMM_MULDIVMOD;
    } else if (a == Lanes.LD_L && (b == Lanes.ADD_LB || b == Lanes.SUB_LB)) {
      return L_IMM_ADDSUB_B;
    } else if (a == Lanes.LD_L && (b == Lanes.MUL_LB || b == Lanes.DIV_LB || b == Lanes.MOD_LB)) {
      return L_IMM_MULDIVMOD_B;
    } else if ((lcmp(a) || a == Lanes.EQ_L || a == Lanes.NEQ_L) && br(b)) {
      return L_CMP_BR;
    } else if (a == Lanes.COPY_LL && b == Lanes.COPY_LL) {
      return L_LL;
    }
    return -1;
  }

  /** The ops array with fused ops at sequence starts; {@code orig} is left untouched. */
  static int[] fuse(int[] orig, int[] opd) {
    int[] ops = orig.clone();
    if (!enabled) {
      return ops;
    }
    int n = orig.length;
    for (int pc = 0; pc < n; pc++) {
      int a = orig[pc];
      int b = pc + 1 < n ? orig[pc + 1] : -1;
      int c = pc + 2 < n ? orig[pc + 2] : -1;
      int d = pc + 3 < n ? orig[pc + 3] : -1;
      int e = pc + 4 < n ? orig[pc + 4] : -1;
      int g = pc + 5 < n ? orig[pc + 5] : -1;
      int h = pc + 6 < n ? orig[pc + 6] : -1;
      if (loc(a) && b == Op.BORROW_FIELD && c == Lanes.READ_REF_L && loc(d) && e == Op.BORROW_FIELD
          && g == Lanes.READ_REF_L && lop(h)) {
        ops[pc] = L_FIELD_OP_FIELD;
      } else if (a == Op.COPY_LOC && b == Lanes.COPY_LL && c == Lanes.VEC_BORROW_L && d == Op.ST_LOC) {
        ops[pc] = L_ELEM_BORROW_ST;
      } else if (a == Op.BORROW_LOC && b == Lanes.COPY_LL && c == Lanes.LD_L && laddSub(d) && e == Lanes.COPY_LL
          && g == Lanes.VEC_SWAP_L) {
        ops[pc] = L_VEC_SWAP_IMM;
      } else if (a == Op.COPY_LOC && b == Op.COPY_LOC && cmp(c) && (d == Op.BR_TRUE || d == Op.BR_FALSE)) {
        ops[pc] = LL_CMP_BR;
      } else if (a == Op.COPY_LOC && b == Op.LD_VALUE && addSub(c) && d == Op.ST_LOC) {
        ops[pc] = LOC_IMM_ADDSUB_ST;
      } else if (a == Op.COPY_LOC && b == Op.LD_VALUE && addSub(c)) {
        ops[pc] = LOC_IMM_ADDSUB;
      } else if (a == Op.COPY_LOC && b == Op.LD_VALUE && (c == Op.EQ || c == Op.NEQ)
          && (d == Op.BR_TRUE || d == Op.BR_FALSE)) {
        ops[pc] = LOC_IMM_EQ_BR;
      } else if (a == Op.LD_VALUE && addSub(b) && c == Op.ST_LOC) {
        ops[pc] = IMM_ADDSUB_ST;
      } else if (a == Op.LD_VALUE && mulDivMod(b) && c == Op.ST_LOC) {
        ops[pc] = IMM_MULDIVMOD_ST;
      } else if (a == Op.LD_VALUE && addSub(b)) {
        ops[pc] = IMM_ADDSUB;
      } else if (a == Op.LD_VALUE && mulDivMod(b)) {
        ops[pc] = IMM_MULDIVMOD;
      } else if ((a == Op.COPY_LOC || a == Op.MOVE_LOC) && b == Op.BORROW_FIELD && c == Op.READ_REF) {
        ops[pc] = LOC_FIELD_READ;
      } else if ((a == Op.COPY_LOC || a == Op.MOVE_LOC) && b == Op.BORROW_FIELD && c == Op.WRITE_REF) {
        ops[pc] = LOC_FIELD_WRITE;
      } else if (a == Op.BORROW_LOC && b == Op.COPY_LOC && c == Op.VEC_BORROW && d == Op.READ_REF) {
        ops[pc] = VEC_LOC_READ;
      } else if (cmp(a) && (b == Op.BR_TRUE || b == Op.BR_FALSE)) {
        ops[pc] = CMP_BR;
      } else if (a == Op.COPY_LOC && b == Op.COPY_LOC) {
        ops[pc] = LL;
      } else if (a >= Lanes.L0) {
        int f = fuseLane(a, b, c, d, pc + 4 < n ? orig[pc + 4] : -1, pc + 5 < n ? orig[pc + 5] : -1);
        if (f >= 0) {
          ops[pc] = f;
        }
      } else if (a == Op.BORROW_LOC && b == Lanes.COPY_LL) {
        if (c == Lanes.VEC_BORROW_L && readRef(d)) {
          ops[pc] = L_VEC_LOC_READ;
        } else if (c == Lanes.LD_L && d == Lanes.SUB_L && e == Lanes.VEC_BORROW_L && readRef(g)) {
          ops[pc] = L_VEC_LOC_SUB_READ;
        }
      } else if ((a == Op.COPY_LOC || a == Op.MOVE_LOC) && b == Op.BORROW_FIELD && c == Lanes.READ_REF_L) {
        ops[pc] = L_LOC_FIELD_READ;
      }
    }
    // Loop latches whose target is a fused loop test run that test too.
    for (int pc = 0; pc < n; pc++) {
      if (ops[pc] == L_LATCH) {
        int t = opd[pc + 4];
        if (ops[t] == L_LL_CMP_BR) {
          ops[pc] = L_LATCH_LL;
        } else if (ops[t] == L_LOC_IMM_EQ_BR) {
          ops[pc] = L_LATCH_EQ;
        }
      }
    }
    return ops;
  }
}
