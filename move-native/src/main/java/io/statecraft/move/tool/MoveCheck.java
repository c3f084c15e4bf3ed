package io.statecraft.move.tool;

import io.statecraft.move.MoveException;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.MalformedModuleException;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.binary.ReaderOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code statecraft move check FILE|DIR...}: for every {@code .mv} file, read it (as a module,
 * else as a script), bounds-check it, write it back and compare, and report each file as JSON.
 *
 * <p>The address length is found by trying 32-byte addresses first and 16-byte (Starcoin)
 * addresses when those do not decode. Directories are walked recursively in sorted path order,
 * so the report is the same on every machine.
 */
public final class MoveCheck {
  private MoveCheck() {}

  /** The outcome for one file. {@code error} is null when the file checked clean. */
  public record FileReport(
      String path,
      String unitKind,
      BinaryFormat format,
      String moduleId,
      boolean byteIdentical,
      String errorClass,
      String errorKind,
      String error) {

    public boolean ok() {
      return error == null && byteIdentical;
    }

    public String toJson() {
      StringBuilder b = new StringBuilder("{");
      b.append("\"path\":").append(Json.quote(path));
      b.append(",\"unit\":").append(Json.quote(unitKind));
      if (format != null) {
        b.append(",\"version\":").append(format.version());
        b.append(",\"flavor\":").append(Json.quote(format.flavor().name()));
        b.append(",\"addressLength\":").append(format.addressLength());
      } else {
        b.append(",\"version\":null,\"flavor\":null,\"addressLength\":null");
      }
      b.append(",\"moduleId\":").append(Json.quote(moduleId));
      b.append(",\"byteIdentical\":").append(byteIdentical);
      b.append(",\"check\":");
      if (error == null) {
        b.append("\"ok\"");
      } else {
        b.append("{\"error\":").append(Json.quote(errorClass))
            .append(",\"kind\":").append(Json.quote(errorKind))
            .append(",\"message\":").append(Json.quote(error)).append('}');
      }
      return b.append('}').toString();
    }
  }

  /** Checks one binary given as bytes; {@code path} only labels the report. */
  public static FileReport checkBytes(String path, byte[] bytes) {
    CompiledUnit unit;
    String unitKind;
    try {
      Decoded d = decode(bytes);
      unit = d.unit;
      unitKind = d.kind;
    } catch (MalformedModuleException e) {
      BinaryFormat format = null;
      try {
        format = new ModuleReader().readFormat(bytes);
      } catch (MoveException ignored) {
        // the header itself is bad; report without format
      }
      return new FileReport(path, null, format, null, false, "malformed", e.kind().name(), e.getMessage());
    }
    String moduleId = null;
    String errorClass = null;
    String errorKind = null;
    String error = null;
    try {
      BoundsChecker.check(unit);
      if (unit instanceof CompiledModule m) {
        moduleId = m.moduleId().toString();
      }
    } catch (InvalidModuleException e) {
      errorClass = "invalid";
      errorKind = e.kind().name();
      error = e.getMessage();
    }
    boolean identical;
    try {
      identical = Arrays.equals(ModuleWriter.write(unit), bytes);
    } catch (InvalidModuleException e) {
      identical = false;
      if (error == null) {
        errorClass = "invalid";
        errorKind = e.kind().name();
        error = "write back failed: " + e.getMessage();
      }
    }
    return new FileReport(path, unitKind, unit.format(), moduleId, identical, errorClass, errorKind, error);
  }

  private record Decoded(CompiledUnit unit, String kind) {}

  private static Decoded decode(byte[] bytes) {
    MalformedModuleException first = null;
    for (int length : new int[] {BinaryFormat.ADDRESS_LENGTH_DEFAULT, BinaryFormat.ADDRESS_LENGTH_SHORT}) {
      ModuleReader reader = new ModuleReader(ReaderOptions.DEFAULT.withAddressLength(length));
      try {
        return new Decoded(reader.readModule(bytes), "module");
      } catch (MalformedModuleException e) {
        if (first == null) {
          first = e;
        }
      }
      try {
        return new Decoded(reader.readScript(bytes), "script");
      } catch (MalformedModuleException e) {
        // keep the module error: modules are the common case
      }
    }
    throw first;
  }

  /** Checks files and directories (recursively, {@code .mv} files only, sorted). */
  public static List<FileReport> check(List<Path> paths) throws IOException {
    List<FileReport> reports = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(p)) {
          files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".mv"))
              .sorted().toList();
        }
        for (Path f : files) {
          reports.add(checkBytes(f.toString(), Files.readAllBytes(f)));
        }
      } else {
        reports.add(checkBytes(p.toString(), Files.readAllBytes(p)));
      }
    }
    return reports;
  }

  /** The whole report: summary counts and one entry per file. */
  public static String toJson(List<FileReport> reports) {
    long ok = reports.stream().filter(FileReport::ok).count();
    StringBuilder b = new StringBuilder("{\"files\":").append(reports.size());
    b.append(",\"ok\":").append(ok).append(",\"failed\":").append(reports.size() - ok);
    b.append(",\"reports\":[");
    for (int i = 0; i < reports.size(); i++) {
      b.append(i == 0 ? "\n" : ",\n").append(reports.get(i).toJson());
    }
    return b.append("\n]}").toString();
  }

  /** Runs the check and prints the report; returns the process exit code (0 all ok, 1 not, 2 usage). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println("usage: move check FILE|DIR...");
      return 2;
    }
    List<Path> paths = new ArrayList<>();
    for (String a : args) {
      paths.add(Path.of(a));
    }
    List<FileReport> reports;
    try {
      reports = check(paths);
    } catch (IOException e) {
      err.println("cannot read: " + e.getMessage());
      return 2;
    }
    out.println(toJson(reports));
    return reports.stream().allMatch(FileReport::ok) ? 0 : 1;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }
}
