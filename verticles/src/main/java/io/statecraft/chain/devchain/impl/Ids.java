package io.statecraft.chain.devchain.impl;

import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import java.nio.charset.StandardCharsets;

/** Deterministic ids: SHA-256 over a tag and the parts that make the object unique. */
public final class Ids {
  private Ids() {}

  public static String of(String tag, Object... parts) {
    StringBuilder sb = new StringBuilder(tag);
    for (Object p : parts) sb.append('|').append(p);
    return "0x" + Hex.encode(Hashes.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
