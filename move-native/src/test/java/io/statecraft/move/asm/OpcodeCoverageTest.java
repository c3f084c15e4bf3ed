package io.statecraft.move.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.ModuleGenerator;
import io.statecraft.move.binary.Opcode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every opcode of every flavor and version goes to text and back to the same bytes. */
class OpcodeCoverageTest {

  @Test
  void everyOpcodeOfEveryFormatRoundTrips() {
    for (BinaryFormat format : ModuleGenerator.ALL_FORMATS) {
      Set<Opcode> wanted = EnumSet.noneOf(Opcode.class);
      for (Opcode op : Opcode.values()) {
        if (op.existsIn(format)) {
          wanted.add(op);
        }
      }
      Set<Opcode> seen = EnumSet.noneOf(Opcode.class);
      for (int seed = 0; seed < 400 && !seen.containsAll(wanted); seed++) {
        CompiledModule m = ModuleGenerator.module(seed * 7919L, format, 2);
        Set<Opcode> here = EnumSet.noneOf(Opcode.class);
        for (FunctionDefinition f : m.functionDefs()) {
          if (f.code() != null) {
            for (Bytecode b : f.code().code()) {
              here.add(b.opcode());
            }
          }
        }
        if (seen.containsAll(here)) {
          continue;
        }
        DisassemblerRoundTripTest.roundTrip(m, format + " seed " + seed, false);
        String text = Disassembler.disassemble(m);
        for (Opcode op : here) {
          assertThat(text).as("%s in %s", op, format).contains("    " + Opcodes.name(op, format.flavor()));
        }
        seen.addAll(here);
      }
      assertThat(seen).as("opcodes covered in %s", format).containsAll(wanted);
    }
  }

  @Test
  void mnemonicsAreAcceptedInEitherSpelling() {
    for (Opcode op : Opcode.values()) {
      for (io.statecraft.move.binary.FormatFlavor f : io.statecraft.move.binary.FormatFlavor.values()) {
        if (op.encoding(f) >= 0) {
          assertThat(Opcodes.lookup(f, Opcodes.name(op, f))).isEqualTo(op);
          assertThat(Opcodes.lookup(f, op.name())).isEqualTo(op);
        }
      }
    }
    assertThat(Opcodes.name(Opcode.PACK_STRUCT_VARIANT, io.statecraft.move.binary.FormatFlavor.APTOS)).isEqualTo("PackVariant");
    assertThat(Opcodes.name(Opcode.MUT_BORROW_FIELD_GENERIC, io.statecraft.move.binary.FormatFlavor.SUI))
        .isEqualTo("MutBorrowFieldGeneric");
  }
}
