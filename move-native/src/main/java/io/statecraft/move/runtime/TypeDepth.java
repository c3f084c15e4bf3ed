package io.statecraft.move.runtime;

/**
 * Upper bound of the nesting depth of any value of a type, used to refuse values deeper than
 * the configured limit before they are built (so copy, equality and BCS may recurse safely).
 */
final class TypeDepth {
  private TypeDepth() {}

  static int valueDepth(Type t, int limit) {
    switch (t.kind()) {
      case VECTOR:
        return saturatingInc(valueDepth(t.element(), limit));
      case DATATYPE: {
        if (t.datatype().typeParameterCount() == 0) {
          return t.datatype().declaredDepth(limit);
        }
        // Generic: the declared depth plus the deepest argument bounds every instantiation.
        int declared = t.datatype().declaredDepth(limit);
        int args = 0;
        for (Type a : t.typeArgumentArray()) {
          args = Math.max(args, valueDepth(a, limit));
          if (args > limit) {
            return Integer.MAX_VALUE;
          }
        }
        long sum = (long) declared + args;
        return sum >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
      }
      default:
        return 1;
    }
  }

  private static int saturatingInc(int d) {
    return d == Integer.MAX_VALUE ? d : d + 1;
  }
}
