package io.statecraft.channel.log.impl;

import io.statecraft.channel.log.ChannelLogException;
import io.statecraft.channel.log.LogCorruptedException;
import io.statecraft.codec.Hex;
import io.statecraft.codec.channel.Hash32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code channel.meta}: which channel the directory holds, its genesis hash, and the prune
 * point — the first height held and the {@code prevHash} it must carry. A few text lines,
 * replaced atomically whenever the prune point moves.
 */
record LogMeta(String channelId, Hash32 genesisHash, long firstHeight, Hash32 firstPrevHash) {
  static final String FILE = "channel.meta";
  private static final String MAGIC = "statecraft-channel-log 1";

  static LogMeta readOrCreate(Path dir, String channelId, Hash32 genesis) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      LogMeta m = new LogMeta(channelId, genesis, 1, genesis);
      m.write(dir);
      return m;
    }
    LogMeta m = read(file);
    if (!m.channelId.equals(channelId)) {
      throw new ChannelLogException("the log in " + dir + " is channel '" + m.channelId + "', not '" + channelId + "'");
    }
    if (!m.genesisHash.equals(genesis)) {
      throw new ChannelLogException("the log in " + dir + " has genesis hash " + m.genesisHash + ", not " + genesis);
    }
    return m;
  }

  private static LogMeta read(Path file) throws IOException {
    Map<String, String> kv = new HashMap<>();
    String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
    if (lines.length == 0 || !lines[0].equals(MAGIC)) {
      throw new LogCorruptedException(0, file + " is not a channel log metadata file");
    }
    for (int i = 1; i < lines.length; i++) {
      int sp = lines[i].indexOf(' ');
      if (sp > 0) kv.put(lines[i].substring(0, sp), lines[i].substring(sp + 1));
    }
    try {
      return new LogMeta(new String(Hex.decode(kv.get("channelId")), StandardCharsets.UTF_8),
          Hash32.ofHex(kv.get("genesisHash")), Long.parseLong(kv.get("firstHeight")), Hash32.ofHex(kv.get("firstPrevHash")));
    } catch (RuntimeException e) {
      throw new LogCorruptedException(0, file + " is unreadable: " + e.getMessage(), e);
    }
  }

  LogMeta withFirst(long height, Hash32 prevHash) {
    return new LogMeta(channelId, genesisHash, height, prevHash);
  }

  void write(Path dir) throws IOException {
    String text = MAGIC + "\n"
        + "channelId " + Hex.encode(channelId.getBytes(StandardCharsets.UTF_8)) + "\n"
        + "genesisHash " + genesisHash.toHex() + "\n"
        + "firstHeight " + firstHeight + "\n"
        + "firstPrevHash " + firstPrevHash.toHex() + "\n";
    AtomicFiles.write(dir.resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
  }
}
