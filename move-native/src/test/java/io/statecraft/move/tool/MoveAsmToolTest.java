package io.statecraft.move.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.asm.Assembler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveAsmToolTest {
  @TempDir Path dir;

  @Test
  void asmThenDisasmThenAsmGivesTheSameBytes() throws Exception {
    Path src = dir.resolve("coin.masm");
    Files.writeString(src, new String(MoveAsmToolTest.class.getResourceAsStream("/asm/coin.masm").readAllBytes(),
        StandardCharsets.UTF_8));
    Path mv = dir.resolve("out/coin.mv");
    MoveAsmTool.asm(src, mv);
    byte[] bytes = Files.readAllBytes(mv);
    assertThat(bytes).isEqualTo(Assembler.assembleResourceToBytes("/asm/coin.masm"));
    String text = MoveAsmTool.disasm(mv);
    assertThat(text).contains("module 0x2::coin {").contains("tables {");
    Path again = dir.resolve("again.masm");
    Files.writeString(again, text);
    Path mv2 = dir.resolve("again.mv");
    MoveAsmTool.asm(again, mv2);
    assertThat(Files.readAllBytes(mv2)).isEqualTo(bytes);
  }

  @Test
  void runReportsErrorsWithPositions() throws Exception {
    Path bad = dir.resolve("bad.masm");
    Files.writeString(bad, "module 0x2::m {\n  fun f() { Nope }\n}\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MoveAsmTool.run(List.of("asm", bad.toString(), "-o", dir.resolve("x.mv").toString()),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("bad.masm:2:13: unknown instruction 'Nope'");
    assertThat(MoveAsmTool.run(List.of("asm"), System.out, new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
  }
}
