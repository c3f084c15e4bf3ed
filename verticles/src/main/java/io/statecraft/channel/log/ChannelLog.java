package io.statecraft.channel.log;

import io.statecraft.channel.log.impl.ChronicleChannelLog;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Hash32;
import java.util.List;
import java.util.Optional;

/**
 * The channel's transaction log (SPEC §4, §7): the hash-chained, Leader-signed entries in
 * height order, persisted in a Chronicle Queue, plus the state snapshots at settled heights
 * that allow pruning older entries.
 *
 * <p><b>Blocking.</b> Every method may touch the disk (mapping a file, {@code msync}, fsync of
 * a snapshot), so call it off the event loop: from a worker ({@code executeBlocking}) or
 * through {@link AsyncChannelLog}, which does exactly that for verticles.
 *
 * <p><b>Thread-safe.</b> Methods are serialized by one lock per log; one process at a time may
 * open a log directory (a file lock refuses a second opener).
 *
 * <p><b>Durability.</b> When {@link #append} returns, the entry is in the memory-mapped queue
 * file: it survives {@code kill -9} of the process; with {@link Durability#SYNC} it also
 * survives a power loss. See {@code verticles/CHANNEL-LOG.md}.
 *
 * <p><b>Integrity.</b> Opening verifies the whole retained chain (heights consecutive, every
 * {@code prevHash} naming the previous entry, the first naming the genesis hash or the prune
 * point, a checksum per record) and fails with {@link LogCorruptedException} if it is broken.
 * The log does not verify Leader signatures or re-execute: it stores what the controller has
 * already verified.
 */
public interface ChannelLog extends AutoCloseable {
  /** The largest entry encoding accepted, 16 MiB. */
  int MAX_ENTRY_BYTES = 16 << 20;

  /**
   * Opens (creating if needed) the log in {@code config.directory()}, verifies its chain and
   * positions appends after its last entry.
   *
   * @throws LogCorruptedException if the stored chain is broken
   * @throws ChannelLogException if the directory holds another channel's log, another process
   *     has it open, or on I/O failure
   */
  static ChannelLog open(ChannelLogConfig config) {
    return ChronicleChannelLog.open(config);
  }

  String channelId();

  Hash32 genesisHash();

  /**
   * The first height held: 1, or the prune point after {@link #pruneBefore}, or the snapshot
   * height + 1 after {@link #installSnapshot}. Equal to {@code lastHeight() + 1} when no entry
   * is held.
   */
  long firstHeight();

  /** The last height logged; 0 for a new log (or the installed snapshot's height). */
  long lastHeight();

  /** What the next entry's {@code prevHash} must be: the last entry's hash, or the genesis hash. */
  Hash32 lastHash();

  /** The entry at {@link #lastHeight()}, if held. */
  Optional<Entry> lastEntry();

  /**
   * Appends the entry that follows the last one, durably (see {@link Durability}) before
   * returning. Thread-safe; the entry's Leader signature is not checked here.
   *
   * @throws AppendRejectedException if the entry does not extend the log (nothing is written)
   */
  void append(Entry entry);

  /** The entry at {@code height}, or empty if not held (pruned, or not yet logged). */
  Optional<Entry> get(long height);

  /**
   * A cursor from {@code height} (at least {@link #firstHeight()}; a height past the end gives
   * a cursor that waits for appends).
   *
   * @throws ChannelLogException if {@code height} was pruned
   */
  EntryCursor from(long height);

  /** Up to {@code maxCount} consecutive entries from {@code height}; fewer at the end of the log. */
  List<Entry> range(long height, int maxCount);

  /** Forces everything appended so far to the storage device ({@code msync}). */
  void sync();

  /**
   * Stores the serialized state after the entry at {@code height} (which must be held),
   * atomically: written to a temporary file, fsynced, renamed, and the directory fsynced. Keeps
   * the newest {@link ChannelLogConfig#snapshotsRetained()} snapshots.
   */
  SnapshotInfo saveSnapshot(long height, byte[] state);

  /**
   * Starts an empty log from a snapshot obtained elsewhere (a Follower joining late syncs the
   * settled state instead of replaying from genesis): stores it and makes {@code height + 1}
   * the next height, with {@code entryHash} as its {@code prevHash}. Only while the log holds no
   * entry.
   */
  SnapshotInfo installSnapshot(long height, Hash32 entryHash, Hash32 stateRoot, byte[] state);

  /** The newest snapshot, if any. */
  Optional<SnapshotInfo> latestSnapshot();

  /** All retained snapshots, oldest first. */
  List<SnapshotInfo> snapshots();

  /**
   * The state bytes of a snapshot, checked against its hash.
   *
   * @throws LogCorruptedException if the stored bytes do not match
   */
  byte[] readSnapshot(SnapshotInfo snapshot);

  /**
   * Drops every entry below {@code height}, which may not exceed the latest snapshot's height
   * (the state at the snapshot replaces them). The new prune point is recorded atomically
   * first; queue files whose entries are all below it are then deleted. Open cursors over the
   * dropped range fail. A height at or below {@link #firstHeight()} changes nothing.
   *
   * @return the new {@link #firstHeight()}
   * @throws ChannelLogException if there is no snapshot at or above {@code height}
   */
  long pruneBefore(long height);

  /** Releases the queue, its mappings and the directory lock. Idempotent. */
  @Override
  void close();
}
