package io.statecraft.move.runtime;

import io.statecraft.move.MoveException;

/**
 * A trap: execution stopped with a Move status code. Carries the sub-status (vector errors),
 * the abort code (for {@link StatusCode#ABORTED}) and the location — module, function and
 * code offset — filled in by the interpreter where the trap happened. Thrown without a stack
 * trace: traps are ordinary outcomes of hostile programs, not bugs.
 */
public final class VmError extends MoveException {
  private static final long serialVersionUID = 1L;

  private final long statusCode;
  private final Long subStatus;
  private final Long abortCode;
  private ModuleId module;
  private String function;
  private int codeOffset = -1;

  public VmError(long statusCode, Long subStatus, Long abortCode, String message) {
    super(message);
    this.statusCode = statusCode;
    this.subStatus = subStatus;
    this.abortCode = abortCode;
  }

  public static VmError of(long statusCode, String message) {
    return new VmError(statusCode, null, null, message);
  }

  public static VmError withSubStatus(long statusCode, long subStatus, String message) {
    return new VmError(statusCode, subStatus, null, message);
  }

  public static VmError abort(long code) {
    return new VmError(StatusCode.ABORTED, null, code, "aborted with code " + Long.toUnsignedString(code));
  }

  public static VmError arithmetic(String message) {
    return new VmError(StatusCode.ARITHMETIC_ERROR, null, null, message);
  }

  public static VmError vector(long subStatus, String message) {
    return new VmError(StatusCode.VECTOR_OPERATION_ERROR, subStatus, null, message);
  }

  /** Traps are outcomes, not bugs: no stack trace to fill (it would cost more than the trap). */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** Records where the trap happened, once: the innermost frame wins. */
  public VmError at(ModuleId module, String function, int codeOffset) {
    if (this.function == null) {
      this.module = module;
      this.function = function;
      this.codeOffset = codeOffset;
    }
    return this;
  }

  public long statusCode() {
    return statusCode;
  }

  public Long subStatus() {
    return subStatus;
  }

  public Long abortCode() {
    return abortCode;
  }

  public ModuleId module() {
    return module;
  }

  public String function() {
    return function;
  }

  public int codeOffset() {
    return codeOffset;
  }

  public boolean hasLocation() {
    return function != null;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder(StatusCode.name(statusCode));
    if (subStatus != null) {
      sb.append(" (sub status ").append(subStatus).append(')');
    }
    if (abortCode != null) {
      sb.append(" code ").append(Long.toUnsignedString(abortCode));
    }
    if (function != null) {
      sb.append(" at ").append(module == null ? "script" : module.toString()).append("::")
          .append(function).append('+').append(codeOffset);
    }
    String detail = super.getMessage();
    if (detail != null) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }
}
