package io.statecraft.move.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.StructFieldInformation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written sources under {@code src/test/resources/asm}. */
class ExamplesTest {

  @ParameterizedTest
  @ValueSource(strings = {"counter", "coin", "game_grid", "generics", "sui_enum", "aptos_enum", "transfer_script"})
  void assemblesChecksAndRoundTrips(String name) {
    CompiledUnit unit = Assembler.assembleResource("/asm/" + name + ".masm");
    BoundsChecker.check(unit);
    byte[] bytes = ModuleWriter.write(unit);
    ModuleReader reader = new ModuleReader();
    CompiledUnit read = unit instanceof CompiledModule ? reader.readModuleChecked(bytes) : reader.readScriptChecked(bytes);
    assertThat(ModuleWriter.write(read)).isEqualTo(bytes);
    // exact disassembly gives the same bytes back
    String exact = Disassembler.disassemble(read);
    assertThat(Assembler.assembleToBytes(exact, name)).isEqualTo(bytes);
    // a hand-written source has no duplicates: nothing needs pinning or raw indices
    String clean = Disassembler.disassemble(read, false);
    assertThat(clean).doesNotContain("#[handle").doesNotContain("#[locals").doesNotContain(" #");
    // the clean listing assembles, and is a fixpoint after one more round
    CompiledUnit again = Assembler.assemble(clean, name);
    BoundsChecker.check(again);
    assertThat(Disassembler.disassemble(again, false)).isEqualTo(clean);
    assertThat(Assembler.assembleResourceToBytes("/asm/" + name + ".masm")).isEqualTo(bytes);
  }

  private static List<Opcode> opcodes(CompiledModule m, String function) {
    for (FunctionDefinition f : m.functionDefs()) {
      if (m.identifier(m.functionHandles().get(f.function()).name()).equals(function)) {
        List<Opcode> ops = new ArrayList<>();
        for (Bytecode b : f.code().code()) {
          ops.add(b.opcode());
        }
        return ops;
      }
    }
    throw new AssertionError("no function " + function);
  }

  @Test
  void counterHasTheExpectedShape() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/counter.masm");
    assertThat(m.format().flavor()).isEqualTo(FormatFlavor.LEGACY);
    assertThat(m.moduleId().toString()).endsWith("02::counter");
    assertThat(m.identifiers().get(0)).isEqualTo("counter");
    assertThat(opcodes(m, "get")).containsExactly(Opcode.COPY_LOC, Opcode.EXISTS, Opcode.BR_TRUE, Opcode.LD_CONST,
        Opcode.ABORT, Opcode.MOVE_LOC, Opcode.IMM_BORROW_GLOBAL, Opcode.IMM_BORROW_FIELD, Opcode.READ_REF, Opcode.RET);
    // BrTrue found → offset 5
    FunctionDefinition get = m.functionDefs().get(1);
    assertThat(get.code().code().get(2).index()).isEqualTo(5);
    assertThat(get.acquires()).containsExactly(0);
    assertThat(m.constantPool()).hasSize(1);
    assertThat(m.constantPool().get(0).data()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void gridDeduplicatesConstantsAndSignatures() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/game_grid.masm");
    // LdConst u64 1 finds E_OFF_BOARD instead of adding a constant
    assertThat(m.constantPool()).hasSize(6);
    assertThat(m.signatures()).doesNotHaveDuplicates();
    assertThat(m.identifiers()).doesNotHaveDuplicates();
    assertThat(m.constantPool().get(2).data()).containsExactly(5, 'h', 'e', 'l', 'l', 'o');
    assertThat(m.constantPool().get(5).data()).containsExactly(2, 8, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void genericInstructionsAreChosenFromTypeArguments() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/generics.masm");
    assertThat(opcodes(m, "nested")).containsExactly(Opcode.LD_U64, Opcode.CALL_GENERIC, Opcode.CALL_GENERIC, Opcode.RET);
    assertThat(opcodes(m, "pair")).contains(Opcode.PACK_GENERIC);
    assertThat(m.functionInstantiations()).hasSize(2);
  }

  @Test
  void suiEnumHasVariantsAndJumpTables() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/sui_enum.masm");
    assertThat(m.enumDefs()).hasSize(2);
    assertThat(m.enumDefs().get(0).variants()).hasSize(3);
    FunctionDefinition code = m.functionDefs().get(2);
    assertThat(code.code().jumpTables()).hasSize(1);
    assertThat(code.code().jumpTables().get(0).offsets()).containsExactly(2, 6, 10);
    assertThat(opcodes(m, "reason")).contains(Opcode.UNPACK_VARIANT_GENERIC);
    String text = Disassembler.disassemble(m, false);
    assertThat(text).contains("enum Hand has copy, drop, store {").contains("jump_table J0: Hand [L2, L6, L10];")
        .contains("UnpackVariantGeneric Outcome<u64>::Forfeit");
  }

  @Test
  void aptosEnumIsAStructWithVariants() {
    CompiledModule m = Assembler.assembleModuleResource("/asm/aptos_enum.masm");
    assertThat(m.structDefs().get(0).fieldInformation()).isInstanceOf(StructFieldInformation.DeclaredVariants.class);
    assertThat(opcodes(m, "is_circle")).contains(Opcode.TEST_STRUCT_VARIANT);
    assertThat(opcodes(m, "circle")).contains(Opcode.PACK_STRUCT_VARIANT);
    assertThat(opcodes(m, "doubler")).contains(Opcode.PACK_CLOSURE);
    assertThat(m.variantFieldHandles().get(0).variants()).containsExactly(1, 2);
    String text = Disassembler.disassemble(m, false);
    assertThat(text).contains("TestVariant Shape::Circle").contains("ImmBorrowVariantField Shape::{Square, Rect}.side")
        .contains("LdI64 -1").contains("PackClosure double, 0");
  }

  @Test
  void readmeExampleAssembles() throws Exception {
    java.nio.file.Path readme = java.nio.file.Path.of("README.md");
    if (!java.nio.file.Files.exists(readme)) {
      return;
    }
    String md = java.nio.file.Files.readString(readme);
    int at = md.indexOf("### A module");
    int start = md.indexOf("```\n", at) + 4;
    String src = md.substring(start, md.indexOf("```", start));
    CompiledModule m = Assembler.assembleModule(src, "README.md");
    BoundsChecker.check(m);
    assertThat(m.functionDefs()).hasSize(2);
  }

  @Test
  void scriptAssembles() {
    CompiledUnit u = Assembler.assembleResource("/asm/transfer_script.masm");
    assertThat(u).isInstanceOf(CompiledScript.class);
    CompiledScript s = (CompiledScript) u;
    assertThat(s.signatures().get(s.parameters()).size()).isEqualTo(3);
    assertThat(s.code().code().get(3).opcode()).isEqualTo(Opcode.CALL_GENERIC);
  }
}
