package io.statecraft.move.tool;

import io.statecraft.move.MoveException;
import io.statecraft.move.asm.Assembler;
import io.statecraft.move.asm.Disassembler;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.MalformedModuleException;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.binary.ReaderOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code statecraft move disasm FILE} and {@code statecraft move asm FILE -o OUT}: Move binaries
 * to assembly text and back (see "Assembly language" in {@code move-native/README.md}).
 */
public final class MoveAsmTool {
  private MoveAsmTool() {}

  /**
   * The assembly text of a {@code .mv} file (module, else script; 32-byte addresses, else
   * 16-byte ones). The text reassembles to the same bytes.
   */
  public static String disasm(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Disassembler.disassemble(read(bytes));
  }

  /** Assembles {@code in} (assembly text) and writes the binary to {@code out}. */
  public static void asm(Path in, Path out) {
    CompiledUnit unit = Assembler.assembleFile(in);
    byte[] bytes = ModuleWriter.write(unit);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(out, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CompiledUnit read(byte[] bytes) {
    MalformedModuleException first = null;
    for (int length : new int[] {BinaryFormat.ADDRESS_LENGTH_DEFAULT, BinaryFormat.ADDRESS_LENGTH_SHORT}) {
      ModuleReader reader = new ModuleReader(ReaderOptions.DEFAULT.withAddressLength(length));
      try {
        return reader.readModule(bytes);
      } catch (MalformedModuleException e) {
        if (first == null) {
          first = e;
        }
      }
      try {
        return reader.readScript(bytes);
      } catch (MalformedModuleException e) {
        // report the module error
      }
    }
    throw first;
  }

  /**
   * {@code disasm FILE} or {@code asm FILE -o OUT}; returns the exit code (0 ok, 1 failed, 2
   * usage).
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    try {
      if (args.size() == 2 && args.get(0).equals("disasm")) {
        out.print(disasm(Path.of(args.get(1))));
        return 0;
      }
      if (args.size() == 4 && args.get(0).equals("asm") && args.get(2).equals("-o")) {
        asm(Path.of(args.get(1)), Path.of(args.get(3)));
        return 0;
      }
    } catch (MoveException e) {
      err.println(e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      err.println("cannot read or write: " + e.getCause().getMessage());
      return 1;
    }
    err.println("usage: move disasm FILE | move asm FILE -o OUT");
    return 2;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

}
