package io.statecraft.move.spec;

import io.statecraft.move.asm.Assembler;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.Opcode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Every opcode the interpreter supports appears in at least one spec vector, so that removing a
 * vector cannot silently drop an instruction from the suite. The few opcodes listed in
 * {@link #NOT_COVERED} have no vector, with the reason.
 */
class SpecCoverageTest {
  /** Opcodes without a vector, and why. */
  static final Set<Opcode> NOT_COVERED = EnumSet.noneOf(Opcode.class);

  @Test
  void everyOpcodeHasAVector() throws Exception {
    Path root = SpecTest.root();
    Set<Opcode> seen = EnumSet.noneOf(Opcode.class);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".masm")).toList();
    }
    for (Path p : files) {
      SpecFile f = new SpecFile(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
      for (SpecFile.Unit u : f.units) {
        CompiledUnit cu = Assembler.assemble(u.source(), p.toString());
        List<CodeUnit> codes = new ArrayList<>();
        if (cu instanceof CompiledModule m) {
          for (FunctionDefinition fd : m.functionDefs()) {
            if (fd.code() != null) {
              codes.add(fd.code());
            }
          }
        } else {
          codes.add(((CompiledScript) cu).code());
        }
        for (CodeUnit c : codes) {
          for (Bytecode b : c.code()) {
            seen.add(b.opcode());
          }
        }
      }
    }
    Set<Opcode> missing = EnumSet.allOf(Opcode.class);
    missing.removeAll(seen);
    missing.removeAll(NOT_COVERED);
    Assertions.assertTrue(missing.isEmpty(), "opcodes without a spec vector: " + missing);
  }
}
