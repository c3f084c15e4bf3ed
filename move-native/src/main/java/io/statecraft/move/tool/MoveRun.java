package io.statecraft.move.tool;

import io.statecraft.move.MoveException;
import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.FunctionDef;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.runtime.VectorValue;
import io.statecraft.move.storage.StateView;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code statecraft move run --modules DIR… --function ADDR::MODULE::FUNCTION [--type-args T…]
 * [--args V…] [--signer ADDR]… [--gas N]}: loads every {@code .mv} module under the
 * directories, runs the function against an empty state and prints the result as JSON —
 * status, gas, returned values, error, change set.
 *
 * <p>Arguments are read by the function's parameter types: integers in decimal, {@code true} /
 * {@code false}, addresses as hex, {@code vector<u8>} as {@code 0x} hex or a {@code "text"};
 * any type as {@code bcs:0x…}. Signer parameters take the {@code --signer} addresses in order.
 */
public final class MoveRun {
  private MoveRun() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    List<Path> moduleDirs = new ArrayList<>();
    String function = null;
    List<String> typeArgs = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<AccountAddress> signers = new ArrayList<>();
    long gas = 10_000_000;
    String mode = null;
    try {
      for (String a : args) {
        switch (a) {
          case "--modules", "--type-args", "--args" -> mode = a;
          case "--function", "--signer", "--gas" -> mode = a;
          default -> {
            if (mode == null) {
              throw new IllegalArgumentException("unexpected " + a);
            }
            switch (mode) {
              case "--modules" -> moduleDirs.add(Path.of(a));
              case "--type-args" -> typeArgs.addAll(splitTopLevel(a));
              case "--args" -> values.add(a);
              case "--function" -> { function = a; mode = null; }
              case "--signer" -> { signers.add(AccountAddress.parse(a)); mode = null; }
              case "--gas" -> { gas = Long.parseLong(a); mode = null; }
              default -> throw new IllegalArgumentException("unexpected " + a);
            }
          }
        }
      }
      if (function == null || moduleDirs.isEmpty()) {
        throw new IllegalArgumentException("--modules and --function are required");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: move run --modules DIR... --function ADDR::MODULE::FUNCTION"
          + " [--type-args T...] [--args V...] [--signer ADDR] [--gas N]");
      return 2;
    }
    try {
      ModuleSet set = ModuleSet.load(readModules(moduleDirs));
      int last = function.lastIndexOf("::");
      ModuleId module = ModuleId.parse(function.substring(0, last));
      String name = function.substring(last + 2);
      List<Type> types = new ArrayList<>();
      for (String t : typeArgs) {
        types.add(set.parseType(t));
      }
      FunctionDef f = set.function(module, name);
      List<byte[]> bcs = encodeArguments(f, types, values);
      ExecutionResult r = new MoveVm(set).execute(StateView.EMPTY, module, name, types, signers, bcs, gas);
      out.println(r.toJson());
      return r.isSuccess() ? 0 : 1;
    } catch (IOException e) {
      err.println("cannot read modules: " + e.getMessage());
      return 2;
    } catch (MoveException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }

  static List<CompiledModule> readModules(List<Path> dirs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path d : dirs) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.walk(d)) {
          s.filter(p -> p.toString().endsWith(".mv")).sorted().forEach(files::add);
        }
      } else {
        files.add(d);
      }
    }
    ModuleReader reader = new ModuleReader();
    List<CompiledModule> modules = new ArrayList<>();
    for (Path p : files) {
      modules.add(reader.readModuleChecked(Files.readAllBytes(p)));
    }
    return modules;
  }

  private static List<byte[]> encodeArguments(FunctionDef f, List<Type> typeArgs, List<String> values) {
    List<byte[]> out = new ArrayList<>();
    int v = 0;
    Type[] targs = typeArgs.toArray(new Type[0]);
    for (Type p : f.parameters()) {
      Type t = p.isReference() ? p.element() : p;
      if (t.kind() == Type.Kind.SIGNER) {
        continue;
      }
      if (v >= values.size()) {
        throw new IllegalArgumentException("missing argument for parameter of type " + t);
      }
      out.add(encode(t.substitute(targs), values.get(v++)));
    }
    if (v != values.size()) {
      throw new IllegalArgumentException((values.size() - v) + " arguments too many");
    }
    return out;
  }

  static byte[] encode(Type t, String text) {
    if (text.startsWith("bcs:")) {
      return hex(text.substring(4));
    }
    Object value = switch (t.kind()) {
      case BOOL -> Values.bool(Boolean.parseBoolean(text));
      case U8 -> Values.u8(Integer.parseInt(text));
      case U16 -> Values.u16(Integer.parseInt(text));
      case U32 -> Values.u32(Long.parseLong(text));
      case U64 -> Long.parseUnsignedLong(text);
      case U128 -> Values.u128(new BigInteger(text));
      case U256 -> Values.u256(new BigInteger(text));
      case ADDRESS -> AccountAddress.parse(text);
      case VECTOR -> {
        if (t.element().kind() != Type.Kind.U8) {
          throw new IllegalArgumentException("give " + t + " as bcs:0x...");
        }
        yield VectorValue.ofBytes(text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2
            ? text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8)
            : hex(text));
      }
      default -> throw new IllegalArgumentException("give " + t + " as bcs:0x...");
    };
    return Bcs.serialize(t, value);
  }

  private static byte[] hex(String s) {
    String h = s.startsWith("0x") ? s.substring(2) : s;
    if (h.length() % 2 != 0) {
      throw new IllegalArgumentException("odd-length hex: " + s);
    }
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Splits {@code a,b<c,d>} at top-level commas. */
  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (start < s.length()) {
      out.add(s.substring(start).trim());
    }
    return out;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }
}
