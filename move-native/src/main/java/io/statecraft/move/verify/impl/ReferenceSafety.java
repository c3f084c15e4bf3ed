package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reference safety over a borrow graph, after the Move verifier's design: every reference is a
 * node; an edge parent -> child says the child borrows from the parent, labelled by the first
 * step of the path (a local, a global resource, a field, a variant field, or "full"). The frame
 * root owns the locals and the global resources. Released references hand their borrows to
 * their parents. At block boundaries the state is canonical (a reference in local i has id i)
 * and states are joined by union.
 *
 * <p>Stricter than Move in a few places, so that no reference can dangle in the interpreter:
 * a mutable borrow of a local, field or variant requires it not be borrowed at all, immutable
 * vector operations require a readable vector reference, and a closure call requires that no
 * global resource is borrowed.
 */
final class ReferenceSafety extends Dataflow<ReferenceSafety.State> {
  private static final long FULL = 0;

  private static long localLabel(int i) {
    return (1L << 40) | i;
  }

  private static long globalLabel(int def) {
    return (2L << 40) | def;
  }

  private static long fieldLabel(int def, int offset) {
    return (3L << 40) | ((long) def << 16) | offset;
  }

  private static long suiVariantFieldLabel(int enumDef, int tag, int index) {
    return (4L << 40) | ((long) enumDef << 20) | ((long) tag << 10) | index;
  }

  private static long aptosVariantFieldLabel(int def, int offset) {
    return (5L << 40) | ((long) def << 16) | offset;
  }

  private static boolean isGlobal(long label) {
    return (label >>> 40) == 2;
  }

  record Edge(long label, int child) {}

  static final class Node {
    final boolean mutable;
    final Set<Edge> out;

    Node(boolean mutable, Set<Edge> out) {
      this.mutable = mutable;
      this.out = out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Node n && n.mutable == mutable && n.out.equals(out);
    }

    @Override
    public int hashCode() {
      return Objects.hash(mutable, out);
    }
  }

  static final class State {
    final int[] locals; // -1: no reference
    final Map<Integer, Node> nodes;
    int nextId;

    State(int[] locals, Map<Integer, Node> nodes, int nextId) {
      this.locals = locals;
      this.nodes = nodes;
      this.nextId = nextId;
    }

    State deepCopy() {
      Map<Integer, Node> n = new HashMap<>();
      for (Map.Entry<Integer, Node> e : nodes.entrySet()) {
        n.put(e.getKey(), new Node(e.getValue().mutable, new HashSet<>(e.getValue().out)));
      }
      return new State(locals.clone(), n, nextId);
    }
  }

  private final FunctionCtx f;
  private final CompiledUnit unit;
  private final CompiledModule module;
  private final StructureVerifier s;
  private final int frame;
  private final List<Integer> stack = new ArrayList<>();
  private State st;
  private int pc;

  ReferenceSafety(FunctionCtx f, StructureVerifier s) {
    this.f = f;
    this.s = s;
    this.unit = s.unit;
    this.module = s.module;
    this.frame = f.locals.size();
  }

  // ------------------------------------------------------------------ graph

  private int newRef(boolean mutable) {
    int id = st.nextId++;
    st.nodes.put(id, new Node(mutable, new HashSet<>()));
    return id;
  }

  private void edge(int parent, long label, int child) {
    st.nodes.get(parent).out.add(new Edge(label, child));
  }

  private long work;

  private void meter(long units) {
    work += units;
    if (work > s.limits.maxBorrowGraphWork()) {
      throw f.fail(Kind.LIMIT_EXCEEDED, pc, "reference safety analysis exceeds its work budget");
    }
  }

  private void release(State st, int id) {
    Node n = st.nodes.remove(id);
    if (n == null) {
      return;
    }
    meter(st.nodes.size() + n.out.size());
    for (Node p : st.nodes.values()) {
      List<Edge> toId = null;
      for (Edge e : p.out) {
        if (e.child == id) {
          if (toId == null) {
            toId = new ArrayList<>();
          }
          toId.add(e);
        }
      }
      if (toId == null) {
        continue;
      }
      p.out.removeAll(toId);
      for (Edge up : toId) {
        for (Edge down : n.out) {
          p.out.add(new Edge(up.label != FULL ? up.label : down.label, down.child));
        }
      }
    }
  }

  private void release(int id) {
    release(st, id);
  }

  private boolean mutable(int id) {
    return st.nodes.get(id).mutable;
  }

  /** Borrowed fully, or at {@code label} (any label when {@code label} is null). */
  private boolean borrowed(int id, Long label, boolean mutableOnly) {
    meter(1 + st.nodes.get(id).out.size());
    for (Edge e : st.nodes.get(id).out) {
      if (mutableOnly && !mutable(e.child)) {
        continue;
      }
      if (e.label == FULL || label == null || e.label == label) {
        return true;
      }
    }
    return false;
  }

  private boolean writable(int id) {
    return !borrowed(id, null, false);
  }

  private boolean readable(int id, Long label) {
    return !mutable(id) || !borrowed(id, label, true);
  }

  private void check(boolean ok, String rule) {
    if (!ok) {
      throw f.fail(Kind.REFERENCE_SAFETY, pc, rule);
    }
  }

  // ------------------------------------------------------------------ dataflow

  @Override
  State entry() {
    int[] locals = new int[f.locals.size()];
    java.util.Arrays.fill(locals, -1);
    Map<Integer, Node> nodes = new HashMap<>();
    for (int i = 0; i < f.paramCount; i++) {
      SignatureToken t = f.locals.get(i);
      if (Types.isReference(t)) {
        nodes.put(i, new Node(t instanceof MutableReference, new HashSet<>()));
        locals[i] = i;
      }
    }
    nodes.put(frame, new Node(true, new HashSet<>()));
    return new State(locals, nodes, frame + 1);
  }

  @Override
  State copy(State s) {
    meter(s.nodes.size());
    return s.deepCopy();
  }

  @Override
  State join(State old, State incoming) {
    meter(2L * (old.nodes.size() + incoming.nodes.size()));
    State a = old.deepCopy();
    State b = incoming.deepCopy();
    for (int i = 0; i < a.locals.length; i++) {
      if (a.locals[i] != b.locals[i]) {
        if (a.locals[i] >= 0) {
          release(a, a.locals[i]);
          a.locals[i] = -1;
        }
        if (b.locals[i] >= 0) {
          release(b, b.locals[i]);
          b.locals[i] = -1;
        }
      }
    }
    for (Map.Entry<Integer, Node> e : b.nodes.entrySet()) {
      Node mine = a.nodes.get(e.getKey());
      if (mine == null) {
        a.nodes.put(e.getKey(), e.getValue());
      } else {
        mine.out.addAll(e.getValue().out);
      }
    }
    if (java.util.Arrays.equals(a.locals, old.locals) && a.nodes.equals(old.nodes)) {
      return null;
    }
    return a;
  }

  @Override
  State execute(State state, int block) {
    st = state;
    stack.clear();
    for (pc = f.cfg.start[block]; pc <= f.cfg.end[block]; pc++) {
      instruction(f.code.code().get(pc));
    }
    return canonical();
  }

  private State canonical() {
    Map<Integer, Integer> map = new HashMap<>();
    map.put(frame, frame);
    for (int i = 0; i < st.locals.length; i++) {
      if (st.locals[i] >= 0) {
        map.put(st.locals[i], i);
      }
    }
    for (Integer id : new ArrayList<>(st.nodes.keySet())) {
      if (!map.containsKey(id)) {
        release(id);
      }
    }
    Map<Integer, Node> nodes = new HashMap<>();
    for (Map.Entry<Integer, Node> e : st.nodes.entrySet()) {
      Set<Edge> out = new HashSet<>();
      for (Edge edge : e.getValue().out) {
        out.add(new Edge(edge.label, map.get(edge.child)));
      }
      nodes.put(map.get(e.getKey()), new Node(e.getValue().mutable, out));
    }
    int[] locals = new int[st.locals.length];
    for (int i = 0; i < locals.length; i++) {
      locals[i] = st.locals[i] >= 0 ? i : -1;
    }
    return new State(locals, nodes, frame + 1);
  }

  // ------------------------------------------------------------------ instructions

  private int pop() {
    return stack.remove(stack.size() - 1);
  }

  private void releaseIfRef(int v) {
    if (v >= 0) {
      release(v);
    }
  }

  private void instruction(Bytecode b) {
    Opcode op = b.opcode();
    int i = b.index();
    switch (op) {
      case POP -> releaseIfRef(pop());
      case COPY_LOC -> {
        int v = st.locals[i];
        if (v >= 0) {
          int c = newRef(mutable(v));
          edge(v, FULL, c);
          stack.add(c);
        } else {
          check(!borrowed(frame, localLabel(i), true), "CopyLoc of local " + i + " while it is mutably borrowed");
          stack.add(-1);
        }
      }
      case MOVE_LOC -> {
        int v = st.locals[i];
        if (v >= 0) {
          st.locals[i] = -1;
          stack.add(v);
        } else {
          check(!borrowed(frame, localLabel(i), false), "MoveLoc of local " + i + " while it is borrowed");
          stack.add(-1);
        }
      }
      case ST_LOC -> {
        int v = pop();
        int old = st.locals[i];
        if (old >= 0) {
          release(old);
        } else {
          check(!borrowed(frame, localLabel(i), false), "StLoc overwrites local " + i + " while it is borrowed");
        }
        st.locals[i] = v;
      }
      case MUT_BORROW_LOC, IMM_BORROW_LOC -> {
        boolean mut = op == Opcode.MUT_BORROW_LOC;
        check(!borrowed(frame, localLabel(i), !mut), (mut ? "mutable" : "immutable") + " borrow of local " + i + " while it is " + (mut ? "borrowed" : "mutably borrowed"));
        int r = newRef(mut);
        edge(frame, localLabel(i), r);
        stack.add(r);
      }
      case MUT_BORROW_FIELD, IMM_BORROW_FIELD, MUT_BORROW_FIELD_GENERIC, IMM_BORROW_FIELD_GENERIC -> {
        FieldHandle fh = op == Opcode.MUT_BORROW_FIELD || op == Opcode.IMM_BORROW_FIELD
            ? module.fieldHandles().get(i)
            : module.fieldHandles().get(module.fieldInstantiations().get(i).handle());
        borrowChild(op == Opcode.MUT_BORROW_FIELD || op == Opcode.MUT_BORROW_FIELD_GENERIC, fieldLabel(fh.owner(), fh.field()));
      }
      case IMM_BORROW_VARIANT_FIELD, MUT_BORROW_VARIANT_FIELD, IMM_BORROW_VARIANT_FIELD_GENERIC, MUT_BORROW_VARIANT_FIELD_GENERIC -> {
        var vfh = op == Opcode.IMM_BORROW_VARIANT_FIELD || op == Opcode.MUT_BORROW_VARIANT_FIELD
            ? module.variantFieldHandles().get(i)
            : module.variantFieldHandles().get(module.variantFieldInstantiations().get(i).handle());
        borrowChild(op == Opcode.MUT_BORROW_VARIANT_FIELD || op == Opcode.MUT_BORROW_VARIANT_FIELD_GENERIC,
            aptosVariantFieldLabel(vfh.owner(), vfh.field()));
      }
      case FREEZE_REF -> {
        int r = pop();
        check(readable(r, null), "FreezeRef of a reference that is mutably borrowed");
        int c = newRef(false);
        edge(r, FULL, c);
        release(r);
        stack.add(c);
      }
      case READ_REF -> {
        int r = pop();
        check(readable(r, null), "ReadRef through a reference that is mutably borrowed");
        release(r);
        stack.add(-1);
      }
      case WRITE_REF -> {
        int r = pop();
        pop();
        check(writable(r), "WriteRef through a reference that is borrowed");
        release(r);
      }
      case EQ, NEQ -> {
        int a = pop();
        int c = pop();
        if (a >= 0 && c >= 0) {
          check(readable(a, null) && readable(c, null), "comparison of a reference that is mutably borrowed");
          release(a);
          release(c);
        }
        stack.add(-1);
      }
      case MUT_BORROW_GLOBAL, IMM_BORROW_GLOBAL, MUT_BORROW_GLOBAL_GENERIC, IMM_BORROW_GLOBAL_GENERIC -> {
        boolean mut = op == Opcode.MUT_BORROW_GLOBAL || op == Opcode.MUT_BORROW_GLOBAL_GENERIC;
        boolean generic = op == Opcode.MUT_BORROW_GLOBAL_GENERIC || op == Opcode.IMM_BORROW_GLOBAL_GENERIC;
        int def = generic ? module.structDefInstantiations().get(i).def() : i;
        pop();
        check(!borrowed(frame, globalLabel(def), !mut), "global borrow of resource " + def + " while it is " + (mut ? "borrowed" : "mutably borrowed"));
        int r = newRef(mut);
        edge(frame, globalLabel(def), r);
        stack.add(r);
      }
      case MOVE_FROM, MOVE_FROM_GENERIC -> {
        int def = op == Opcode.MOVE_FROM ? i : module.structDefInstantiations().get(i).def();
        pop();
        check(!borrowed(frame, globalLabel(def), false), "MoveFrom of resource " + def + " while it is borrowed");
        stack.add(-1);
      }
      case MOVE_TO, MOVE_TO_GENERIC -> {
        pop();
        releaseIfRef(pop());
      }
      case VEC_LEN -> {
        int r = pop();
        check(readable(r, null), "VecLen of a vector that is mutably borrowed");
        release(r);
        stack.add(-1);
      }
      case VEC_IMM_BORROW, VEC_MUT_BORROW -> {
        boolean mut = op == Opcode.VEC_MUT_BORROW;
        pop();
        int r = pop();
        check(mut ? writable(r) : readable(r, null), "vector element borrow of a vector that is " + (mut ? "borrowed" : "mutably borrowed"));
        int c = newRef(mut);
        edge(r, FULL, c);
        release(r);
        stack.add(c);
      }
      case VEC_PUSH_BACK -> {
        pop();
        vectorUpdate(pop());
      }
      case VEC_POP_BACK -> {
        vectorUpdate(pop());
        stack.add(-1);
      }
      case VEC_SWAP -> {
        pop();
        pop();
        vectorUpdate(pop());
      }
      case UNPACK_VARIANT_IMM_REF, UNPACK_VARIANT_MUT_REF, UNPACK_VARIANT_GENERIC_IMM_REF, UNPACK_VARIANT_GENERIC_MUT_REF -> {
        boolean mut = op == Opcode.UNPACK_VARIANT_MUT_REF || op == Opcode.UNPACK_VARIANT_GENERIC_MUT_REF;
        int enumDef;
        int tag;
        if (op == Opcode.UNPACK_VARIANT_IMM_REF || op == Opcode.UNPACK_VARIANT_MUT_REF) {
          enumDef = module.variantHandles().get(i).enumDef();
          tag = module.variantHandles().get(i).variant();
        } else {
          var vh = module.variantInstantiationHandles().get(i);
          enumDef = module.enumDefInstantiations().get(vh.enumDefInstantiation()).def();
          tag = vh.variant();
        }
        int r = pop();
        check(mut ? writable(r) : readable(r, null), "variant unpack through a reference that is " + (mut ? "borrowed" : "mutably borrowed"));
        for (int k = 0; k < f.pushes[pc].length; k++) {
          int c = newRef(mut);
          edge(r, suiVariantFieldLabel(enumDef, tag, k), c);
          stack.add(c);
        }
        release(r);
      }
      case VARIANT_SWITCH -> release(pop()); // reads only the tag, which no borrow can change
      case TEST_STRUCT_VARIANT, TEST_STRUCT_VARIANT_GENERIC -> {
        int r = pop();
        check(readable(r, null), op + " through a reference that is mutably borrowed");
        release(r);
        stack.add(-1);
      }
      case CALL, CALL_GENERIC -> {
        int handle = op == Opcode.CALL ? i : unit.functionInstantiations().get(i).handle();
        Integer def = s.functionDefOfHandle.get(handle);
        if (def != null) {
          for (int acquired : module.functionDefs().get(def).acquires()) {
            check(!borrowed(frame, globalLabel(acquired), false), "call to a function acquiring resource " + acquired + " while it is borrowed");
          }
        }
        call(f.pops[pc], f.pushes[pc]);
      }
      case CALL_CLOSURE -> {
        for (Edge e : st.nodes.get(frame).out) {
          check(!isGlobal(e.label), "closure call while a global resource is borrowed");
        }
        pop(); // the function value
        call(f.pops[pc] - 1, f.pushes[pc]);
      }
      case RET -> {
        int n = f.pops[pc];
        int[] values = new int[n];
        for (int k = n - 1; k >= 0; k--) {
          values[k] = pop();
        }
        for (int l = 0; l < st.locals.length; l++) {
          if (st.locals[l] >= 0) {
            release(st.locals[l]);
            st.locals[l] = -1;
          }
        }
        check(st.nodes.get(frame).out.isEmpty(), "return while a local or global resource is still borrowed");
        for (int v : values) {
          if (v >= 0 && mutable(v)) {
            check(writable(v), "returns a mutable reference that is still borrowed");
          }
        }
        for (int v : values) {
          releaseIfRef(v);
        }
      }
      default -> {
        for (int k = 0; k < f.pops[pc]; k++) {
          releaseIfRef(pop());
        }
        for (int k = 0; k < f.pushes[pc].length; k++) {
          stack.add(-1);
        }
      }
    }
  }

  private void borrowChild(boolean mut, long label) {
    int r = pop();
    if (mut) {
      check(!borrowed(r, label, false), "mutable field borrow while the field or the whole value is borrowed");
    } else {
      check(readable(r, label), "immutable field borrow while the field or the whole value is mutably borrowed");
    }
    int c = newRef(mut);
    edge(r, label, c);
    release(r);
    stack.add(c);
  }

  private void vectorUpdate(int r) {
    check(writable(r), "vector update through a reference whose elements are borrowed");
    release(r);
  }

  private void call(int argCount, SignatureToken[] returns) {
    List<Integer> args = new ArrayList<>();
    for (int k = 0; k < argCount; k++) {
      int v = pop();
      if (v >= 0) {
        args.add(v);
      }
    }
    List<Integer> mutableArgs = new ArrayList<>();
    for (int a : args) {
      if (mutable(a)) {
        check(writable(a), "passes a mutable reference that is borrowed");
        mutableArgs.add(a);
      } else {
        check(readable(a, null), "passes a reference that is mutably borrowed");
      }
    }
    for (SignatureToken t : returns) {
      if (t instanceof MutableReference) {
        int r = newRef(true);
        for (int a : mutableArgs) {
          edge(a, FULL, r);
        }
        stack.add(r);
      } else if (Types.isReference(t)) {
        int r = newRef(false);
        for (int a : args) {
          edge(a, FULL, r);
        }
        stack.add(r);
      } else {
        stack.add(-1);
      }
    }
    for (int a : args) {
      release(a);
    }
  }
}
