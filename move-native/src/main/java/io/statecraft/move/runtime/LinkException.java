package io.statecraft.move.runtime;

import io.statecraft.move.MoveException;

/**
 * A module set that cannot be loaded together: a missing module, datatype or function, a
 * dependency whose signature, abilities or type parameters differ from what the user declared,
 * a cyclic dependency, or a native with no implementation. Carries the Move status code.
 */
public final class LinkException extends MoveException {
  private static final long serialVersionUID = 1L;
  private final long statusCode;

  public LinkException(long statusCode, String message) {
    super(StatusCode.name(statusCode) + ": " + message);
    this.statusCode = statusCode;
  }

  public long statusCode() {
    return statusCode;
  }
}
