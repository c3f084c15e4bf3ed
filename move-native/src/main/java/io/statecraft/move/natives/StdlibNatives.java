package io.statecraft.move.natives;

import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.NativeValues;
import io.statecraft.move.runtime.Ref;
import io.statecraft.move.runtime.SignerValue;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.runtime.StructValue;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.runtime.VectorValue;
import io.statecraft.move.runtime.VmError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The natives of move-stdlib, with the semantics and error codes of the Rust implementations:
 * vector (errors are VECTOR_OPERATION_ERROR with the NFE sub-statuses), signer, hash, bcs,
 * string, type_name, debug (no-ops: output would make nodes differ).
 */
public final class StdlibNatives {
  private StdlibNatives() {}

  private static final Object[] NONE = new Object[0];

  public static NativeRegistry register(NativeRegistry r, AccountAddress std) {
    return r
        .with(std, "vector", "empty", StdlibNatives::vectorEmpty)
        .with(std, "vector", "length", (c, t, a) -> one((long) vec(a[0]).size()))
        .with(std, "vector", "borrow", StdlibNatives::vectorBorrow)
        .with(std, "vector", "borrow_mut", StdlibNatives::vectorBorrow)
        .with(std, "vector", "push_back", StdlibNatives::vectorPushBack)
        .with(std, "vector", "pop_back", StdlibNatives::vectorPopBack)
        .with(std, "vector", "destroy_empty", StdlibNatives::vectorDestroyEmpty)
        .with(std, "vector", "swap", StdlibNatives::vectorSwap)
        .with(std, "signer", "borrow_address", (c, t, a) -> one(NativeValues.borrowSignerAddress((Ref) a[0])))
        .with(std, "hash", "sha2_256", (c, t, a) -> one(digest(c, "SHA-256", (VectorValue) a[0])))
        .with(std, "hash", "sha3_256", (c, t, a) -> one(digest(c, "SHA3-256", (VectorValue) a[0])))
        .with(std, "bcs", "to_bytes", StdlibNatives::bcsToBytes)
        .with(std, "string", "internal_check_utf8", (c, t, a) -> one(Values.bool(isUtf8(bytes(c, a[0])))))
        .with(std, "string", "internal_is_char_boundary", StdlibNatives::isCharBoundary)
        .with(std, "string", "internal_sub_string", StdlibNatives::subString)
        .with(std, "string", "internal_index_of", StdlibNatives::indexOf)
        .with(std, "type_name", "get", (c, t, a) -> one(typeName(c, t[0])))
        .with(std, "type_name", "with_original_ids", (c, t, a) -> one(typeName(c, t[0])))
        .with(std, "type_name", "with_defining_ids", (c, t, a) -> one(typeName(c, t[0])))
        .with(std, "debug", "print", (c, t, a) -> NONE)
        .with(std, "debug", "print_stack_trace", (c, t, a) -> NONE);
  }

  private static Object[] one(Object v) {
    return new Object[] {v};
  }

  private static VectorValue vec(Object ref) {
    return (VectorValue) ((Ref) ref).get();
  }

  private static Object[] vectorEmpty(NativeContext c, Type[] t, Object[] a) {
    c.checkValueDepth(Type.vector(t[0]));
    return one(new VectorValue(0));
  }

  private static long index(Object v, int size) {
    long i = (Long) v;
    if (i < 0 || i >= size) {
      throw VmError.vector(StatusCode.INDEX_OUT_OF_BOUNDS, "index " + Long.toUnsignedString(i) + " of " + size);
    }
    return i;
  }

  private static Object[] vectorBorrow(NativeContext c, Type[] t, Object[] a) {
    VectorValue v = vec(a[0]);
    return one(NativeValues.borrowElement(v, (int) index(a[1], v.size())));
  }

  private static Object[] vectorPushBack(NativeContext c, Type[] t, Object[] a) {
    VectorValue v = vec(a[0]);
    c.checkVectorLength((long) v.size() + 1);
    v.push(a[1]);
    return NONE;
  }

  private static Object[] vectorPopBack(NativeContext c, Type[] t, Object[] a) {
    VectorValue v = vec(a[0]);
    if (v.size() == 0) {
      throw VmError.vector(StatusCode.POP_EMPTY_VEC, "pop from an empty vector");
    }
    return one(NativeValues.pop(v));
  }

  private static Object[] vectorDestroyEmpty(NativeContext c, Type[] t, Object[] a) {
    if (((VectorValue) a[0]).size() != 0) {
      throw VmError.vector(StatusCode.DESTROY_NON_EMPTY_VEC, "destroy a non-empty vector");
    }
    return NONE;
  }

  private static Object[] vectorSwap(NativeContext c, Type[] t, Object[] a) {
    VectorValue v = vec(a[0]);
    int i = (int) index(a[1], v.size());
    int j = (int) index(a[2], v.size());
    NativeValues.swap(v, i, j);
    return NONE;
  }

  private static byte[] bytes(NativeContext c, Object v) {
    VectorValue vec = v instanceof Ref r ? (VectorValue) r.get() : (VectorValue) v;
    c.charge(vec.size());
    return vec.toBytes();
  }

  private static VectorValue digest(NativeContext c, String algorithm, VectorValue data) {
    byte[] in = data.toBytes();
    c.charge(in.length);
    try {
      return VectorValue.ofBytes(MessageDigest.getInstance(algorithm).digest(in));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object[] bcsToBytes(NativeContext c, Type[] t, Object[] a) {
    try {
      return one(VectorValue.ofBytes(c.serialize(t[0], ((Ref) a[0]).get())));
    } catch (VmError e) {
      throw e;
    } catch (RuntimeException e) {
      throw c.abort(StatusCode.NFE_BCS_SERIALIZATION_FAILURE);
    }
  }

  static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Rust's {@code str::is_char_boundary}: 0 and the length are boundaries, beyond is not. */
  private static Object[] isCharBoundary(NativeContext c, Type[] t, Object[] a) {
    byte[] b = bytes(c, a[0]);
    long i = (Long) a[1];
    boolean r;
    if (i == 0 || i == b.length) {
      r = true;
    } else if (i < 0 || i > b.length) {
      r = false;
    } else {
      r = (b[(int) i] & 0xC0) != 0x80;
    }
    return one(Values.bool(r));
  }

  private static Object[] subString(NativeContext c, Type[] t, Object[] a) {
    byte[] b = bytes(c, a[0]);
    long i = (Long) a[1];
    long j = (Long) a[2];
    // string.move checks the bounds and char boundaries before calling; a direct call that
    // breaks them is refused rather than slicing garbage.
    if (i < 0 || j < i || j > b.length) {
      throw VmError.of(StatusCode.UNKNOWN_INVARIANT_VIOLATION_ERROR, "sub_string " + i + ".." + j + " of " + b.length);
    }
    byte[] out = new byte[(int) (j - i)];
    System.arraycopy(b, (int) i, out, 0, out.length);
    return one(VectorValue.ofBytes(out));
  }

  /** Byte index of the first occurrence of r in s, or s's length when there is none. */
  private static Object[] indexOf(NativeContext c, Type[] t, Object[] a) {
    byte[] s = bytes(c, a[0]);
    byte[] r = bytes(c, a[1]);
    outer:
    for (int i = 0; i + r.length <= s.length; i++) {
      for (int k = 0; k < r.length; k++) {
        if (s[i + k] != r[k]) {
          continue outer;
        }
      }
      return one((long) i);
    }
    return one((long) s.length);
  }

  /** {@code TypeName { name: String { bytes } }} with the canonical tag, no 0x prefix. */
  private static StructValue typeName(NativeContext c, Type t) {
    byte[] name = c.typeTag(t, false).getBytes(StandardCharsets.UTF_8);
    c.charge(name.length);
    return StructValue.of(StructValue.of(VectorValue.ofBytes(name)));
  }

  static SignerValue signer(Object v) {
    return (SignerValue) (v instanceof Ref r ? r.get() : v);
  }
}
