package io.statecraft.chain.devchain.impl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only block log: one record per block, record i holding block i. A record is a
 * 4-byte big-endian payload length, the payload's 4-byte CRC32C, then the payload (the
 * block's canonical JSON). Every append is forced to disk before it returns, so a block is
 * durable before anyone hears of it.
 *
 * <p>On open the log is scanned; the first record that is incomplete or fails its checksum
 * (a crash in the middle of a write) and everything after it are cut off. Only the tail can
 * be torn, since records are forced in order.
 */
public final class BlockLog implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockLog.class);
  static final int HEADER = 8;
  static final int MAX_RECORD = 256 << 20;

  private final Path path;
  private final FileChannel ch;
  private long[] offsets = new long[1024];
  private int count;
  private long end;
  private final long truncatedBytes;

  private BlockLog(Path path, FileChannel ch, long truncatedBytes) {
    this.path = path;
    this.ch = ch;
    this.truncatedBytes = truncatedBytes;
  }

  public static BlockLog open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = ch.size();
    BlockLog log = null;
    long pos = 0;
    java.util.List<Long> found = new java.util.ArrayList<>();
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      header.clear();
      readFully(ch, header, pos);
      header.flip();
      int len = header.getInt();
      int crc = header.getInt();
      if (len < 0 || len > MAX_RECORD || pos + HEADER + len > size) break;
      ByteBuffer payload = ByteBuffer.allocate(len);
      readFully(ch, payload, pos + HEADER);
      if (crc32c(payload.array()) != crc) break;
      found.add(pos);
      pos += HEADER + len;
    }
    long torn = size - pos;
    if (torn > 0) {
      LOG.warn("block log {}: cutting {} bytes of a torn or corrupt tail after {} records", path, torn, found.size());
      ch.truncate(pos);
      ch.force(true);
    }
    log = new BlockLog(path, ch, torn);
    for (long off : found) log.addOffset(off);
    log.end = pos;
    return log;
  }

  private void addOffset(long off) {
    if (count == offsets.length) offsets = java.util.Arrays.copyOf(offsets, count * 2);
    offsets[count++] = off;
  }

  /** Number of records (so the next block's height). */
  public int count() {
    return count;
  }

  /** Bytes cut off a torn tail when the log was opened. */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  public Path path() {
    return path;
  }

  /** Appends one record and forces it to disk. */
  public void append(byte[] payload) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
    buf.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
    long at = end;
    while (buf.hasRemaining()) {
      ch.write(buf, at + buf.position());
    }
    // force(false) is fdatasync: it flushes the data and the file size, which is all a
    // reader needs; the other metadata (times) may lag.
    ch.force(false);
    addOffset(at);
    end = at + HEADER + payload.length;
  }

  public byte[] read(int index) throws IOException {
    if (index < 0 || index >= count) throw new IndexOutOfBoundsException("no record " + index);
    long at = offsets[index];
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(ch, header, at);
    header.flip();
    int len = header.getInt();
    ByteBuffer payload = ByteBuffer.allocate(len);
    readFully(ch, payload, at + HEADER);
    return payload.array();
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) throw new IOException("unexpected end of file");
    }
  }

  static int crc32c(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b, 0, b.length);
    return (int) c.getValue();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
