package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.VariantJumpTable;
import io.statecraft.move.verify.VerifierLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The control flow graph of one code unit, with the structural checks: code not empty, no fall
 * through off the end, basic block limit, reducible loops (every back edge goes to a block that
 * dominates its source), back edge limit. Built without recursion.
 */
final class Cfg {
  final int[] start;
  final int[] end; // inclusive
  final int[][] successors;
  final int[] blockOf;
  /** Reachable blocks in reverse postorder from the entry. */
  final int[] rpo;
  final int backEdges;

  static boolean isUnconditional(Opcode op) {
    return op == Opcode.RET || op == Opcode.ABORT || op == Opcode.ABORT_MSG
        || op == Opcode.BRANCH || op == Opcode.VARIANT_SWITCH;
  }

  static boolean isTerminator(Opcode op) {
    return isUnconditional(op) || op == Opcode.BR_TRUE || op == Opcode.BR_FALSE;
  }

  Cfg(CodeUnit unit, VerifierLimits limits, String where) {
    List<Bytecode> code = unit.code();
    int n = code.size();
    if (n == 0) {
      throw new InvalidModuleException(Kind.INVALID_CONTROL_FLOW, where, 0, "empty code");
    }
    if (!isUnconditional(code.get(n - 1).opcode())) {
      throw new InvalidModuleException(Kind.INVALID_CONTROL_FLOW, where, n - 1, "the last instruction may fall through off the end of the code");
    }
    BitSet leaders = new BitSet(n);
    leaders.set(0);
    for (int pc = 0; pc < n; pc++) {
      Bytecode b = code.get(pc);
      Opcode op = b.opcode();
      if (op == Opcode.BRANCH || op == Opcode.BR_TRUE || op == Opcode.BR_FALSE) {
        leaders.set(b.index());
      } else if (op == Opcode.VARIANT_SWITCH) {
        for (int t : unit.jumpTables().get(b.index()).offsets()) {
          leaders.set(t);
        }
      }
      if (isTerminator(op) && pc + 1 < n) {
        leaders.set(pc + 1);
      }
    }
    int blocks = leaders.cardinality();
    if (blocks > limits.maxBasicBlocks()) {
      throw new InvalidModuleException(Kind.LIMIT_EXCEEDED, where, -1, blocks + " basic blocks, more than " + limits.maxBasicBlocks());
    }
    start = new int[blocks];
    end = new int[blocks];
    blockOf = new int[n];
    int bi = 0;
    for (int pc = leaders.nextSetBit(0); pc >= 0; pc = leaders.nextSetBit(pc + 1)) {
      start[bi++] = pc;
    }
    for (int i = 0; i < blocks; i++) {
      end[i] = i + 1 < blocks ? start[i + 1] - 1 : n - 1;
      for (int pc = start[i]; pc <= end[i]; pc++) {
        blockOf[pc] = i;
      }
    }
    successors = new int[blocks][];
    for (int i = 0; i < blocks; i++) {
      Bytecode last = code.get(end[i]);
      successors[i] = switch (last.opcode()) {
        case RET, ABORT, ABORT_MSG -> new int[0];
        case BRANCH -> new int[] {blockOf[last.index()]};
        case BR_TRUE, BR_FALSE -> distinct(blockOf[last.index()], blockOf[end[i] + 1]);
        case VARIANT_SWITCH -> {
          VariantJumpTable t = unit.jumpTables().get(last.index());
          int[] out = t.offsets().stream().mapToInt(o -> blockOf[o]).distinct().toArray();
          yield out;
        }
        default -> new int[] {blockOf[end[i] + 1]};
      };
    }
    // Iterative DFS: postorder and back edges.
    int[] post = new int[blocks];
    int postCount = 0;
    byte[] state = new byte[blocks]; // 0 new, 1 on stack, 2 done
    int[] stack = new int[blocks];
    int[] next = new int[blocks];
    List<int[]> back = new ArrayList<>();
    int sp = 0;
    stack[sp++] = 0;
    state[0] = 1;
    while (sp > 0) {
      int v = stack[sp - 1];
      if (next[v] < successors[v].length) {
        int w = successors[v][next[v]++];
        if (state[w] == 0) {
          state[w] = 1;
          stack[sp++] = w;
        } else if (state[w] == 1) {
          back.add(new int[] {v, w});
        }
      } else {
        state[v] = 2;
        post[postCount++] = v;
        sp--;
      }
    }
    rpo = new int[postCount];
    int[] rpoIndex = new int[blocks];
    Arrays.fill(rpoIndex, -1);
    for (int i = 0; i < postCount; i++) {
      rpo[i] = post[postCount - 1 - i];
      rpoIndex[rpo[i]] = i;
    }
    int[] idom = dominators(blocks, rpoIndex);
    for (int[] e : back) {
      if (!dominates(idom, e[1], e[0])) {
        throw new InvalidModuleException(Kind.INVALID_CONTROL_FLOW, where, end[e[0]],
            "irreducible control flow: loop entered other than through its head at " + start[e[1]]);
      }
    }
    backEdges = back.size();
    if (backEdges > limits.maxBackEdgesPerFunction()) {
      throw new InvalidModuleException(Kind.LIMIT_EXCEEDED, where, -1, backEdges + " loop back edges, more than " + limits.maxBackEdgesPerFunction());
    }
  }

  private static int[] distinct(int a, int b) {
    return a == b ? new int[] {a} : new int[] {a, b};
  }

  /** Immediate dominators (Cooper, Harvey, Kennedy) over the reachable blocks. */
  private int[] dominators(int blocks, int[] rpoIndex) {
    List<List<Integer>> preds = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      preds.add(new ArrayList<>());
    }
    for (int v : rpo) {
      for (int w : successors[v]) {
        preds.get(w).add(v);
      }
    }
    int[] idom = new int[blocks];
    Arrays.fill(idom, -1);
    idom[0] = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 1; i < rpo.length; i++) {
        int b = rpo[i];
        int newIdom = -1;
        for (int p : preds.get(b)) {
          if (idom[p] < 0) {
            continue;
          }
          if (newIdom < 0) {
            newIdom = p;
          } else {
            int x = p;
            int y = newIdom;
            while (x != y) {
              while (rpoIndex[x] > rpoIndex[y]) {
                x = idom[x];
              }
              while (rpoIndex[y] > rpoIndex[x]) {
                y = idom[y];
              }
            }
            newIdom = x;
          }
        }
        if (newIdom >= 0 && idom[b] != newIdom) {
          idom[b] = newIdom;
          changed = true;
        }
      }
    }
    return idom;
  }

  private static boolean dominates(int[] idom, int a, int b) {
    int x = b;
    while (true) {
      if (x == a) {
        return true;
      }
      if (x == 0 || idom[x] < 0) {
        return false;
      }
      x = idom[x];
    }
  }
}
