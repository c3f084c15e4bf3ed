package io.statecraft.move.runtime;

import java.util.Arrays;

/**
 * What execution costs, in gas units. Every instruction has a base cost ({@link #instruction});
 * instructions whose work grows with their operands add a per-unit cost:
 *
 * <table>
 *   <caption>Cost table</caption>
 *   <tr><th>What</th><th>Units</th><th>Why</th></tr>
 *   <tr><td>stack and local ops, branches, arithmetic on u8..u64, bool ops</td><td>1</td><td>a few machine instructions</td></tr>
 *   <tr><td>field and vector borrows, ReadRef/WriteRef, casts, Pack/Unpack base</td><td>2</td><td>one allocation or indirection</td></tr>
 *   <tr><td>Call (plus {@link #perLocal} per callee local)</td><td>8</td><td>a frame</td></tr>
 *   <tr><td>Exists, BorrowGlobal, MoveFrom, MoveTo</td><td>20</td><td>a hash lookup in the transaction's store</td></tr>
 *   <tr><td>each value node copied (CopyLoc, ReadRef, LdConst), compared (Eq, Neq), packed or unpacked</td><td>{@link #perValueNode}</td><td>memory written or read</td></tr>
 *   <tr><td>each byte read from the state on first touch of a resource</td><td>{@link #storageReadPerByte}</td><td>I/O and decoding</td></tr>
 *   <tr><td>each byte written to the state at the end of the transaction, per written entry {@link #storageWritePerEntry}</td><td>{@link #storageWritePerByte}</td><td>state growth</td></tr>
 *   <tr><td>each byte of event payload</td><td>{@link #eventPerByte}</td><td>log growth</td></tr>
 *   <tr><td>natives: base plus per input byte</td><td>{@link #nativeBase}, {@link #nativePerByte}</td><td>hashing and serialization work</td></tr>
 *   <tr><td>each byte of a BCS transaction argument</td><td>{@link #argumentPerByte}</td><td>decoding</td></tr>
 * </table>
 *
 * Memory is bounded through gas: a value node costs at least one unit to create, so a
 * transaction allocates at most about {@code gasLimit} nodes.
 */
public final class GasSchedule {
  public static final GasSchedule DEFAULT = new GasSchedule(false);

  /** Every instruction costs 1 and nothing else costs: gas used = instructions executed. */
  public static final GasSchedule INSTRUCTION_COUNT = new GasSchedule(true);

  final int[] instruction = new int[Fusion.ALL];
  /** Index of this schedule's per-pc cost table in {@link FunctionInstance#pcCost}. */
  final int id;
  public final int perLocal;
  public final int perValueNode;
  public final int storageReadPerByte;
  public final int storageWritePerByte;
  public final int storageWritePerEntry;
  public final int eventPerByte;
  public final int nativeBase;
  public final int nativePerByte;
  public final int argumentPerByte;

  private GasSchedule(boolean countOnly) {
    id = countOnly ? 1 : 0;
    Arrays.fill(instruction, 1);
    int k = countOnly ? 0 : 1;
    perLocal = k;
    perValueNode = k;
    storageReadPerByte = k;
    storageWritePerByte = 2 * k;
    storageWritePerEntry = 50 * k;
    eventPerByte = k;
    nativeBase = 5 * k;
    nativePerByte = k;
    argumentPerByte = k;
    if (countOnly) {
      priceFusedOps();
      return;
    }
    for (int op : new int[] {Op.BORROW_FIELD, Op.READ_REF, Op.WRITE_REF, Op.CAST_U8, Op.CAST_U16,
        Op.CAST_U32, Op.CAST_U64, Op.CAST_U128, Op.CAST_U256, Op.PACK, Op.UNPACK, Op.VEC_PACK,
        Op.VEC_UNPACK, Op.VEC_BORROW, Op.VEC_PUSH_BACK, Op.VEC_POP_BACK, Op.VEC_SWAP, Op.VEC_LEN,
        Op.UNPACK_VARIANT, Op.UNPACK_VARIANT_REF, Op.VARIANT_SWITCH, Op.BORROW_VARIANT_FIELD,
        Op.TEST_VARIANT, Op.MUL, Op.DIV, Op.MOD, Op.LD_CONST, Op.BORROW_LOC}) {
      instruction[op] = 2;
    }
    for (int op : new int[] {Op.CALL, Op.CALL_CLOSURE, Op.PACK_CLOSURE}) {
      instruction[op] = 8;
    }
    for (int op : new int[] {Op.EXISTS, Op.MUT_BORROW_GLOBAL, Op.IMM_BORROW_GLOBAL, Op.MOVE_FROM, Op.MOVE_TO}) {
      instruction[op] = 20;
    }
    priceFusedOps();
  }

  /**
   * Fused ops cost the sum of their canonical parts; every schedule gives the same cost to
   * the ops a fused op may stand for (Lt/Gt/Le/Ge, BrTrue/BrFalse, Eq/Neq, Add/Sub,
   * Mul/Div/Mod, CopyLoc/MoveLoc), so that sum is exact.
   */
  private void priceFusedOps() {
    for (int f = Op.COUNT; f < Fusion.ALL; f++) {
      int sum = 0;
      for (int part : Fusion.parts(f)) {
        sum += instruction[part];
      }
      instruction[f] = sum;
    }
  }

  /** Base cost of one interpreter op. */
  public int instruction(int op) {
    return instruction[op];
  }
}
