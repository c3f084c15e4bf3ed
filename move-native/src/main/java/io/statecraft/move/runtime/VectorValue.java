package io.statecraft.move.runtime;

import java.util.Arrays;

/**
 * A mutable Move vector. Elements are runtime values (see {@link Values}). The backing array
 * is exposed to the interpreter, which makes element references as (array, index) pairs; the
 * borrow rules of Move forbid growing a vector while one of its elements is borrowed.
 */
public final class VectorValue extends Container {
  Object[] elements;
  int size;

  public VectorValue(int capacity) {
    this.elements = new Object[Math.max(capacity, 4)];
  }

  public VectorValue(Object[] elements, int size) {
    this.elements = elements;
    this.size = size;
  }

  public static VectorValue of(Object... values) {
    return new VectorValue(values.clone(), values.length);
  }

  public static VectorValue ofBytes(byte[] bytes) {
    Object[] e = new Object[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      e[i] = Values.u8(bytes[i] & 0xFF);
    }
    return new VectorValue(e, bytes.length);
  }

  public int size() {
    return size;
  }

  public Object get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return elements[i];
  }

  public void push(Object v) {
    if (size == elements.length) {
      elements = Arrays.copyOf(elements, Math.max(8, size * 2));
    }
    elements[size++] = v;
  }

  Object pop() {
    Object v = elements[--size];
    elements[size] = null;
    return v;
  }

  /** The elements as bytes; each must be a u8. */
  public byte[] toBytes() {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (Byte) elements[i];
    }
    return out;
  }
}
