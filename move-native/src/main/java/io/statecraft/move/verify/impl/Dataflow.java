package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.InvalidModuleException.Kind;
import java.util.BitSet;

/**
 * A forward dataflow driver over the reachable blocks of a {@link Cfg}, in reverse postorder,
 * to a fixpoint. The number of block visits is capped (limit per block times blocks), so a
 * state domain that fails to converge is reported, never looped on.
 */
abstract class Dataflow<S> {
  abstract S entry();

  abstract S copy(S s);

  /** Joins {@code incoming} into {@code old}; returns null when {@code old} is unchanged. */
  abstract S join(S old, S incoming);

  /** Runs the block on (a copy of) its entry state; returns the state at its end. */
  abstract S execute(S state, int block);

  void run(FunctionCtx f, int stepsPerBlock) {
    Cfg cfg = f.cfg;
    int blocks = cfg.start.length;
    int[] order = new int[blocks];
    java.util.Arrays.fill(order, -1);
    for (int i = 0; i < cfg.rpo.length; i++) {
      order[cfg.rpo[i]] = i;
    }
    @SuppressWarnings("unchecked")
    S[] in = (S[]) new Object[blocks];
    in[0] = entry();
    BitSet pending = new BitSet(cfg.rpo.length);
    pending.set(0);
    long budget = (long) stepsPerBlock * Math.max(1, cfg.rpo.length);
    while (!pending.isEmpty()) {
      int i = pending.nextSetBit(0);
      pending.clear(i);
      if (--budget < 0) {
        throw f.fail(Kind.LIMIT_EXCEEDED, cfg.start[cfg.rpo[i]], "dataflow analysis does not converge within its budget");
      }
      int b = cfg.rpo[i];
      S out = execute(copy(in[b]), b);
      for (int succ : cfg.successors[b]) {
        if (in[succ] == null) {
          in[succ] = copy(out);
          pending.set(order[succ]);
        } else {
          S joined = join(in[succ], out);
          if (joined != null) {
            in[succ] = joined;
            pending.set(order[succ]);
          }
        }
      }
    }
  }
}
