package io.statecraft.move.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.runtime.Abilities;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.Ty;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveRunTest {
  @TempDir
  Path dir;

  @Test
  void runsAFunctionFromModuleFilesAndPrintsJson() throws Exception {
    ModuleBuilder m = ModuleBuilder.aptos("0x42", "counter");
    m.struct("Counter", Abilities.KEY, "n", Ty.U64);
    m.fun("start").params(Ty.ref(Ty.SIGNER), Ty.U64).returns(Ty.U64, Ty.vec(Ty.U8)).code(c -> c
        .moveLoc(0).copyLoc(1).pack("Counter").moveTo("Counter").moveLoc(1).ldU64(2).mul()
        .vecPack(Ty.U8, 0).ret());
    Files.write(dir.resolve("counter.mv"), ModuleWriter.write(m.build()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MoveRun.run(List.of("--modules", dir.toString(), "--function", "0x42::counter::start",
        "--args", "21", "--signer", "0xA", "--gas", "100000"), new PrintStream(out), new PrintStream(err));
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(code).as(json).isZero();
    assertThat(json).contains("\"status\":\"EXECUTED\"").contains("\"return_values\":[\"42\",\"0x\"]")
        .contains("\"op\":\"write\"").contains("\"value\":\"0x1500000000000000\"");
  }

  @Test
  void usageErrors() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(MoveRun.run(List.of("--function"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)))
        .isEqualTo(2);
    assertThat(MoveRun.splitTopLevel("u64,0x1::m::S<u8,bool>")).containsExactly("u64", "0x1::m::S<u8,bool>");
  }
}
