package io.statecraft.node.cli;

import io.statecraft.move.tool.MoveAsmTool;
import io.statecraft.move.tool.MoveCheck;
import io.statecraft.move.tool.MoveRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code statecraft move …}: the Move sandbox's offline tools. Each subcommand only parses
 * its options and hands them to the tool class in move-native, which owns the behaviour and
 * the exit codes (0 ok, 1 failed, 2 usage).
 */
@Command(name = "move",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Move bytecode tools: check, disassemble, assemble and run modules.",
    subcommands = {
        MoveCommand.Check.class,
        MoveCommand.Disasm.class,
        MoveCommand.Asm.class,
        MoveCommand.Run.class,
    })
final class MoveCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static PrintStream out() {
    return System.out;
  }

  private static PrintStream err() {
    return System.err;
  }

  @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Reads every .mv module or script given (directories are walked), bounds-checks it,",
          "writes it back and prints a JSON report per file: version, flavor, module id,",
          "whether the rewrite is byte-identical, and the check result.",
          "Exit code 0 when every file passed, 1 otherwise."})
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Move binaries or directories of them.")
    List<Path> paths;

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>();
      paths.forEach(p -> args.add(p.toString()));
      return MoveCheck.run(args, out(), err());
    }
  }

  @Command(name = "disasm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Prints a module or script as Move assembly text (see move-native/README.md).")
  static final class Disasm implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A .mv module or script.")
    Path file;

    @Override
    public Integer call() {
      return MoveAsmTool.run(List.of("disasm", file.toString()), out(), err());
    }
  }

  @Command(name = "asm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Assembles Move assembly text into a module or script binary.")
  static final class Asm implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A .masm source.")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The .mv file to write.")
    Path output;

    @Override
    public Integer call() {
      return MoveAsmTool.run(List.of("asm", file.toString(), "-o", output.toString()), out(), err());
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Loads the modules under the given directories, runs one function against an empty",
          "state and prints the result as JSON: status, gas used, returned values, change set.",
          "Arguments are read by the function's parameter types: integers in decimal, true/false,",
          "addresses as hex, vector<u8> as 0x-hex or \"text\", any type as bcs:0x…"})
  static final class Run implements Callable<Integer> {
    @Option(names = "--modules", required = true, arity = "1..*", paramLabel = "DIR",
        description = "Directories holding the .mv modules to load (dependencies included).")
    List<Path> modules;

    @Option(names = "--function", required = true, paramLabel = "ADDR::MODULE::FUNCTION",
        description = "The entry or public function to run.")
    String function;

    @Option(names = "--type-args", arity = "1..*", paramLabel = "TYPE", description = "Type arguments, e.g. u64 0x1::string::String.")
    List<String> typeArgs = new ArrayList<>();

    @Option(names = "--args", arity = "1..*", paramLabel = "VALUE", description = "Arguments, in parameter order (signers excluded).")
    List<String> values = new ArrayList<>();

    @Option(names = "--signer", paramLabel = "ADDR", description = "A signer address; repeat for several signer parameters.")
    List<String> signers = new ArrayList<>();

    @Option(names = "--gas", paramLabel = "N", description = "Gas limit (default: ${DEFAULT-VALUE}).")
    long gas = 10_000_000;

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>();
      args.add("--modules");
      modules.forEach(m -> args.add(m.toString()));
      args.add("--function");
      args.add(function);
      if (!typeArgs.isEmpty()) {
        args.add("--type-args");
        args.addAll(typeArgs);
      }
      for (String v : values) {
        args.add("--args");
        args.add(v);
      }
      for (String s : signers) {
        args.add("--signer");
        args.add(s);
      }
      args.add("--gas");
      args.add(Long.toString(gas));
      return MoveRun.run(args, out(), err());
    }
  }
}
