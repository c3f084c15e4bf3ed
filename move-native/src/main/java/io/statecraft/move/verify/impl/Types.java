package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.DatatypeInstantiation;
import io.statecraft.move.binary.SignatureToken.Function;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Reference;
import io.statecraft.move.binary.SignatureToken.TypeParameter;
import io.statecraft.move.binary.SignatureToken.Vector;
import java.util.ArrayList;
import java.util.List;

/** Type helpers over {@link SignatureToken}s of a bounds-checked unit. */
public final class Types {
  private final CompiledUnit unit;

  public Types(CompiledUnit unit) {
    this.unit = unit;
  }

  static final AbilitySet REF_ABILITIES = AbilitySet.of(Ability.COPY, Ability.DROP);
  static final AbilitySet SIGNER_ABILITIES = AbilitySet.of(Ability.DROP);

  /** Abilities of {@code t}, where type parameter i has {@code typeParams.get(i)}. */
  public AbilitySet abilities(SignatureToken t, List<AbilitySet> typeParams) {
    if (t instanceof Primitive p) {
      return p == Primitive.SIGNER ? SIGNER_ABILITIES : AbilitySet.PRIMITIVES;
    } else if (t instanceof Reference || t instanceof MutableReference) {
      return REF_ABILITIES;
    } else if (t instanceof Vector v) {
      return AbilitySet.PRIMITIVES.intersect(abilities(v.element(), typeParams));
    } else if (t instanceof SignatureToken.Datatype d) {
      return unit.datatypeHandles().get(d.handle()).abilities();
    } else if (t instanceof DatatypeInstantiation d) {
      DatatypeHandle h = unit.datatypeHandles().get(d.handle());
      int bits = h.abilities().bits();
      List<DatatypeTypeParameter> params = h.typeParameters();
      for (int i = 0; i < d.typeArguments().size() && i < params.size(); i++) {
        if (params.get(i).isPhantom()) {
          continue;
        }
        bits &= requiredBy(abilities(d.typeArguments().get(i), typeParams)).bits();
      }
      return new AbilitySet(bits);
    } else if (t instanceof TypeParameter p) {
      return p.index() < typeParams.size() ? typeParams.get(p.index()) : AbilitySet.EMPTY;
    } else if (t instanceof Function f) {
      return f.abilities();
    }
    return AbilitySet.EMPTY;
  }

  /**
   * The abilities a container may have given that a (non-phantom) member has {@code member}:
   * copy needs copy, drop needs drop, store needs store, key needs store.
   */
  static AbilitySet requiredBy(AbilitySet member) {
    int bits = member.bits() & AbilitySet.PRIMITIVES.bits();
    if (member.has(Ability.STORE)) {
      bits |= Ability.KEY.bit();
    }
    return new AbilitySet(bits);
  }

  /** What a field must have for its container to have {@code containerAbility}. */
  static Ability fieldRequirement(Ability containerAbility) {
    return containerAbility == Ability.KEY ? Ability.STORE : containerAbility;
  }

  public static SignatureToken substitute(SignatureToken t, List<SignatureToken> args) {
    if (args.isEmpty()) {
      return t;
    }
    if (t instanceof TypeParameter p) {
      return p.index() < args.size() ? args.get(p.index()) : t;
    } else if (t instanceof Vector v) {
      return new Vector(substitute(v.element(), args));
    } else if (t instanceof Reference r) {
      return new Reference(substitute(r.referent(), args));
    } else if (t instanceof MutableReference r) {
      return new MutableReference(substitute(r.referent(), args));
    } else if (t instanceof DatatypeInstantiation d) {
      return new DatatypeInstantiation(d.handle(), substituteAll(d.typeArguments(), args));
    } else if (t instanceof Function f) {
      return new Function(substituteAll(f.parameters(), args), substituteAll(f.results(), args), f.abilities());
    }
    return t;
  }

  public static List<SignatureToken> substituteAll(List<SignatureToken> ts, List<SignatureToken> args) {
    if (args.isEmpty()) {
      return ts;
    }
    List<SignatureToken> out = new ArrayList<>(ts.size());
    for (SignatureToken t : ts) {
      out.add(substitute(t, args));
    }
    return out;
  }

  /** The type of datatype {@code handle} applied to {@code args} (none: the plain datatype). */
  public static SignatureToken datatype(int handle, List<SignatureToken> args) {
    return args.isEmpty() ? new SignatureToken.Datatype(handle) : new DatatypeInstantiation(handle, args);
  }

  public static boolean isReference(SignatureToken t) {
    return t instanceof Reference || t instanceof MutableReference;
  }

  public static SignatureToken referent(SignatureToken t) {
    if (t instanceof Reference r) {
      return r.referent();
    } else if (t instanceof MutableReference r) {
      return r.referent();
    }
    return null;
  }

  public static boolean isInteger(SignatureToken t) {
    return t instanceof Primitive p && p.isInteger();
  }

  public static boolean isUnsigned(SignatureToken t) {
    return t instanceof Primitive p && p.isInteger() && !p.isSigned();
  }

  public static boolean isSigned(SignatureToken t) {
    return t instanceof Primitive p && p.isSigned();
  }

  /** Number of nodes in the token's tree, stopping once above {@code cap}. */
  public static int nodes(SignatureToken t, int cap) {
    int[] count = {0};
    countNodes(t, count, cap);
    return count[0];
  }

  private static void countNodes(SignatureToken t, int[] count, int cap) {
    if (++count[0] > cap) {
      return;
    }
    if (t instanceof Vector v) {
      countNodes(v.element(), count, cap);
    } else if (t instanceof Reference r) {
      countNodes(r.referent(), count, cap);
    } else if (t instanceof MutableReference r) {
      countNodes(r.referent(), count, cap);
    } else if (t instanceof DatatypeInstantiation d) {
      for (SignatureToken a : d.typeArguments()) {
        countNodes(a, count, cap);
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        countNodes(a, count, cap);
      }
      for (SignatureToken a : f.results()) {
        countNodes(a, count, cap);
      }
    }
  }

  /** True when a reference occurs anywhere in {@code t}. */
  public static boolean containsReference(SignatureToken t) {
    if (isReference(t)) {
      return true;
    } else if (t instanceof Vector v) {
      return containsReference(v.element());
    } else if (t instanceof DatatypeInstantiation d) {
      for (SignatureToken a : d.typeArguments()) {
        if (containsReference(a)) {
          return true;
        }
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        if (containsReference(a)) {
          return true;
        }
      }
      for (SignatureToken a : f.results()) {
        if (containsReference(a)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when type parameter {@code index} occurs in {@code t}. */
  public static boolean mentions(SignatureToken t, int index) {
    if (t instanceof TypeParameter p) {
      return p.index() == index;
    } else if (t instanceof Vector v) {
      return mentions(v.element(), index);
    } else if (t instanceof Reference r) {
      return mentions(r.referent(), index);
    } else if (t instanceof MutableReference r) {
      return mentions(r.referent(), index);
    } else if (t instanceof DatatypeInstantiation d) {
      for (SignatureToken a : d.typeArguments()) {
        if (mentions(a, index)) {
          return true;
        }
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        if (mentions(a, index)) {
          return true;
        }
      }
      for (SignatureToken a : f.results()) {
        if (mentions(a, index)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * May a value of type {@code actual} stand where {@code expected} is declared? Equality, except
   * that a function value may carry more abilities than the declared function type asks for.
   */
  public static boolean assignable(SignatureToken actual, SignatureToken expected) {
    if (actual.equals(expected)) {
      return true;
    }
    if (actual instanceof Function a && expected instanceof Function e) {
      return a.parameters().equals(e.parameters())
          && a.results().equals(e.results())
          && e.abilities().isSubsetOf(a.abilities());
    }
    return false;
  }
}
