package io.statecraft.move.bcs;

import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.SignedInt;
import io.statecraft.move.runtime.SignerValue;
import io.statecraft.move.runtime.StructValue;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.U128;
import io.statecraft.move.runtime.U256;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.runtime.VectorValue;

/**
 * Move values to and from BCS, driven by the value's type: little-endian integers, bool as
 * 0/1, addresses as their 32 bytes, vectors as ULEB128 length then elements, structs as the
 * concatenation of their fields, enums as the ULEB128 variant tag then the variant's fields. A
 * signer serializes as its address. Recursion follows the type, whose depth the VM bounds.
 */
public final class Bcs {
  private Bcs() {}

  public static byte[] serialize(Type type, Object value) {
    BcsWriter w = new BcsWriter();
    write(w, type, value);
    return w.toByteArray();
  }

  public static void write(BcsWriter w, Type type, Object v) {
    switch (type.kind()) {
      case BOOL -> w.u8(((Boolean) v) ? 1 : 0);
      case U8 -> w.u8((Byte) v);
      case U16 -> w.u16((Short) v);
      case U32 -> w.u32((Integer) v);
      case U64 -> w.u64((Long) v);
      case U128 -> w.wide(((U128) v).toBigInteger(), 16);
      case U256 -> w.wide(((U256) v).toBigInteger(), 32);
      case I8, I16, I32, I64, I128, I256 ->
          w.wide(((SignedInt) v).toBigInteger(), SignedInt.bits(type.kind()) / 8);
      case ADDRESS -> w.bytes(((AccountAddress) v).toBytes());
      case SIGNER -> w.bytes(((SignerValue) v).address().toBytes());
      case VECTOR -> {
        VectorValue vec = (VectorValue) v;
        int n = vec.size();
        w.uleb128(n);
        Type e = type.element();
        if (e.kind() == Type.Kind.U8) {
          for (int i = 0; i < n; i++) {
            w.u8((Byte) vec.get(i));
          }
        } else {
          for (int i = 0; i < n; i++) {
            write(w, e, vec.get(i));
          }
        }
      }
      case DATATYPE -> {
        StructValue s = (StructValue) v;
        if (type.datatype().isEnum()) {
          w.uleb128(s.variant());
        }
        Type[] fields = type.variantFieldTypes(s.variant());
        for (int i = 0; i < fields.length; i++) {
          write(w, fields[i], s.field(i));
        }
      }
      default -> throw new BcsException("type " + type + " has no BCS form");
    }
  }

  public static Object deserialize(Type type, byte[] bytes) {
    BcsReader r = new BcsReader(bytes);
    Object v = read(r, type);
    r.expectEnd();
    return v;
  }

  public static Object read(BcsReader r, Type type) {
    switch (type.kind()) {
      case BOOL: {
        int b = r.u8();
        if (b > 1) {
          throw new BcsException("bool byte " + b);
        }
        return Values.bool(b == 1);
      }
      case U8:
        return Values.u8(r.u8());
      case U16:
        return Values.u16(r.u16());
      case U32:
        return Values.u32(r.u32());
      case U64:
        return r.u64();
      case U128:
        return U128.of(r.wide(16, false));
      case U256:
        return U256.of(r.wide(32, false));
      case I8:
      case I16:
      case I32:
      case I64:
      case I128:
      case I256:
        return new SignedInt(type.kind(), r.wide(SignedInt.bits(type.kind()) / 8, true));
      case ADDRESS:
        return AccountAddress.of(r.bytes(AccountAddress.LENGTH));
      case SIGNER:
        return new SignerValue(AccountAddress.of(r.bytes(AccountAddress.LENGTH)));
      case VECTOR: {
        int n = r.uleb128();
        // Every element takes at least one byte: a length beyond the input is a lie.
        if (n > r.remaining()) {
          throw new BcsException("vector length " + n + " exceeds input");
        }
        Object[] e = new Object[Math.max(n, 4)];
        for (int i = 0; i < n; i++) {
          e[i] = read(r, type.element());
        }
        return new VectorValue(e, n);
      }
      case DATATYPE: {
        int variant = 0;
        if (type.datatype().isEnum()) {
          variant = r.uleb128();
          if (variant >= type.datatype().variantCount()) {
            throw new BcsException("variant tag " + variant + " out of range");
          }
        }
        Type[] fields = type.variantFieldTypes(variant);
        Object[] f = new Object[fields.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = read(r, fields[i]);
        }
        return new StructValue(variant, f);
      }
      default:
        throw new BcsException("type " + type + " has no BCS form");
    }
  }
}
