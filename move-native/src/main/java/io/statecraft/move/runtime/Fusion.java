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

  static final int ALL = Op.COUNT + 13;

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

  /** The ops array with fused ops at sequence starts; {@code orig} is left untouched. */
  static int[] fuse(int[] orig) {
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
      if (a == Op.COPY_LOC && b == Op.COPY_LOC && cmp(c) && (d == Op.BR_TRUE || d == Op.BR_FALSE)) {
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
      }
    }
    return ops;
  }
}
