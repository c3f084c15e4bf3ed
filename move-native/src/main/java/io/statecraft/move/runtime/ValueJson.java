package io.statecraft.move.runtime;

import io.statecraft.move.storage.Json;

/**
 * JSON rendering of Move values by type: integers up to u32 as JSON numbers, u64 and wider as
 * decimal strings (JSON numbers lose precision past 2^53), addresses as 0x hex, vector&lt;u8&gt;
 * as 0x hex, other vectors as arrays, structs as objects by field name, enum values as
 * {@code {"@variant": name, fields...}}.
 */
public final class ValueJson {
  private ValueJson() {}

  public static String render(Type type, Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, type, v);
    return sb.toString();
  }

  static void write(StringBuilder sb, Type type, Object v) {
    if (v instanceof Ref r) {
      v = r.get();
    }
    switch (type.kind()) {
      case BOOL -> sb.append((boolean) (Boolean) v);
      case U8, U16, U32 -> sb.append(Values.toBigInteger(v));
      case U64, U128, U256, I8, I16, I32, I64, I128, I256 ->
          sb.append('"').append(Values.toBigInteger(v)).append('"');
      case ADDRESS -> sb.append('"').append(((AccountAddress) v).toShortString()).append('"');
      case SIGNER -> sb.append('"').append(((SignerValue) v).address().toShortString()).append('"');
      case REFERENCE, MUT_REFERENCE -> write(sb, type.element(), v);
      case VECTOR -> {
        VectorValue vec = (VectorValue) v;
        if (type.element().kind() == Type.Kind.U8) {
          sb.append('"').append(Json.hex(vec.toBytes())).append('"');
        } else {
          sb.append('[');
          for (int i = 0; i < vec.size(); i++) {
            if (i > 0) {
              sb.append(',');
            }
            write(sb, type.element(), vec.get(i));
          }
          sb.append(']');
        }
      }
      case DATATYPE -> {
        StructValue s = (StructValue) v;
        DatatypeDef def = type.datatype();
        DatatypeDef.Variant variant = def.variant(s.variant());
        Type[] fieldTypes = type.variantFieldTypes(s.variant());
        sb.append('{');
        boolean first = true;
        if (def.isEnum()) {
          sb.append("\"@variant\":").append(Json.string(variant.name()));
          first = false;
        }
        for (int i = 0; i < fieldTypes.length; i++) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append(Json.string(variant.fieldNames().get(i))).append(':');
          write(sb, fieldTypes[i], s.field(i));
        }
        sb.append('}');
      }
      default -> sb.append("null");
    }
  }
}
