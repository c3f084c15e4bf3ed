package io.statecraft.move.runtime;

/**
 * A function body pre-decoded for the interpreter: parallel arrays of ops and operands, and
 * a pool of resolved operands (values, call sites, types). Instruction i is bytecode i: the
 * pc is the Move code offset that traps report.
 *
 * <p>Verified code is further specialized by {@link Lanes}: {@code ops} then holds lane ops,
 * {@code imm} the u64 immediates of {@code LdU64}-style ops, and {@code laneParams} the
 * parameters held unboxed in the frame's {@code long[]} locals.
 */
public record Code(int[] ops, int[] operands, Object[] pool, int[] fusedOps, long[] imm,
    int[] laneParams, boolean laneLocals) {
  public Code(int[] ops, int[] operands, Object[] pool) {
    this(ops, operands, pool, Fusion.fuse(ops, operands));
  }

  public Code(int[] ops, int[] operands, Object[] pool, int[] fusedOps) {
    this(ops, operands, pool, fusedOps, new long[ops.length], new int[0], false);
  }

  public int length() {
    return ops.length;
  }
}
