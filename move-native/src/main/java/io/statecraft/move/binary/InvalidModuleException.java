package io.statecraft.move.binary;

import io.statecraft.move.MoveException;

/**
 * The binary decodes, but the unit breaks a static rule: an index points past the end of its
 * table, a value is outside the range its position allows, a construct does not belong to the
 * unit's flavor. Names the table and the entry where the rule broke, so a tool can point at it.
 *
 * <p>The bounds checker raises the {@code *_OUT_OF_BOUNDS} kinds; the bytecode verifier raises
 * the kinds after {@link Kind#LIMIT_EXCEEDED} (and {@code LIMIT_EXCEEDED} for its own limits). For
 * code checks the table is {@code function_defs[i].code} (or {@code script.code}) and the index
 * is the code offset.
 */
public final class InvalidModuleException extends MoveException {
  private static final long serialVersionUID = 1L;

  /** The rule that was broken. */
  public enum Kind {
    /** An index into a table is not smaller than the table's length. */
    INDEX_OUT_OF_BOUNDS,
    /** A branch or jump-table target is not an offset inside the function's code. */
    CODE_OFFSET_OUT_OF_BOUNDS,
    /** A local index is not smaller than parameters + locals. */
    LOCAL_INDEX_OUT_OF_BOUNDS,
    /** A type parameter index is not smaller than the number of type parameters in scope. */
    TYPE_PARAMETER_OUT_OF_BOUNDS,
    /** A datatype used with a different number of type arguments than it declares. */
    TYPE_ARGUMENT_COUNT_MISMATCH,
    /** A field or variant offset is past the owner's fields or variants. */
    MEMBER_OUT_OF_BOUNDS,
    /** A field handle or variant handle names a struct or enum of the wrong shape. */
    WRONG_DEFINITION_KIND,
    /** The unit has no self module handle, or an address of the wrong length. */
    BAD_MODULE_IDENTITY,
    /** The model holds a construct that its flavor or version cannot encode. */
    NOT_ENCODABLE,
    /** A value is outside the range the binary format allows at that position. */
    LIMIT_EXCEEDED,
    // ---- kinds raised by the bytecode verifier (io.statecraft.move.verify)
    /** Two entries of a table that must be unique are equal (identifiers, handles, fields...). */
    DUPLICATE_ELEMENT,
    /** A handle disagrees with its definition, or a definition is not in the self module. */
    DEFINITION_MISMATCH,
    /** A friend declaration breaks the friend rules (self, other address). */
    FRIEND_VIOLATION,
    /** A function declaration breaks the entry, visibility or native rules. */
    INVALID_FUNCTION_DECLARATION,
    /** A type token is not allowed where it stands (e.g. a reference inside a vector). */
    INVALID_SIGNATURE,
    /** A type argument lacks an ability its type parameter requires. */
    CONSTRAINT_NOT_SATISFIED,
    /** A constant's type is not a constant type or its bytes are not the BCS of that type. */
    INVALID_CONSTANT,
    /** A struct or enum contains itself by value. */
    RECURSIVE_DATATYPE,
    /** Generic functions instantiate each other with ever-growing types. */
    INSTANTIATION_LOOP,
    /** A datatype declares an ability that one of its fields does not have. */
    FIELD_MISSING_ABILITY,
    /** An instruction's operand does not fit the instruction (generic vs not, wrong kind). */
    INCONSISTENT_INSTRUCTION,
    /** Control flow: fall-through off the end, irreducible loop, bad jump table. */
    INVALID_CONTROL_FLOW,
    /** The operand stack underflows, is not empty at a block boundary, or grows too deep. */
    STACK_IMBALANCE,
    /** An instruction consumes a value of the wrong type. */
    TYPE_MISMATCH,
    /** A value is copied, dropped, compared, stored or read without the needed ability. */
    MISSING_ABILITY,
    /** A local is used while it holds no value (never set, or moved). */
    LOCAL_UNAVAILABLE,
    /** A value without drop would be lost (overwritten, or left in a local at return). */
    UNDROPPED_VALUE,
    /** A borrow rule is broken: dangling, overlapping mutable, or escaping reference. */
    REFERENCE_SAFETY,
    /** The acquires list of a function does not match what it accesses. */
    ACQUIRES_MISMATCH,
    /**
     * The verifier itself failed on this unit (a bug in the verifier): the unit is rejected, fail
     * closed, rather than let an unexpected exception escape.
     */
    VERIFIER_INTERNAL_ERROR
  }

  private final Kind kind;
  private final String table;
  private final int index;

  /**
   * @param table the table (or place, e.g. {@code "function_defs[3].code"}) the rule broke in
   * @param index the entry in that table, or -1 when there is none
   */
  public InvalidModuleException(Kind kind, String table, int index, String message) {
    super(kind + " in " + table + (index >= 0 ? "[" + index + "]" : "") + ": " + message);
    this.kind = kind;
    this.table = table;
    this.index = index;
  }

  public Kind kind() {
    return kind;
  }

  public String table() {
    return table;
  }

  public int index() {
    return index;
  }
}
