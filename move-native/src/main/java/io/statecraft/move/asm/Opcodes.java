package io.statecraft.move.asm;

import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.Opcode;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Instruction mnemonics. The text spells opcodes as the Move disassembler does
 * ({@code MutBorrowFieldGeneric}); the assembler also accepts {@code MUT_BORROW_FIELD_GENERIC}
 * and any case. In Aptos units the struct-variant instructions are spelled as Aptos spells them
 * ({@code PackVariant}, {@code TestVariant}), which is also accepted for them.
 */
final class Opcodes {
  private Opcodes() {}

  private static final Map<FormatFlavor, Map<String, Opcode>> BY_NAME = new EnumMap<>(FormatFlavor.class);
  private static final Map<Opcode, Opcode> GENERIC = new EnumMap<>(Opcode.class);

  static {
    for (FormatFlavor f : FormatFlavor.values()) {
      Map<String, Opcode> m = new HashMap<>();
      for (Opcode op : Opcode.values()) {
        if (op.encoding(f) >= 0) {
          m.put(key(op.name()), op);
          m.put(key(computeName(op, f)), op);
        }
      }
      BY_NAME.put(f, m);
    }
    for (Opcode op : Opcode.values()) {
      if (!op.name().endsWith("_GENERIC") && !op.name().contains("_GENERIC_")) {
        String g = op.name().contains("_IMM_REF") || op.name().contains("_MUT_REF")
            ? op.name().replace("_IMM_REF", "_GENERIC_IMM_REF").replace("_MUT_REF", "_GENERIC_MUT_REF")
            : op.name() + "_GENERIC";
        try {
          GENERIC.put(op, Opcode.valueOf(g));
        } catch (IllegalArgumentException e) {
          // no generic counterpart
        }
      }
    }
  }

  private static String key(String s) {
    return s.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** CamelCase of the enum constant, with Aptos' own names for its struct-variant instructions. */
  private static final Map<FormatFlavor, Map<Opcode, String>> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

  static String name(Opcode op, FormatFlavor flavor) {
    return NAMES.computeIfAbsent(flavor, f -> new java.util.concurrent.ConcurrentHashMap<>())
        .computeIfAbsent(op, o -> computeName(o, flavor));
  }

  private static String computeName(Opcode op, FormatFlavor flavor) {
    String n = op.name();
    if (flavor == FormatFlavor.APTOS && n.contains("_STRUCT_VARIANT")) {
      n = n.replace("_STRUCT_VARIANT", "_VARIANT");
    }
    StringBuilder b = new StringBuilder();
    for (String part : n.split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  /** The instruction a mnemonic names in a flavor, or null. */
  static Opcode lookup(FormatFlavor flavor, String mnemonic) {
    return BY_NAME.get(flavor).get(key(mnemonic));
  }

  /** The generic form of an instruction ({@code Pack} → {@code PackGeneric}), or null. */
  static Opcode generic(Opcode op) {
    return GENERIC.get(op);
  }
}
