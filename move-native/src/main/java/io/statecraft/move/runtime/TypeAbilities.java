package io.statecraft.move.runtime;

/** The abilities a closed type has, by Move's rules for instantiated datatypes. */
public final class TypeAbilities {
  private TypeAbilities() {}

  public static int of(Type t) {
    switch (t.kind()) {
      case SIGNER:
        return Abilities.DROP;
      case VECTOR:
        return of(t.element()) & Abilities.PRIMITIVES;
      case REFERENCE:
      case MUT_REFERENCE:
        return Abilities.COPY | Abilities.DROP;
      case TYPE_PARAMETER:
        return 0;
      case FUNCTION:
        return t.parameterIndex() & 0xF;
      case DATATYPE: {
        DatatypeDef def = t.datatype();
        int result = def.abilities();
        Type[] args = t.typeArgumentArray();
        for (int i = 0; i < args.length; i++) {
          if (def.isPhantom(i)) {
            continue;
          }
          int a = of(args[i]);
          // key on the instance needs store on every non-phantom argument
          int allowed = (a & Abilities.PRIMITIVES) | ((a & Abilities.STORE) != 0 ? Abilities.KEY : 0);
          result &= allowed;
        }
        return result;
      }
      default:
        return Abilities.PRIMITIVES;
    }
  }
}
