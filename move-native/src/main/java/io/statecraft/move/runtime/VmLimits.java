package io.statecraft.move.runtime;

/**
 * Hard limits that no program may exceed whatever gas it has: they bound the interpreter's
 * memory per transaction and every recursion in the VM (copy, equality and BCS recurse along a
 * value, whose depth the type depth limit bounds).
 *
 * @param maxCallDepth Move frames on the call stack (Move's CALL_STACK_SIZE_LIMIT is 1024)
 * @param maxOperandStack values on the shared operand stack (Move: 1024)
 * @param maxValueDepth nesting of values: Pack, VecPack and natives refuse deeper types (Sui: 128)
 * @param maxTypeDepth nesting of instantiated types, e.g. through generic recursion
 * @param maxVectorLength elements in one vector
 * @param maxWriteSetEntries resources one transaction may write or delete
 * @param maxWriteSetBytes total BCS bytes one transaction may write
 * @param maxEventCount events one transaction may emit
 * @param maxEventBytes bytes of one event's payload
 */
public record VmLimits(
    int maxCallDepth,
    int maxOperandStack,
    int maxValueDepth,
    int maxTypeDepth,
    int maxVectorLength,
    int maxWriteSetEntries,
    long maxWriteSetBytes,
    int maxEventCount,
    int maxEventBytes) {

  public static final VmLimits DEFAULT =
      new VmLimits(1024, 1024, 128, 256, 1 << 20, 8192, 8L << 20, 1024, 256 * 1024);
}
