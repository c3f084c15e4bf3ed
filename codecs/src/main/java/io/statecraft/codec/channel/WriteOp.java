package io.statecraft.codec.channel;

/**
 * One resource change of a write set: the resource at {@code (address, type)} gets a new BCS
 * value, or is deleted when {@code value} is null. BCS: address (32) ‖ StructTag body ‖ op tag
 * (0 = deletion, 1 = value) ‖ value bytes (ULEB128 length + bytes) if 1.
 *
 * <p>A write set is sorted by {@link #key()}: unsigned lexicographic order of address bytes
 * followed by the struct tag's BCS bytes, which is the order of (address, type) since the
 * address is fixed-size. No two ops share a key.
 */
public record WriteOp(Address address, StructTag type, Blob value) {
  public static final int OP_DELETE = 0;
  public static final int OP_VALUE = 1;

  public WriteOp {
    if (address == null || type == null) throw new IllegalArgumentException("address and type are required");
  }

  public static WriteOp put(Address address, StructTag type, Blob value) {
    if (value == null) throw new IllegalArgumentException("value is null; use delete()");
    return new WriteOp(address, type, value);
  }

  public static WriteOp delete(Address address, StructTag type) {
    return new WriteOp(address, type, null);
  }

  public boolean isDeletion() {
    return value == null;
  }

  /** The sort key: address bytes ‖ struct tag BCS bytes. */
  public byte[] key() {
    BcsWriter w = new BcsWriter(96);
    w.fixed(address.unsafeArray());
    type.writeBody(w);
    return w.toByteArray();
  }

  void write(BcsWriter w) {
    w.fixed(address.unsafeArray());
    type.writeBody(w);
    if (value == null) {
      w.u8(OP_DELETE);
    } else {
      w.u8(OP_VALUE).bytes(value.unsafeArray());
    }
  }

  static WriteOp read(BcsReader r) throws MalformedEntryException {
    Address a = Address.of(r.fixed(Address.SIZE, "write address"));
    StructTag t = StructTag.readBody(r, 0);
    int at = r.position();
    int op = r.u8();
    switch (op) {
      case OP_DELETE: return new WriteOp(a, t, null);
      case OP_VALUE: return new WriteOp(a, t, Blob.wrap(r.bytes("resource value", Integer.MAX_VALUE)));
      default: throw new MalformedEntryException("unknown write op " + op, at);
    }
  }
}
