package io.statecraft.move.binary;

import io.statecraft.move.MoveException;

/**
 * The bytes are not a well-formed Move binary: they cannot be decoded into a {@link
 * CompiledModule} or {@link CompiledScript}. Carries the kind of damage and the byte offset at
 * which the reader noticed it (an offset into the whole input, or -1 when there is no single
 * place to blame).
 */
public final class MalformedModuleException extends MoveException {
  private static final long serialVersionUID = 1L;

  /** What was wrong, after the status codes of the reference deserializers. */
  public enum Kind {
    BAD_MAGIC,
    UNKNOWN_VERSION,
    /** The input ends before a value that must be there. */
    UNEXPECTED_EOF,
    /** A ULEB128 integer that is too long, not minimal, or overflows. */
    BAD_ULEB128,
    /** A count, size or index above the format's limit for that position. */
    LIMIT_EXCEEDED,
    /** Table headers that overlap, leave gaps, are empty, or run past the input. */
    BAD_HEADER_TABLE,
    DUPLICATE_TABLE,
    UNKNOWN_TABLE_TYPE,
    /** A table that this flavor or version, or this kind of unit (script/module), cannot have. */
    TABLE_NOT_ALLOWED,
    UNKNOWN_SERIALIZED_TYPE,
    UNKNOWN_OPCODE,
    UNKNOWN_ABILITY,
    UNKNOWN_NATIVE_STRUCT_FLAG,
    UNKNOWN_ENUM_FLAG,
    UNKNOWN_JUMP_TABLE_FLAG,
    INVALID_FLAG_BITS,
    BAD_VISIBILITY,
    /** A construct (type, opcode, table) that does not exist in the binary's version. */
    NOT_IN_VERSION,
    INVALID_IDENTIFIER,
    /** Type tokens nested deeper than the format allows. */
    TOO_DEEP,
    /** A table whose content does not decode to whole entries. */
    BAD_TABLE_CONTENT,
    /** Bytes after the end of the unit when the reader was told not to accept them. */
    TRAILING_BYTES,
    /** Any other malformation (bad enum tag, bad option marker ...). */
    MALFORMED
  }

  private final Kind kind;
  private final long offset;
  private final String detail;

  public MalformedModuleException(Kind kind, long offset, String detail) {
    super(kind + (offset >= 0 ? " at offset " + offset : "") + ": " + detail);
    this.kind = kind;
    this.offset = offset;
    this.detail = detail;
  }

  public Kind kind() {
    return kind;
  }

  /** Byte offset in the input where the problem was detected, or -1. */
  public long offset() {
    return offset;
  }

  public String detail() {
    return detail;
  }
}
