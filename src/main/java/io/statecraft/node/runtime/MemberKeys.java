package io.statecraft.node.runtime;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.node.config.ConfigException;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The member's Ed25519 key: from {@code node.key.seed} if set, else from the key file
 * ({@code node.key.file}, default {@code <node.data-dir>/member.key}), generated on first
 * start. Runs before the node's Vert.x exists, so plain blocking file I/O is fine here.
 */
public final class MemberKeys {
  private MemberKeys() {}

  public static Ed25519.KeyPair load(NodeConfig config) {
    String seed = config.get(ConfigKeys.NODE_KEY_SEED);
    if (!seed.isEmpty()) {
      return Ed25519.fromSeed(Hex.decode(seed));
    }
    return loadOrCreate(keyFile(config));
  }

  /**
   * The node key (signs log entries and peer frames; the {@code nodeKey} registered on chain):
   * from {@code peer.key.seed} if set, else from {@code peer.key.file} (default
   * {@code <node.data-dir>/node.key}), generated on first start.
   */
  public static Ed25519.KeyPair loadNodeKey(NodeConfig config) {
    String seed = config.get(ConfigKeys.PEER_KEY_SEED);
    if (!seed.isEmpty()) {
      if (!seed.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw new ConfigException("peer.key.seed must be a 32-byte Ed25519 seed as 64 hex characters");
      }
      return Ed25519.fromSeed(Hex.decode(seed));
    }
    return loadOrCreate(nodeKeyFile(config));
  }

  public static Path nodeKeyFile(NodeConfig config) {
    String file = config.get(ConfigKeys.PEER_KEY_FILE);
    return file.isEmpty() ? Path.of(config.get(ConfigKeys.NODE_DATA_DIR), "node.key") : Path.of(file);
  }

  public static Path keyFile(NodeConfig config) {
    String file = config.get(ConfigKeys.NODE_KEY_FILE);
    return file.isEmpty() ? Path.of(config.get(ConfigKeys.NODE_DATA_DIR), "member.key") : Path.of(file);
  }

  static Ed25519.KeyPair loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!text.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw new ConfigException("key file " + file + " must hold a 32-byte Ed25519 seed as 64 hex characters");
      }
      return Ed25519.fromSeed(Hex.decode(text));
    } catch (IOException e) {
      throw new ConfigException("cannot read or create the member key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    byte[] seed = Ed25519.generate().seed();
    byte[] text = (Hex.encode(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      // Owner-only from the first byte: never a moment where the seed is world-readable.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first: use theirs
    }
    Files.write(file, text);
  }
}
