package io.statecraft.move.binary;

/**
 * The tables a binary can hold, each with the byte that names it in the table header. Bytes
 * {@code 0x11..0x14} mean different tables in Sui and Aptos; neither exists before version 7.
 * The declaration order here is the order in which the reference serializers lay tables out.
 */
public enum TableKind {
  MODULE_HANDLES(0x01, null, true),
  DATATYPE_HANDLES(0x02, null, true),
  FUNCTION_HANDLES(0x03, null, true),
  FUNCTION_INSTANTIATIONS(0x04, null, true),
  SIGNATURES(0x05, null, true),
  IDENTIFIERS(0x07, null, true),
  ADDRESS_IDENTIFIERS(0x08, null, true),
  CONSTANT_POOL(0x06, null, true),
  METADATA(0x10, null, true),
  STRUCT_DEFS(0x0A, null, false),
  STRUCT_DEF_INSTANTIATIONS(0x0B, null, false),
  FUNCTION_DEFS(0x0C, null, false),
  FIELD_HANDLES(0x0D, null, false),
  FIELD_INSTANTIATIONS(0x0E, null, false),
  FRIEND_DECLS(0x0F, null, false),
  /** Sui enum definitions. */
  ENUM_DEFS(0x11, FormatFlavor.SUI, false),
  ENUM_DEF_INSTANTIATIONS(0x12, FormatFlavor.SUI, false),
  VARIANT_HANDLES(0x13, FormatFlavor.SUI, false),
  VARIANT_INSTANTIATION_HANDLES(0x14, FormatFlavor.SUI, false),
  /** Aptos: fields shared by several variants of an enum-like struct. */
  VARIANT_FIELD_HANDLES(0x11, FormatFlavor.APTOS, false),
  VARIANT_FIELD_INSTANTIATIONS(0x12, FormatFlavor.APTOS, false),
  STRUCT_VARIANT_HANDLES(0x13, FormatFlavor.APTOS, false),
  STRUCT_VARIANT_INSTANTIATIONS(0x14, FormatFlavor.APTOS, false);

  private final int code;
  private final FormatFlavor onlyIn;
  private final boolean allowedInScript;

  TableKind(int code, FormatFlavor onlyIn, boolean allowedInScript) {
    this.code = code;
    this.onlyIn = onlyIn;
    this.allowedInScript = allowedInScript;
  }

  /** The byte naming this table in the header. */
  public int code() {
    return code;
  }

  /** The flavor this table belongs to, or null for tables every flavor has. */
  public FormatFlavor onlyIn() {
    return onlyIn;
  }

  /** Scripts carry only the tables shared with modules that describe references outward. */
  public boolean allowedInScript() {
    return allowedInScript;
  }

  /** True when a unit of this flavor may carry the table at all. */
  public boolean existsIn(FormatFlavor flavor) {
    return onlyIn == null || onlyIn == flavor;
  }

  /** The table named by {@code code} in the given flavor, or null if none is. */
  public static TableKind fromCode(FormatFlavor flavor, int code) {
    for (TableKind kind : values()) {
      if (kind.code == code && kind.existsIn(flavor)) {
        return kind;
      }
    }
    return null;
  }
}
