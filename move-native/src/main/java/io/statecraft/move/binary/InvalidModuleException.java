package io.statecraft.move.binary;

import io.statecraft.move.MoveException;

/**
 * The binary decodes, but the unit breaks a static rule: an index points past the end of its
 * table, a value is outside the range its position allows, a construct does not belong to the
 * unit's flavor. Names the table and the entry where the rule broke, so a tool can point at it.
 *
 * <p>The bounds checker raises the {@code *_OUT_OF_BOUNDS} kinds; the bytecode verifier adds its
 * own kinds here as it grows.
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
    LIMIT_EXCEEDED
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
