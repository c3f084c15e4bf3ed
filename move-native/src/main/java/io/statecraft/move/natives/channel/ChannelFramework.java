package io.statecraft.move.natives.channel;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.runtime.FunctionDef;
import io.statecraft.move.runtime.LinkException;
import io.statecraft.move.runtime.LoadedModule;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The framework module {@code 0x5c::channel}, assembled from {@code src/main/move/channel.masm}
 * at build time into the class path resource {@value #RESOURCE}, and helpers that load game
 * modules together with it.
 */
public final class ChannelFramework {
  private ChannelFramework() {}

  public static final String RESOURCE = "/move/channel.mv";
  public static final ModuleId MODULE_ID = new ModuleId(ChannelNatives.FRAMEWORK, ChannelNatives.MODULE);

  private static volatile CompiledModule module;

  /** The framework module's bytes as built. */
  public static byte[] bytes() {
    return resource(RESOURCE);
  }

  /** The framework module (read once, verified). */
  public static CompiledModule module() {
    CompiledModule m = module;
    if (m == null) {
      m = new ModuleReader().readModule(bytes());
      Verifier.verifyAll(m);
      module = m;
    }
    return m;
  }

  /** Reads a class path resource (a built {@code .mv}). */
  public static byte[] resource(String name) {
    try (InputStream in = ChannelFramework.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no class path resource " + name + " (run the build: it is assembled at process-classes)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Verifies the game modules, then links them with the framework and the standard and channel
   * natives. Fails if a module declares a native nobody implements.
   */
  public static ModuleSet load(List<CompiledModule> games) {
    List<CompiledModule> all = new ArrayList<>();
    all.add(module());
    for (CompiledModule g : games) {
      Verifier.verifyAll(g);
      all.add(g);
    }
    ModuleSet set = ModuleSet.load(all, ChannelNatives.registry());
    requireNatives(set);
    return set;
  }

  /** Reads, verifies and links game modules given as bytes. */
  public static ModuleSet loadBytes(List<byte[]> games) {
    List<CompiledModule> ms = new ArrayList<>();
    for (byte[] b : games) {
      ms.add(new ModuleReader().readModule(b));
    }
    return load(ms);
  }

  /** Throws a {@link LinkException} naming the first native function without an implementation. */
  public static void requireNatives(ModuleSet set) {
    for (LoadedModule lm : set.modules()) {
      for (FunctionDef f : lm.functions().values()) {
        if (f.isNative() && f.nativeImpl() == null) {
          throw new LinkException(StatusCode.MISSING_DEPENDENCY, "no native implementation of " + f);
        }
      }
    }
  }
}
