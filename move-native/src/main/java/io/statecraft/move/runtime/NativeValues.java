package io.statecraft.move.runtime;

/** Value operations natives need that reach inside containers (references into them). */
public final class NativeValues {
  private NativeValues() {}

  /** A reference to element i (bounds already checked). */
  public static Ref borrowElement(VectorValue v, int i) {
    return new Ref(v.elements, i);
  }

  public static Object pop(VectorValue v) {
    return v.pop();
  }

  public static void swap(VectorValue v, int i, int j) {
    Object t = v.elements[i];
    v.elements[i] = v.elements[j];
    v.elements[j] = t;
  }

  /** {@code signer::borrow_address}: a reference to the signer's address. */
  public static Ref borrowSignerAddress(Ref signer) {
    SignerValue s = (SignerValue) signer.get();
    return new Ref(new Object[] {s.address()}, 0);
  }

  /** A fresh reference to a value that lives nowhere else (arguments passed by reference). */
  public static Ref refTo(Object value) {
    return new Ref(new Object[] {value}, 0);
  }
}
