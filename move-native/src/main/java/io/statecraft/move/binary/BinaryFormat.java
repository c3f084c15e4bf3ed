package io.statecraft.move.binary;

/**
 * The header facts of a unit: its flavor, its bytecode version, the exact 32-bit version word
 * found in the header, and the length of account addresses in its address pool.
 *
 * <p>The header word is kept as read because the reference readers accept more than one
 * encoding of the same version (Aptos masks only the {@code 0x0A} flavor bits); keeping it lets
 * the writer reproduce the input byte for byte.
 */
public record BinaryFormat(FormatFlavor flavor, int version, int headerWord, int addressLength) {

  public static final int VERSION_MIN = 5;
  public static final int LEGACY_VERSION_MAX = 6;
  public static final int SUI_VERSION_MAX = 7;
  public static final int APTOS_VERSION_MAX = 10;
  public static final int SUI_FLAVOR_BYTE = 0x05;
  public static final int APTOS_FLAVOR_MASK = 0x0A00_0000;
  /** Account addresses of Sui, Aptos and Rooch. */
  public static final int ADDRESS_LENGTH_DEFAULT = 32;
  /** Account addresses of Starcoin (and the old Diem). */
  public static final int ADDRESS_LENGTH_SHORT = 16;

  public BinaryFormat {
    if (flavor == null) {
      throw new IllegalArgumentException("flavor is null");
    }
    int max =
        switch (flavor) {
          case LEGACY -> LEGACY_VERSION_MAX;
          case SUI -> SUI_VERSION_MAX;
          case APTOS -> APTOS_VERSION_MAX;
        };
    int min = flavor == FormatFlavor.LEGACY ? VERSION_MIN : 7;
    if (version < min || version > max) {
      throw new IllegalArgumentException("version " + version + " is not a " + flavor + " version");
    }
    if (addressLength != ADDRESS_LENGTH_DEFAULT && addressLength != ADDRESS_LENGTH_SHORT) {
      throw new IllegalArgumentException("address length must be 16 or 32: " + addressLength);
    }
  }

  /** The format with the header word the reference serializers write for it. */
  public static BinaryFormat of(FormatFlavor flavor, int version) {
    return of(flavor, version, ADDRESS_LENGTH_DEFAULT);
  }

  public static BinaryFormat of(FormatFlavor flavor, int version, int addressLength) {
    return new BinaryFormat(flavor, version, canonicalHeaderWord(flavor, version), addressLength);
  }

  public static int canonicalHeaderWord(FormatFlavor flavor, int version) {
    return switch (flavor) {
      case LEGACY -> version;
      case SUI -> (SUI_FLAVOR_BYTE << 24) | version;
      case APTOS -> APTOS_FLAVOR_MASK | version;
    };
  }

  public boolean isSui() {
    return flavor == FormatFlavor.SUI;
  }

  public boolean isAptos() {
    return flavor == FormatFlavor.APTOS;
  }

  /** True when this format is at least the given version (of any flavor). */
  public boolean atLeast(int v) {
    return version >= v;
  }
}
