package io.statecraft.channel.log.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-atomic file replacement: after a crash at any point a reader sees either the old file
 * or the complete new one, never a torn one. The bytes go to a temporary file in the same
 * directory, which is fsynced, renamed over the target (an atomic rename on POSIX file
 * systems), and then the directory itself is fsynced so the rename is durable too.
 */
final class AtomicFiles {
  static final String TMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  static void write(Path target, byte[]... parts) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (byte[] p : parts) {
        ByteBuffer buf = ByteBuffer.wrap(p);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.getParent());
  }

  /** Makes renames and deletions in {@code dir} durable. A no-op where directories cannot be opened (Windows). */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
        return;
      }
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }
}
