package io.statecraft.move;

/**
 * Root of every failure the Move VM reports on purpose. Callers that feed untrusted bytes or
 * untrusted programs to the VM catch this type, and only this type: anything else escaping is a
 * bug in the VM.
 *
 * <p>The subclasses say what kind of failure it is, in the manner of a WebAssembly engine:
 * malformed (the bytes are not a binary at all), invalid (well-formed but breaks a static rule)
 * and, later, traps raised while running.
 */
public abstract class MoveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected MoveException(String message) {
    super(message);
  }

  protected MoveException(String message, Throwable cause) {
    super(message, cause);
  }
}
