package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import java.util.Arrays;

/**
 * Which locals hold a value at each instruction: a local must hold one to be copied, moved or
 * borrowed; a value without drop may not be overwritten or left in a local at return.
 */
final class LocalsSafety extends Dataflow<byte[]> {
  private static final byte UNAVAILABLE = 0;
  private static final byte AVAILABLE = 1;
  private static final byte MAYBE = 2;

  private final FunctionCtx f;
  private final Types types;
  private final boolean[] droppable;

  LocalsSafety(FunctionCtx f, Types types) {
    this.f = f;
    this.types = types;
    droppable = new boolean[f.locals.size()];
    for (int i = 0; i < droppable.length; i++) {
      droppable[i] = types.abilities(f.locals.get(i), f.typeParams).has(Ability.DROP);
    }
  }

  @Override
  byte[] entry() {
    byte[] s = new byte[f.locals.size()];
    Arrays.fill(s, 0, f.paramCount, AVAILABLE);
    return s;
  }

  @Override
  byte[] copy(byte[] s) {
    return s.clone();
  }

  @Override
  byte[] join(byte[] old, byte[] incoming) {
    byte[] out = null;
    for (int i = 0; i < old.length; i++) {
      if (old[i] != incoming[i] && old[i] != MAYBE) {
        if (out == null) {
          out = old.clone();
        }
        out[i] = MAYBE;
      }
    }
    return out;
  }

  @Override
  byte[] execute(byte[] s, int block) {
    for (int pc = f.cfg.start[block]; pc <= f.cfg.end[block]; pc++) {
      Bytecode b = f.code.code().get(pc);
      int i = b.index();
      switch (b.opcode()) {
        case COPY_LOC, MUT_BORROW_LOC, IMM_BORROW_LOC -> available(s, i, pc);
        case MOVE_LOC -> {
          available(s, i, pc);
          s[i] = UNAVAILABLE;
        }
        case ST_LOC -> {
          if (s[i] != UNAVAILABLE && !droppable[i]) {
            throw f.fail(Kind.UNDROPPED_VALUE, pc, "StLoc overwrites local " + i + " of type " + f.locals.get(i) + " without drop");
          }
          s[i] = AVAILABLE;
        }
        case RET -> {
          for (int l = 0; l < s.length; l++) {
            if (s[l] != UNAVAILABLE && !droppable[l]) {
              throw f.fail(Kind.UNDROPPED_VALUE, pc, "return leaves local " + l + " of type " + f.locals.get(l) + " without drop");
            }
          }
        }
        default -> {}
      }
    }
    return s;
  }

  private void available(byte[] s, int i, int pc) {
    if (s[i] != AVAILABLE) {
      throw f.fail(Kind.LOCAL_UNAVAILABLE, pc, "local " + i + (s[i] == MAYBE ? " may hold no value" : " holds no value"));
    }
  }
}
