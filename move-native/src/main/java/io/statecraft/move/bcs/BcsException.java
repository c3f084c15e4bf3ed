package io.statecraft.move.bcs;

/** Bytes that are not the BCS encoding of a value of the expected type. */
public final class BcsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BcsException(String message) {
    super(message, null, false, false);
  }
}
