package io.statecraft.move.natives.channel;

import io.statecraft.move.MoveException;
import io.statecraft.move.asm.Assembler;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build step that turns Move assembly sources into {@code .mv} class path resources:
 * assembles every source, verifies it, links all of them together with the channel framework
 * (unless one of the sources is the framework) and the standard and channel natives, checks
 * that every native has an implementation, then writes {@code OUT_DIR/<module name>.mv}.
 * Any failure stops the build with the assembler's {@code file:line:col} or the verifier's rule.
 *
 * <pre>java io.statecraft.move.natives.channel.MoveBuild OUT_DIR SOURCE.masm...</pre>
 *
 * Run by {@code exec-maven-plugin} (see {@code move-native/pom.xml} and {@code verticles/pom.xml}).
 */
public final class MoveBuild {
  private MoveBuild() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: MoveBuild OUT_DIR SOURCE.masm...");
      System.exit(2);
    }
    try {
      List<Path> written = build(Path.of(args[0]), sources(args));
      for (Path p : written) {
        System.out.println("[move] " + p);
      }
    } catch (MoveException e) {
      // MoveBuild runs inside Maven's JVM (exec:java): fail the build with the message.
      throw new IllegalStateException("Move build failed: " + e.getMessage(), e);
    }
  }

  private static List<Path> sources(String[] args) {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      out.add(Path.of(args[i]));
    }
    return out;
  }

  /** Builds the sources into {@code outDir}; returns the files written. */
  public static List<Path> build(Path outDir, List<Path> sources) {
    List<CompiledModule> modules = new ArrayList<>();
    boolean hasFramework = false;
    for (Path src : sources) {
      CompiledUnit u = Assembler.assembleFile(src);
      if (!(u instanceof CompiledModule m)) {
        throw new IllegalArgumentException(src + " is a script, not a module");
      }
      Verifier.verifyAll(m);
      modules.add(m);
      hasFramework |= id(m).equals(ChannelFramework.MODULE_ID);
    }
    List<CompiledModule> all = new ArrayList<>(modules);
    if (!hasFramework) {
      all.add(0, ChannelFramework.module());
    }
    ModuleSet set = ModuleSet.load(all, ChannelNatives.registry());
    ChannelFramework.requireNatives(set);
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(outDir);
      for (CompiledModule m : modules) {
        Path out = outDir.resolve(id(m).name() + ".mv");
        Files.write(out, ModuleWriter.write(m));
        written.add(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  static ModuleId id(CompiledModule m) {
    var id = m.moduleId();
    return new ModuleId(io.statecraft.move.runtime.AccountAddress.of(id.address().toBytes()), id.name());
  }
}
