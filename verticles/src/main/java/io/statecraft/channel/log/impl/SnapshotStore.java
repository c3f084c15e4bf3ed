package io.statecraft.channel.log.impl;

import io.statecraft.channel.log.LogCorruptedException;
import io.statecraft.channel.log.SnapshotInfo;
import io.statecraft.codec.channel.BcsReader;
import io.statecraft.codec.channel.BcsWriter;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MalformedEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files {@code snapshots/snapshot-<height, 20 digits>.snap}, each written atomically
 * (see {@link AtomicFiles}). Layout: magic {@code "SCSNAP\0\1"} ‖ channelId (ULEB128 length +
 * UTF-8) ‖ height u64 LE ‖ entryHash (32) ‖ stateRoot (32) ‖ state length u64 LE ‖ SHA-256 of
 * the state (32) ‖ state.
 */
final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final byte[] MAGIC = {'S', 'C', 'S', 'N', 'A', 'P', 0, 1};
  private static final int MAX_HEADER = 512;

  private final Path dir;
  private final String channelId;
  private final int retained;
  private final TreeMap<Long, SnapshotInfo> byHeight = new TreeMap<>();

  SnapshotStore(Path dir, String channelId, int retained) throws IOException {
    this.dir = dir;
    this.channelId = channelId;
    this.retained = retained;
    Files.createDirectories(dir);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(AtomicFiles.TMP_SUFFIX)) {
          // A snapshot write interrupted by a crash: never renamed, so never visible. Drop it.
          Files.deleteIfExists(p);
        } else if (name.startsWith("snapshot-") && name.endsWith(".snap")) {
          SnapshotInfo info = readHeader(p);
          byHeight.put(info.height(), info);
        }
      }
    }
  }

  static String fileName(long height) {
    return String.format("snapshot-%020d.snap", height);
  }

  SnapshotInfo write(long height, Hash32 entryHash, Hash32 stateRoot, byte[] state) throws IOException {
    Hash32 blobHash = Hash32.sha256(state);
    BcsWriter w = new BcsWriter(256);
    w.fixed(MAGIC).string(channelId).u64(height).fixed(entryHash.toByteArray()).fixed(stateRoot.toByteArray())
        .u64(state.length).fixed(blobHash.toByteArray());
    AtomicFiles.write(dir.resolve(fileName(height)), w.toByteArray(), state);
    SnapshotInfo info = new SnapshotInfo(height, entryHash, stateRoot, blobHash, state.length);
    byHeight.put(height, info);
    while (byHeight.size() > retained) {
      long oldest = byHeight.firstKey();
      Files.deleteIfExists(dir.resolve(fileName(oldest)));
      byHeight.remove(oldest);
    }
    AtomicFiles.fsyncDirectory(dir);
    return info;
  }

  SnapshotInfo latest() {
    return byHeight.isEmpty() ? null : byHeight.lastEntry().getValue();
  }

  List<SnapshotInfo> all() {
    return List.copyOf(new ArrayList<>(byHeight.values()));
  }

  byte[] read(SnapshotInfo info) throws IOException {
    Path p = dir.resolve(fileName(info.height()));
    if (!Files.exists(p)) {
      throw new LogCorruptedException(info.height(), "snapshot file " + p + " is gone");
    }
    byte[] all = Files.readAllBytes(p);
    SnapshotInfo onDisk = parseHeader(p, all);
    int headerLen = all.length - (int) onDisk.size();
    byte[] state = Arrays.copyOfRange(all, headerLen, all.length);
    if (!Hash32.sha256(state).equals(onDisk.blobHash()) || !onDisk.equals(info)) {
      throw new LogCorruptedException(info.height(), "snapshot " + p + " does not match its hash");
    }
    return state;
  }

  private SnapshotInfo readHeader(Path p) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(p)) {
      head = in.readNBytes(MAX_HEADER);
    }
    long fileSize = Files.size(p);
    return parseHeaderWithSize(p, head, fileSize);
  }

  private SnapshotInfo parseHeader(Path p, byte[] all) {
    return parseHeaderWithSize(p, all, all.length);
  }

  private SnapshotInfo parseHeaderWithSize(Path p, byte[] head, long fileSize) {
    try {
      BcsReader r = new BcsReader(head);
      if (!Arrays.equals(r.fixed(MAGIC.length, "magic"), MAGIC)) throw r.error("bad magic");
      String ch = r.string("channel id", 1024);
      if (!ch.equals(channelId)) throw r.error("snapshot of channel " + ch);
      long height = r.u63("height");
      Hash32 entryHash = Hash32.of(r.fixed(32, "entry hash"));
      Hash32 root = Hash32.of(r.fixed(32, "state root"));
      long size = r.u63("size");
      Hash32 blobHash = Hash32.of(r.fixed(32, "state hash"));
      if (r.position() + size != fileSize) throw r.error("file size " + fileSize + " does not match the state length " + size);
      if (!p.getFileName().toString().equals(fileName(height))) throw r.error("file name does not match height " + height);
      return new SnapshotInfo(height, entryHash, root, blobHash, size);
    } catch (MalformedEntryException e) {
      LOG.error("unreadable snapshot {}: {}", p, e.getMessage());
      throw new LogCorruptedException(0, "unreadable snapshot " + p + ": " + e.getMessage(), e);
    }
  }
}
