package io.statecraft.codec.channel;

import java.util.List;

/**
 * A Move struct type {@code address::module::name<typeParams…>}; its BCS body is the address
 * (32 bytes), the module and name identifiers and the vector of type parameters.
 */
public record StructTag(Address address, String module, String name, List<TypeTag> typeParams) implements TypeTag {
  public StructTag {
    if (address == null) throw new IllegalArgumentException("struct address is null");
    Identifiers.require(module, "module");
    Identifiers.require(name, "struct name");
    typeParams = List.copyOf(typeParams);
    int d = 0;
    for (TypeTag p : typeParams) d = Math.max(d, TypeTag.depthOf(p));
    if (d + 1 > MAX_DEPTH) throw new IllegalArgumentException("type nested too deep");
  }

  public StructTag(Address address, String module, String name) {
    this(address, module, name, List.of());
  }

  public static StructTag parseStruct(String text) {
    if (TypeTag.parse(text) instanceof StructTag s) return s;
    throw new IllegalArgumentException("not a struct type: " + text);
  }

  /** The BCS bytes of this struct tag (without the TypeTag variant byte): the write-set sort key. */
  public byte[] bcsBytes() {
    BcsWriter w = new BcsWriter(64);
    writeBody(w);
    return w.toByteArray();
  }

  void writeBody(BcsWriter w) {
    w.fixed(address.unsafeArray()).string(module).string(name);
    TypeTag.writeList(w, typeParams);
  }

  static StructTag readBody(BcsReader r, int depth) throws MalformedEntryException {
    Address a = Address.of(r.fixed(Address.SIZE, "struct address"));
    String m = Identifiers.read(r, "module name");
    String n = Identifiers.read(r, "struct name");
    List<TypeTag> params = TypeTag.readList(r, depth + 1, "type parameters");
    return new StructTag(a, m, n, params);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(address.toShortString()).append("::").append(module).append("::").append(name);
    if (!typeParams.isEmpty()) {
      sb.append('<');
      for (int i = 0; i < typeParams.size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append(typeParams.get(i));
      }
      sb.append('>');
    }
    return sb.toString();
  }
}
