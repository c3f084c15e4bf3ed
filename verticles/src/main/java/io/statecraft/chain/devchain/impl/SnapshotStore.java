package io.statecraft.chain.devchain.impl;

import io.statecraft.codec.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state snapshot that shortens a restart: the whole state after some block, framed like
 * a log record (length, CRC32C, canonical JSON). It is written to a temporary file, forced
 * and atomically renamed, so there is always either the old or the new snapshot, whole. A
 * snapshot that fails its checksum is ignored and the chain replays from genesis.
 */
public final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

  /** A loaded snapshot: the state after block {@code height} whose hash is {@code blockHash}. */
  public record Snapshot(long height, String blockHash, String stateRoot, WorldState state) {}

  private final Path path;

  public SnapshotStore(Path path) {
    this.path = path;
  }

  public void write(long height, String blockHash, String stateRoot, WorldState state) throws IOException {
    JsonObject j = new JsonObject().put("height", height).put("blockHash", blockHash).put("stateRoot", stateRoot)
        .put("state", state.toJson());
    byte[] payload = CanonicalJson.bytes(j);
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocate(BlockLog.HEADER + payload.length);
      buf.putInt(payload.length).putInt(BlockLog.crc32c(payload)).put(payload).flip();
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The snapshot, or null if there is none or it is damaged. */
  public Snapshot load() {
    if (!Files.exists(path)) return null;
    try {
      byte[] all = Files.readAllBytes(path);
      ByteBuffer b = ByteBuffer.wrap(all);
      int len = b.getInt();
      int crc = b.getInt();
      if (len < 0 || len != all.length - BlockLog.HEADER) throw new IOException("bad length");
      byte[] payload = new byte[len];
      b.get(payload);
      if (BlockLog.crc32c(payload) != crc) throw new IOException("bad checksum");
      JsonObject j = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      WorldState state = WorldState.fromJson(j.getJsonObject("state"));
      return new Snapshot(j.getLong("height"), j.getString("blockHash"), j.getString("stateRoot"), state);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring damaged snapshot {}: {}", path, e.toString());
      return null;
    }
  }
}
