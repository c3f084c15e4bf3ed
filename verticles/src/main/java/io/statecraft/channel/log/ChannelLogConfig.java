package io.statecraft.channel.log;

import io.statecraft.codec.channel.Hash32;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Where and how a channel log is kept. Built with {@link #builder(Path, String, Hash32)}.
 *
 * @param directory the log's own directory (one per channel); created if absent
 * @param channelId the channel every entry must name
 * @param genesisHash the {@code prevHash} of height 1 ({@link Hash32#ZERO} if the channel's
 *     init state defines none); recorded on first open and checked on every later open
 * @param durability see {@link Durability}
 * @param roll how often the queue starts a new file; pruning deletes whole files, so this is
 *     also the granularity at which pruned entries leave the disk
 * @param clock the wall clock deciding roll cycles, in ms (tests drive it by hand)
 * @param snapshotsRetained how many snapshots to keep (the newest); at least 1
 */
public record ChannelLogConfig(Path directory, String channelId, Hash32 genesisHash, Durability durability,
    Roll roll, LongSupplier clock, int snapshotsRetained) {

  /** File roll periods. */
  public enum Roll {
    /** One file per second; for tests of pruning only (few entries per file). */
    SECONDLY_FOR_TESTS,
    FIVE_MINUTELY,
    HOURLY,
    DAILY
  }

  public ChannelLogConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(genesisHash, "genesisHash");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(roll, "roll");
    Objects.requireNonNull(clock, "clock");
    if (snapshotsRetained < 1) throw new IllegalArgumentException("keep at least one snapshot");
  }

  public static Builder builder(Path directory, String channelId, Hash32 genesisHash) {
    return new Builder(directory, channelId, genesisHash);
  }

  /** Defaults: {@link Durability#PAGE_CACHE}, hourly files, the system clock, 2 snapshots. */
  public static final class Builder {
    private final Path directory;
    private final String channelId;
    private final Hash32 genesisHash;
    private Durability durability = Durability.PAGE_CACHE;
    private Roll roll = Roll.HOURLY;
    private LongSupplier clock = System::currentTimeMillis;
    private int snapshotsRetained = 2;

    private Builder(Path directory, String channelId, Hash32 genesisHash) {
      this.directory = directory;
      this.channelId = channelId;
      this.genesisHash = genesisHash;
    }

    public Builder durability(Durability d) {
      this.durability = d;
      return this;
    }

    public Builder roll(Roll r) {
      this.roll = r;
      return this;
    }

    public Builder clock(LongSupplier millis) {
      this.clock = millis;
      return this;
    }

    public Builder snapshotsRetained(int n) {
      this.snapshotsRetained = n;
      return this;
    }

    public ChannelLogConfig build() {
      return new ChannelLogConfig(directory, channelId, genesisHash, durability, roll, clock, snapshotsRetained);
    }
  }
}
