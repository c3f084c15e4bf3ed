package io.statecraft.move.runtime;

/**
 * An Aptos function value (bytecode version 8): a function instance with some of its
 * parameters captured. Bit i of the mask set means parameter i is captured; captured values
 * fill those positions in order, the call supplies the rest.
 */
public final class ClosureValue extends Container {
  final FunctionInstance function;
  final long mask;
  final Object[] captured;

  ClosureValue(FunctionInstance function, long mask, Object[] captured) {
    this.function = function;
    this.mask = mask;
    this.captured = captured;
  }

  ClosureValue deepCopy(int depth) {
    Object[] c = new Object[captured.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Values.copy(captured[i], depth + 1);
    }
    return new ClosureValue(function, mask, c);
  }

  public FunctionInstance function() {
    return function;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClosureValue c) || c.function != function || c.mask != mask
        || c.captured.length != captured.length) {
      return false;
    }
    for (int i = 0; i < captured.length; i++) {
      if (!Values.equal(captured[i], c.captured[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return function.hashCode();
  }
}
