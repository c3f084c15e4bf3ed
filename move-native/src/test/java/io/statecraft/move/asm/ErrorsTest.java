package io.statecraft.move.asm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Errors name the file, line and column, and say what is wrong. */
class ErrorsTest {
  private static final String HEAD = "module 0x2::m {\n  struct S<T> has drop { x: T }\n";

  private static void fails(String body, String message) {
    assertThatThrownBy(() -> Assembler.assemble(HEAD + body + "}\n", "m.masm"))
        .isInstanceOf(AssemblyException.class)
        .hasMessage(message);
  }

  @Test
  void syntaxErrors() {
    fails("  fun f( {\n  }\n", "m.masm:3:10: expected a type but found '{'");
    fails("  fun f() {\n    Ret\n", "m.masm:6:1: missing '}' at end of module");
    fails("  const C: u64 = ;\n", "m.masm:3:18: expected a value but found ';'");
    fails("  fun f() { LdU8 \"x\" }\n", "m.masm:3:18: expected a number but found string \"x\"");
    fails("  fun f() { Ret ? }\n", "m.masm:3:17: unexpected character '?'");
  }

  @Test
  void unknownNames() {
    fails("  fun f() {\n    Frobnicate\n  }\n", "m.masm:4:5: unknown instruction 'Frobnicate' in legacy units");
    fails("  fun f(x: Nope) {\n    Ret\n  }\n", "m.masm:3:12: unknown type 'Nope'");
    fails("  fun f() {\n    Call g\n  }\n", "m.masm:4:10: unknown function 'g' (declare it with fun or use fun)");
    fails("  fun f() {\n    Branch nowhere\n  }\n", "m.masm:4:12: unknown label 'nowhere'");
    fails("  fun f() {\n    CopyLoc y\n  }\n", "m.masm:4:13: unknown local 'y'");
    fails("  fun f(s: &S<u8>): &u8 {\n    MoveLoc s\n    ImmBorrowField S<u8>.y\n  }\n",
        "m.masm:5:20: unknown field 'y'");
    fails("  fun f() {\n    LdConst NOPE\n  }\n", "m.masm:4:13: unknown constant 'NOPE'");
  }

  @Test
  void arityAndRangeErrors() {
    fails("  fun f(x: S) {\n    Ret\n  }\n", "m.masm:3:12: type 'S' expects 1 type argument(s) but has 0");
    fails("  fun f(x: S<u8, u8>) {\n    Ret\n  }\n", "m.masm:3:12: type 'S' expects 1 type argument(s) but has 2");
    fails("  fun f() {\n    Pack S<u8, u64>\n  }\n", "m.masm:4:10: 'S' expects 1 type argument(s) but has 2");
    fails("  fun f() {\n    LdU8 256\n  }\n", "m.masm:4:10: 256 does not fit in u8");
    fails("  const C: u8 = 300;\n", "m.masm:3:17: 300 does not fit in u8");
    fails("  fun f() {\n    PackVariant 1\n  }\n",
        "m.masm:4:5: unknown instruction 'PackVariant' in legacy units");
  }

  @Test
  void formatErrors() {
    assertThatThrownBy(() -> Assembler.assemble("#[format(sui, 7)]\nmodule 0x2::m {\n  fun f(x: i8) { Ret }\n}\n", "e.masm"))
        .hasMessage("e.masm:3:12: i8 is not available in this format");
    assertThatThrownBy(() -> Assembler.assemble("#[format(legacy, 5)]\nmodule 0x2::m {\n  fun f() { LdU16 1 }\n}\n", "e.masm"))
        .hasMessage("e.masm:3:13: LdU16 needs bytecode version 6");
    assertThatThrownBy(() -> Assembler.assemble("#[format(legacy, 9)]\nmodule 0x2::m {\n}\n", "e.masm"))
        .hasMessageStartingWith("e.masm:2:1: version 9 is not a LEGACY version");
  }
}
