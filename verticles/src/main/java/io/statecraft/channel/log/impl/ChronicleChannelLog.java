package io.statecraft.channel.log.impl;

import io.statecraft.channel.log.AppendRejectedException;
import io.statecraft.channel.log.AppendRejectedException.Reason;
import io.statecraft.channel.log.ChannelLog;
import io.statecraft.channel.log.ChannelLogConfig;
import io.statecraft.channel.log.ChannelLogException;
import io.statecraft.channel.log.Durability;
import io.statecraft.channel.log.EntryCursor;
import io.statecraft.channel.log.LogCorruptedException;
import io.statecraft.channel.log.SnapshotInfo;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MalformedEntryException;
import io.statecraft.codec.channel.Transaction;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChannelLog} on a Chronicle Queue: one excerpt per entry, in height order.
 *
 * <p>Directory layout: {@code LOCK} (held with an OS file lock while open), {@code channel.meta}
 * (channel id, genesis hash, prune point), {@code queue/} (the Chronicle Queue: one
 * {@code .cq4} file per roll cycle plus its {@code metadata.cq4t}), {@code snapshots/}.
 *
 * <p>Excerpt layout: record type {@code 0x01} ‖ the entry's canonical encoding ‖ CRC32C (u32
 * LE) of the preceding bytes. The checksum catches a record torn by power loss, which the hash
 * chain alone would miss for the last entry.
 *
 * <p>Height → queue index: Chronicle indexes are (cycle, sequence) and sequences are
 * contiguous within a cycle, so the log keeps only the start of each contiguous run of
 * indexes ({@link #runs}, a handful of map entries per cycle) and computes the rest.
 *
 * <p>All state is guarded by {@link #lock}; Chronicle's appender and tailers are confined to
 * one thread by default, and here the lock, not the thread, confines them, so that worker
 * threads of a pool can take turns (the single-threaded check is therefore disabled).
 */
public final class ChronicleChannelLog implements ChannelLog {
  private static final Logger LOG = LoggerFactory.getLogger(ChronicleChannelLog.class);
  static final int RECORD_ENTRY = 1;
  static final String QUEUE_DIR = "queue";
  static final String SNAPSHOT_DIR = "snapshots";
  static final String LOCK_FILE = "LOCK";

  private final ChannelLogConfig config;
  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();
  private final SnapshotStore snapshots;
  private final FileChannel lockChannel;
  private final FileLock fileLock;

  private LogMeta meta;
  private SingleChronicleQueue queue;
  private ExcerptAppender appender;
  private ExcerptTailer reader;
  /** First height of each contiguous run of queue indexes → its queue index. */
  private final TreeMap<Long, Long> runs = new TreeMap<>();
  /** Highest height stored in each cycle, to know which files pruning may delete. */
  private final TreeMap<Integer, Long> cycleMaxHeight = new TreeMap<>();
  private long lastHeight;
  /** Cycles below this were fsynced by {@link #sync()} and not written since. */
  private int lastSyncedCycle = Integer.MIN_VALUE;
  private Hash32 lastHash;
  private Entry lastEntry;
  /** Bumped whenever the queue is reopened, so cursors know their tailer is stale. */
  private int generation;
  private boolean closed;

  private ChronicleChannelLog(ChannelLogConfig config, FileChannel lockChannel, FileLock fileLock) throws IOException {
    this.config = config;
    this.dir = config.directory();
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    this.meta = LogMeta.readOrCreate(dir, config.channelId(), config.genesisHash());
    this.snapshots = new SnapshotStore(dir.resolve(SNAPSHOT_DIR), config.channelId(), config.snapshotsRetained());
  }

  /** See {@link ChannelLog#open}. */
  public static ChronicleChannelLog open(ChannelLogConfig config) {
    // Chronicle's usage analytics would phone home; Surefire and the node's main disable it
    // too, this is for any other entry point.
    System.setProperty("chronicle.analytics.disable", "true");
    Path dir = config.directory();
    FileChannel lockChannel = null;
    ChronicleChannelLog log = null;
    try {
      Files.createDirectories(dir);
      lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fl;
      try {
        fl = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new ChannelLogException("the channel log in " + dir + " is already open in this process");
      }
      if (fl == null) {
        throw new ChannelLogException("the channel log in " + dir + " is open in another process");
      }
      log = new ChronicleChannelLog(config, lockChannel, fl);
      log.openQueue();
      log.verifyChain();
      LOG.info("opened channel log {} at {}: heights {}..{}", config.channelId(), dir, log.firstHeight(), log.lastHeight);
      return log;
    } catch (IOException e) {
      closeQuietly(log, lockChannel);
      throw new ChannelLogException("cannot open the channel log in " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(log, lockChannel);
      throw e;
    }
  }

  private static void closeQuietly(ChronicleChannelLog log, FileChannel lockChannel) {
    try {
      if (log != null) {
        log.close();
      } else if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("while closing a log that failed to open", e);
    }
  }

  private static RollCycle rollCycle(ChannelLogConfig.Roll roll) {
    return switch (roll) {
      case SECONDLY_FOR_TESTS -> TestRollCycles.TEST_SECONDLY;
      case FIVE_MINUTELY -> RollCycles.FIVE_MINUTELY;
      case HOURLY -> RollCycles.FAST_HOURLY;
      case DAILY -> RollCycles.FAST_DAILY;
    };
  }

  private void openQueue() {
    queue = SingleChronicleQueueBuilder.binary(dir.resolve(QUEUE_DIR))
        .rollCycle(rollCycle(config.roll()))
        .timeProvider(config.clock()::getAsLong)
        // SYNC makes appender.sync() msync the written range; with NONE it does nothing, and
        // sync() below fsyncs the files instead (Linux writes back pages dirtied through a
        // shared mapping on fsync as well), which spares PAGE_CACHE logs the full-chunk msync
        // Chronicle does when SYNC files are unmapped.
        .syncMode(config.durability() == Durability.SYNC ? SyncMode.SYNC : SyncMode.NONE)
        // One writing process per directory (the LOCK file), so a header left incomplete is
        // always a dead writer's: recover it after 2 s instead of Chronicle's default 10 s.
        .timeoutMS(2_000)
        .build();
    appender = queue.createAppender();
    appender.singleThreadedCheckDisabled(true);
    reader = queue.createTailer();
    reader.singleThreadedCheckDisabled(true);
  }

  private void closeQueue() {
    if (reader != null) reader.close();
    if (appender != null) appender.close();
    if (queue != null) queue.close();
    reader = null;
    appender = null;
    queue = null;
  }

  // ---- verification on open -------------------------------------------------------------

  private void verifyChain() {
    long expected = meta.firstHeight();
    Hash32 expectedPrev = meta.firstPrevHash();
    Entry last = null;
    ExcerptTailer t = queue.createTailer();
    try {
      t.toStart();
      while (true) {
        long index;
        byte[] rec;
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) break;
          index = dc.index();
          rec = readRecord(dc);
        }
        Entry e = decodeRecord(rec, expected);
        if (e.height() < meta.firstHeight()) {
          noteCycle(e.height(), index); // below the prune point: still on disk, no longer held
          continue;
        }
        checkLinks(e, expected, expectedPrev);
        indexEntry(e.height(), index);
        expected++;
        expectedPrev = e.entryHash();
        last = e;
      }
    } finally {
      t.close();
    }
    lastHeight = expected - 1;
    lastHash = expectedPrev;
    lastEntry = last;
  }

  private void checkLinks(Entry e, long expected, Hash32 expectedPrev) {
    if (!e.channelId().equals(config.channelId())) {
      throw new LogCorruptedException(expected, "entry of channel '" + e.channelId() + "'");
    }
    if (e.height() != expected) {
      throw new LogCorruptedException(expected, "found height " + e.height() + " where " + expected + " was expected"
          + (e.height() > expected ? " (entries missing)" : ""));
    }
    if (!e.prevHash().equals(expectedPrev)) {
      throw new LogCorruptedException(expected, "prevHash " + e.prevHash() + " does not name the previous entry " + expectedPrev);
    }
  }

  private static byte[] readRecord(DocumentContext dc) {
    net.openhft.chronicle.bytes.Bytes<?> b = dc.wire().bytes();
    long n = b.readRemaining();
    if (n > ChannelLog.MAX_ENTRY_BYTES + 5L) {
      return new byte[0]; // refused by decodeRecord
    }
    byte[] rec = new byte[(int) n];
    b.read(rec);
    return rec;
  }

  private static byte[] encodeRecord(byte[] entry) {
    byte[] rec = new byte[entry.length + 5];
    rec[0] = RECORD_ENTRY;
    System.arraycopy(entry, 0, rec, 1, entry.length);
    CRC32C crc = new CRC32C();
    crc.update(rec, 0, entry.length + 1);
    int c = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      rec[entry.length + 1 + i] = (byte) (c >>> (8 * i));
    }
    return rec;
  }

  private static Entry decodeRecord(byte[] rec, long height) {
    if (rec.length < 6 || rec[0] != RECORD_ENTRY) {
      throw new LogCorruptedException(height, "not an entry record (" + rec.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(rec, 0, rec.length - 4);
    int stored = 0;
    for (int i = 0; i < 4; i++) {
      stored |= (rec[rec.length - 4 + i] & 0xFF) << (8 * i);
    }
    if ((int) crc.getValue() != stored) {
      throw new LogCorruptedException(height, "record checksum mismatch (torn or altered write)");
    }
    try {
      return Entry.decode(java.util.Arrays.copyOfRange(rec, 1, rec.length - 4));
    } catch (MalformedEntryException e) {
      throw new LogCorruptedException(height, "undecodable entry: " + e.getMessage(), e);
    }
  }

  private void indexEntry(long height, long index) {
    Map.Entry<Long, Long> run = runs.floorEntry(height);
    if (run == null || run.getValue() + (height - run.getKey()) != index) {
      runs.put(height, index);
    }
    noteCycle(height, index);
  }

  private void noteCycle(long height, long index) {
    cycleMaxHeight.merge(queue.rollCycle().toCycle(index), height, Math::max);
  }

  private long indexOf(long height) {
    Map.Entry<Long, Long> run = runs.floorEntry(height);
    if (run == null) {
      throw new LogCorruptedException(height, "no queue index known");
    }
    return run.getValue() + (height - run.getKey());
  }

  // ---- API -------------------------------------------------------------------------------

  @Override
  public String channelId() {
    return config.channelId();
  }

  @Override
  public Hash32 genesisHash() {
    return config.genesisHash();
  }

  @Override
  public long firstHeight() {
    lock.lock();
    try {
      return meta.firstHeight();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long lastHeight() {
    lock.lock();
    try {
      return lastHeight;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Hash32 lastHash() {
    lock.lock();
    try {
      return lastHash;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Entry> lastEntry() {
    lock.lock();
    try {
      return Optional.ofNullable(lastEntry);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void append(Entry entry) {
    lock.lock();
    try {
      ensureOpen();
      long next = lastHeight + 1;
      long h = entry.height();
      if (!entry.channelId().equals(config.channelId())) {
        throw new AppendRejectedException(Reason.WRONG_CHANNEL, next, h, "entry of channel '" + entry.channelId() + "'");
      }
      if (lastEntry != null && lastEntry.tx() instanceof Transaction.Close) {
        throw new AppendRejectedException(Reason.CHANNEL_CLOSED, next, h, "the log ends with a Close entry at " + lastHeight);
      }
      if (h > next) {
        throw new AppendRejectedException(Reason.HEIGHT_GAP, next, h, "height " + h + " but the next is " + next);
      }
      if (h < next) {
        throw new AppendRejectedException(Reason.HEIGHT_ALREADY_LOGGED, next, h, "height " + h + " is already logged");
      }
      if (!entry.prevHash().equals(lastHash)) {
        throw new AppendRejectedException(Reason.PREV_HASH_MISMATCH, next, h,
            "prevHash " + entry.prevHash() + " but the entry at " + lastHeight + " hashes to " + lastHash);
      }
      if (entry.encodedSize() > MAX_ENTRY_BYTES) {
        throw new AppendRejectedException(Reason.TOO_LARGE, next, h, entry.encodedSize() + " bytes");
      }
      byte[] rec = encodeRecord(entry.encode());
      try (DocumentContext dc = appender.writingDocument()) {
        dc.wire().bytes().write(rec);
      }
      long index = appender.lastIndexAppended();
      if (config.durability() == Durability.SYNC) {
        appender.sync();
      }
      indexEntry(h, index);
      lastHeight = h;
      lastHash = entry.entryHash();
      lastEntry = entry;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Entry> get(long height) {
    lock.lock();
    try {
      ensureOpen();
      if (height < meta.firstHeight() || height > lastHeight) return Optional.empty();
      if (height == lastHeight && lastEntry != null) return Optional.of(lastEntry);
      return Optional.of(readAt(reader, height));
    } finally {
      lock.unlock();
    }
  }

  /** Reads the entry at {@code height} by moving {@code t} to its index. Caller holds the lock. */
  private Entry readAt(ExcerptTailer t, long height) {
    long index = indexOf(height);
    if (!t.moveToIndex(index)) {
      throw new LogCorruptedException(height, "queue index " + Long.toHexString(index) + " is missing");
    }
    return readNext(t, height);
  }

  /** Reads the next excerpt of {@code t}, which must be the entry at {@code height}. */
  private Entry readNext(ExcerptTailer t, long height) {
    byte[] rec;
    try (DocumentContext dc = t.readingDocument()) {
      if (!dc.isPresent()) {
        throw new LogCorruptedException(height, "entry is missing from the queue");
      }
      rec = readRecord(dc);
    }
    Entry e = decodeRecord(rec, height);
    if (e.height() != height) {
      throw new LogCorruptedException(height, "the queue holds height " + e.height() + " there");
    }
    return e;
  }

  @Override
  public EntryCursor from(long height) {
    lock.lock();
    try {
      ensureOpen();
      if (height < meta.firstHeight()) {
        throw new ChannelLogException("height " + height + " was pruned; the log starts at " + meta.firstHeight());
      }
      return new Cursor(height);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Entry> range(long height, int maxCount) {
    if (maxCount < 0) throw new IllegalArgumentException("maxCount < 0");
    lock.lock();
    try (EntryCursor c = from(height)) {
      List<Entry> out = new ArrayList<>(Math.min(maxCount, 1024));
      while (out.size() < maxCount && c.hasNext()) {
        out.add(c.next());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sync() {
    lock.lock();
    try {
      ensureOpen();
      if (config.durability() == Durability.SYNC) {
        appender.sync(); // every append already did; this covers nothing new but is cheap
        return;
      }
      // fsync every file written since the last sync (usually just the current cycle's).
      for (int cycle : cycleMaxHeight.tailMap(lastSyncedCycle, true).keySet()) {
        File f = cycleFile(cycle);
        if (f != null && f.exists()) {
          try (FileChannel ch = FileChannel.open(f.toPath(), StandardOpenOption.WRITE)) {
            ch.force(true);
          }
        }
      }
      lastSyncedCycle = cycleMaxHeight.isEmpty() ? Integer.MIN_VALUE : cycleMaxHeight.lastKey();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the channel log", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SnapshotInfo saveSnapshot(long height, byte[] state) {
    lock.lock();
    try {
      ensureOpen();
      Entry e = get(height).orElseThrow(() -> new ChannelLogException(
          "no entry at height " + height + " (the log holds " + meta.firstHeight() + ".." + lastHeight + ")"));
      return snapshots.write(height, e.entryHash(), e.stateRoot(), state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the snapshot at " + height, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SnapshotInfo installSnapshot(long height, Hash32 entryHash, Hash32 stateRoot, byte[] state) {
    lock.lock();
    try {
      ensureOpen();
      if (lastHeight >= meta.firstHeight()) {
        throw new ChannelLogException("the log holds entries " + meta.firstHeight() + ".." + lastHeight
            + "; a snapshot is installed only into an empty log");
      }
      if (height < lastHeight || height < 1) {
        throw new ChannelLogException("snapshot height " + height + " is below the log's " + lastHeight);
      }
      // Snapshot first, then the new start: a crash in between leaves an empty log and a
      // harmless extra snapshot, and installing again completes it.
      SnapshotInfo info = snapshots.write(height, entryHash, stateRoot, state);
      LogMeta m = meta.withFirst(height + 1, entryHash);
      m.write(dir);
      meta = m;
      lastHeight = height;
      lastHash = entryHash;
      lastEntry = null;
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the snapshot at " + height, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<SnapshotInfo> latestSnapshot() {
    lock.lock();
    try {
      return Optional.ofNullable(snapshots.latest());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<SnapshotInfo> snapshots() {
    lock.lock();
    try {
      return snapshots.all();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] readSnapshot(SnapshotInfo snapshot) {
    lock.lock();
    try {
      return snapshots.read(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the snapshot at " + snapshot.height(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long pruneBefore(long height) {
    lock.lock();
    try {
      ensureOpen();
      if (height <= meta.firstHeight()) return meta.firstHeight();
      SnapshotInfo snap = snapshots.latest();
      if (snap == null || snap.height() < height) {
        throw new ChannelLogException("cannot prune below " + height + ": the latest snapshot is "
            + (snap == null ? "none" : "at " + snap.height()) + "; save a snapshot at or above it first");
      }
      Entry first = get(height).orElseThrow(() -> new ChannelLogException("no entry at " + height));
      long firstIndex = indexOf(height);
      // 1. Record the new start durably: from here on the entries below are not part of the log.
      LogMeta m = meta.withFirst(height, first.prevHash());
      m.write(dir);
      meta = m;
      generation++;
      // 2. Delete the files holding only entries below it. The queue is closed while files
      //    are deleted so that no mapping or directory listing of Chronicle's refers to them.
      List<Integer> dead = new ArrayList<>();
      int current = queue.lastCycle();
      for (Map.Entry<Integer, Long> c : cycleMaxHeight.entrySet()) {
        if (c.getValue() < height && c.getKey() != current) dead.add(c.getKey());
      }
      if (!dead.isEmpty()) {
        List<File> files = new ArrayList<>();
        for (int c : dead) {
          files.add(cycleFile(c));
        }
        closeQueue();
        try {
          for (int i = 0; i < dead.size(); i++) {
            int c = dead.get(i);
            File f = files.get(i);
            if (f != null) {
              Files.deleteIfExists(f.toPath());
            } else {
              LOG.warn("channel log {}: file of cycle {} unknown, left on disk", config.channelId(), c);
            }
            cycleMaxHeight.remove(c);
          }
          AtomicFiles.fsyncDirectory(dir.resolve(QUEUE_DIR));
        } finally {
          openQueue();
          queue.refreshDirectoryListing();
        }
      }
      // Runs below the new start go; the run covering it is re-keyed to start exactly there.
      runs.headMap(height, false).clear();
      runs.put(height, firstIndex);
      LOG.info("channel log {}: pruned below {}, deleted {} file(s)", config.channelId(), height, dead.size());
      return height;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune the log below " + height, e);
    } finally {
      lock.unlock();
    }
  }

  /** The file of a cycle, or null if it has none; Chronicle names files by its own format. */
  private File cycleFile(int cycle) {
    SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
    if (store == null) return null;
    try {
      return store.currentFile();
    } finally {
      queue.closeStore(store);
    }
  }

  private void ensureOpen() {
    if (closed) throw new ChannelLogException("the channel log " + config.channelId() + " is closed");
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      closeQueue();
      try {
        fileLock.release();
      } catch (IOException e) {
        LOG.warn("releasing the lock of {}", dir, e);
      }
      try {
        lockChannel.close();
      } catch (IOException e) {
        LOG.warn("closing the lock of {}", dir, e);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ChronicleChannelLog[" + config.channelId() + " at " + dir + "]";
  }

  /** A cursor with its own tailer, reading sequentially and re-seeking after a prune or a gap in indexes. */
  private final class Cursor implements EntryCursor {
    private long nextHeight;
    private ExcerptTailer tailer;
    private int tailerGeneration = -1;
    /** The tailer is positioned right after nextHeight − 1. */
    private boolean positioned;
    private boolean cursorClosed;

    Cursor(long height) {
      this.nextHeight = height;
    }

    @Override
    public long nextHeight() {
      return nextHeight;
    }

    @Override
    public boolean hasNext() {
      lock.lock();
      try {
        check();
        return nextHeight <= lastHeight;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public Entry next() {
      lock.lock();
      try {
        check();
        if (nextHeight > lastHeight) throw new NoSuchElementException("no entry at " + nextHeight + " yet");
        if (tailer == null || tailerGeneration != generation) {
          closeTailer();
          tailer = queue.createTailer();
          tailer.singleThreadedCheckDisabled(true);
          tailerGeneration = generation;
          positioned = false;
        }
        Entry e = null;
        if (positioned) {
          try {
            e = readNext(tailer, nextHeight);
          } catch (LogCorruptedException notThere) {
            e = null; // indexes jump here (a new run): seek below
          }
        }
        if (e == null) {
          e = readAt(tailer, nextHeight);
        }
        positioned = true;
        nextHeight++;
        return e;
      } finally {
        lock.unlock();
      }
    }

    private void closeTailer() {
      if (tailer != null) {
        try {
          tailer.close();
        } catch (RuntimeException e) {
          // its queue was closed (log closed, or reopened by a prune): nothing left to release
        }
        tailer = null;
      }
    }

    private void check() {
      if (cursorClosed) throw new ChannelLogException("cursor closed");
      ensureOpen();
      if (nextHeight < meta.firstHeight()) {
        throw new ChannelLogException("height " + nextHeight + " was pruned; the log starts at " + meta.firstHeight());
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        closeTailer();
        cursorClosed = true;
      } finally {
        lock.unlock();
      }
    }
  }
}
