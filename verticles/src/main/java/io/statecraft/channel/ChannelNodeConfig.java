package io.statecraft.channel;

import io.statecraft.codec.Ed25519;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.runtime.ModuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A node's channel-core settings. {@code memberKey} signs chain transactions (it is the member
 * account); {@code nodeKey} signs entries and names the node to its peers (it is the
 * {@code nodeKey} the member registered on chain). The {@code clock} is the only time source of
 * the controller (entry timestamps, tick times, heartbeat windows, censorship timeouts); tests
 * inject a manual clock. {@code housekeepingMillis} is the real-time period at which the
 * controller looks at that clock.
 */
public final class ChannelNodeConfig {
  public Ed25519.KeyPair memberKey;
  public Ed25519.KeyPair nodeKey;
  public Path dataDir;
  public LongSupplier clock = System::currentTimeMillis;
  public long housekeepingMillis = 50;
  public long tickPollMillis = 4;
  public long gasLimit = 10_000_000;
  public int sandboxThreads = 2;
  /** Bound of every per-channel queue: sandbox lane, follower buffer, held writes. */
  public int maxQueued = 4096;
  /** Writes held while no Leader is known (an election); beyond this they are refused, retriable. */
  public int maxHeldWrites = 256;
  /** Save a state snapshot every this many heights (restart replays only the tail). */
  public long snapshotEvery = 1000;
  /** Real-time bound of a new Leader's sync round with its peers before it starts sequencing. */
  public long leaderSyncMillis = 300;
  public LeaderFaults faults = LeaderFaults.NONE;
  /**
   * Derives a settlement's change set (SPEC §7, the devchain's {@code changeSet} JSON) from the
   * verified log between two heights and the members' on-chain deposits. Members recompute it
   * and vote yes only on equality. The default reads the {@code 0x5c::channel::Balance}
   * resources the entries in the range wrote (CHANNEL-NATIVES.md: "the change set between two
   * heights is exactly the Balance resources written or deleted between them").
   */
  public ChangeSetDeriver changeSets = io.statecraft.channel.impl.BalanceChangeSets::derive;

  /** See {@link #changeSets}. Runs on the channel's sandbox lane (may read the log). */
  @FunctionalInterface
  public interface ChangeSetDeriver {
    io.vertx.core.json.JsonObject derive(io.statecraft.channel.log.ChannelLog log, long startHeight, long endHeight,
        java.util.Map<String, java.math.BigInteger> deposits);
  }

  /**
   * Loads and links the channel's module bytes. The default links them with the
   * {@code 0x5c::channel} framework and its natives (move-native/CHANNEL-NATIVES.md), falling
   * back to the standard natives alone for modules that do not verify against it.
   */
  public Function<List<byte[]>, ModuleSet> modulesLoader = ChannelNodeConfig::standardModules;

  public ChannelNodeConfig(Ed25519.KeyPair memberKey, Ed25519.KeyPair nodeKey, Path dataDir) {
    this.memberKey = memberKey;
    this.nodeKey = nodeKey;
    this.dataDir = dataDir;
  }

  public static ModuleSet standardModules(List<byte[]> modules) {
    try {
      return io.statecraft.move.natives.channel.ChannelFramework.loadBytes(modules);
    } catch (RuntimeException e) {
      List<CompiledModule> ms = new ArrayList<>();
      ModuleReader reader = new ModuleReader();
      for (byte[] b : modules) ms.add(reader.readModule(b));
      return ModuleSet.load(ms);
    }
  }
}
