package io.statecraft.move.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.ModuleGenerator;
import io.statecraft.move.binary.ModuleWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveCheckTest {

  @Test
  void jsonStringsAreEscaped() {
    assertThat(Json.quote("a\"b\\c\n\t\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001é\"");
    assertThat(Json.quote("\ud800x")).isEqualTo("\"\\ud800x\"");
    assertThat(Json.quote("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    assertThat(Json.quote(null)).isEqualTo("null");
  }

  @Test
  void reportsAGoodAModuleABadOneAndAStarcoinOne(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("b_good.mv"), ModuleWriter.write(ModuleGenerator.module(7, BinaryFormat.of(FormatFlavor.SUI, 7), 2)));
    Files.write(dir.resolve("a_bad.mv"), new byte[] {(byte) 0xA1, 0x1C, (byte) 0xEB, 0x0B, 6, 0, 0, 0, (byte) 0x80});
    Files.write(dir.resolve("c_short.mv"), ModuleWriter.write(ModuleGenerator.module(8, BinaryFormat.of(FormatFlavor.LEGACY, 6, 16), 2)));
    Files.write(dir.resolve("ignored.txt"), new byte[] {1});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = MoveCheck.run(List.of(dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(1);
    assertThat(json).contains("\"files\":3,\"ok\":2,\"failed\":1");
    assertThat(json.indexOf("a_bad.mv")).isLessThan(json.indexOf("b_good.mv"));
    assertThat(json).contains("\"error\":\"malformed\",\"kind\":\"UNEXPECTED_EOF\"");
    assertThat(json).contains("\"version\":7,\"flavor\":\"SUI\",\"addressLength\":32");
    assertThat(json).contains("\"version\":6,\"flavor\":\"LEGACY\",\"addressLength\":16");
    assertThat(json).contains("\"byteIdentical\":true,\"check\":\"ok\"");
    assertThat(json).doesNotContain("ignored.txt");
  }

  @Test
  void reportsBoundsFailures() {
    // a module whose self handle points nowhere
    byte[] bytes = io.statecraft.move.binary.Bytes2.hex("a11ceb0b 06000000 00 05");
    MoveCheck.FileReport r = MoveCheck.checkBytes("x.mv", bytes);
    assertThat(r.ok()).isFalse();
    assertThat(r.byteIdentical()).isTrue();
    assertThat(r.toJson()).contains("\"error\":\"invalid\",\"kind\":\"INDEX_OUT_OF_BOUNDS\"");
  }

  @Test
  void usage() {
    assertThat(MoveCheck.run(List.of(), System.out, new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
  }
}
