package io.statecraft.move.asm;

import io.statecraft.move.MoveException;

/**
 * A source the assembler cannot turn into a unit, or a unit the disassembler cannot print.
 * The message reads {@code file:line:col: what}; the parts are available separately.
 */
public final class AssemblyException extends MoveException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String detail;

  public AssemblyException(String file, int line, int column, String detail) {
    super(file + ":" + line + ":" + column + ": " + detail);
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  public AssemblyException(String file, int line, int column, String detail, Throwable cause) {
    super(file + ":" + line + ":" + column + ": " + detail, cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** A failure with no source position (disassembling, writing). */
  public AssemblyException(String detail) {
    super(detail);
    this.file = null;
    this.line = 0;
    this.column = 0;
    this.detail = detail;
  }

  public String file() {
    return file;
  }

  /** 1-based line, 0 when there is no source position. */
  public int line() {
    return line;
  }

  /** 1-based column, 0 when there is no source position. */
  public int column() {
    return column;
  }

  /** The message without the position prefix. */
  public String detail() {
    return detail;
  }
}
