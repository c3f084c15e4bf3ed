package io.statecraft.move.runtime;

/**
 * A function body pre-decoded for the interpreter: parallel arrays of ops and operands, and
 * a pool of resolved operands (values, call sites, types). Instruction i is bytecode i: the
 * pc is the Move code offset that traps report.
 */
public record Code(int[] ops, int[] operands, Object[] pool, int[] fusedOps) {
  public Code(int[] ops, int[] operands, Object[] pool) {
    this(ops, operands, pool, Fusion.fuse(ops));
  }

  public int length() {
    return ops.length;
  }
}
