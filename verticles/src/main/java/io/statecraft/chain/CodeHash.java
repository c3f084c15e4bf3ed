package io.statecraft.chain;

import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import java.util.List;

/**
 * The code hash that pins a channel's Move modules for its whole life (the "rule lock"):
 * SHA-256 over the module bytes concatenated in the order given, {@code 0x}-hex. The
 * publisher sends it with the modules at channel creation and the chain checks it.
 */
public final class CodeHash {
  private CodeHash() {}

  public static String of(List<byte[]> modules) {
    return "0x" + Hex.encode(Hashes.sha256(modules.toArray(new byte[0][])));
  }

  /** The code hash of modules given as hex strings (with or without {@code 0x}). */
  public static String ofHex(List<String> modulesHex) {
    return of(modulesHex.stream().map(Hex::decode).toList());
  }
}
