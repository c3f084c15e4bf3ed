package io.statecraft.move.runtime;

/**
 * A reference: one slot of an array of values, which is a frame's locals, a struct's fields, a
 * vector's elements or a global resource cell. One shape for every kind of reference keeps
 * ReadRef/WriteRef monomorphic and a borrow one allocation. Mutability is checked statically
 * by the verifier, so it is not stored.
 */
public final class Ref {
  final Object[] slots;
  final int index;

  Ref(Object[] slots, int index) {
    this.slots = slots;
    this.index = index;
  }

  /** The referenced value itself (not a copy): callers must not keep it past the borrow. */
  public Object get() {
    return slots[index];
  }

  public void set(Object v) {
    slots[index] = v;
  }
}
