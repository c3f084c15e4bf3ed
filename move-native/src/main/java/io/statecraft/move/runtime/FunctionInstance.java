package io.statecraft.move.runtime;

/**
 * A function applied to closed type arguments. Generic operands of its code (call targets,
 * resource types, packed types) are substituted on first use and cached per instruction, so
 * a hot generic call costs one array read after the first time.
 */
public final class FunctionInstance {
  final FunctionDef def;
  final Type[] typeArguments;
  final int[] ops;
  /** The unfused ops (see {@link Fusion}). */
  final int[] orig;
  final int[] operands;
  final Object[] pool;
  final Object[] resolved;
  final int localCount;
  final int parameterCount;
  /** u64 immediates of lane ops, by pc. */
  final long[] imm;
  /** Parameters held in the frame's long[] locals (see {@link Lanes}). */
  final int[] laneParams;
  /** Whether frames of this function need long[] locals. */
  final boolean laneLocals;
  /** Base gas of the op at each pc, per schedule ({@link GasSchedule#id}); see {@link Fusion#cost}. */
  final int[][] pcCost;

  FunctionInstance(FunctionDef def, Type[] typeArguments) {
    this.def = def;
    this.typeArguments = typeArguments;
    Code code = def.code();
    this.ops = code == null ? null : code.fusedOps();
    this.orig = code == null ? null : code.ops();
    this.operands = code == null ? null : code.operands();
    this.pool = code == null ? null : code.pool();
    this.resolved = code == null ? null : new Object[code.pool().length];
    this.localCount = def.localCount();
    this.parameterCount = def.parameterCount();
    this.imm = code == null ? null : code.imm();
    this.laneParams = code == null ? null : code.laneParams();
    this.laneLocals = code != null && code.laneLocals();
    this.pcCost = code == null ? null : new int[][] {
      costs(code, GasSchedule.DEFAULT), costs(code, GasSchedule.INSTRUCTION_COUNT)};
  }

  private static int[] costs(Code code, GasSchedule schedule) {
    int[] ops = code.fusedOps();
    int[] c = new int[ops.length];
    for (int pc = 0; pc < ops.length; pc++) {
      c[pc] = Fusion.cost(ops, code.ops(), code.operands(), pc, schedule.instruction);
    }
    return c;
  }

  public FunctionDef def() {
    return def;
  }

  public Type[] typeArguments() {
    return typeArguments.clone();
  }

  Type substitute(Type t) {
    return typeArguments.length == 0 ? t : t.substitute(typeArguments);
  }

  @Override
  public String toString() {
    if (typeArguments.length == 0) {
      return def.toString();
    }
    StringBuilder sb = new StringBuilder(def.toString()).append('<');
    for (int i = 0; i < typeArguments.length; i++) {
      sb.append(i > 0 ? ", " : "").append(typeArguments[i]);
    }
    return sb.append('>').toString();
  }
}
