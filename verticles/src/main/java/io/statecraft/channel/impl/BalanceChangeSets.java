package io.statecraft.channel.impl;

import io.statecraft.channel.log.ChannelLog;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.WriteOp;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default settlement change set: for every member whose {@code 0x5c::channel::Balance} an
 * entry in {@code (start, end]} wrote, its last written balance minus its on-chain deposit (the
 * last settled allocation), as {@code {"coin": {address: "delta"}}} with zero deltas left out.
 * Transfers conserve coins, so the deltas sum to zero. Deleted balances (a leave, paid out by
 * the leave itself) and addresses that are no longer members on chain are skipped.
 */
public final class BalanceChangeSets {
  public static final StructTag BALANCE = StructTag.parseStruct("0x5c::channel::Balance");

  private BalanceChangeSets() {}

  public static JsonObject derive(ChannelLog log, long start, long end, Map<String, BigInteger> deposits) {
    TreeMap<String, BigInteger> last = new TreeMap<>();
    for (long h = start + 1; h <= end; h += 256) {
      for (Entry e : log.range(h, (int) Math.min(256, end - h + 1))) {
        if (e.effects().aborted() && e.effects().writeSet().isEmpty()) continue;
        for (WriteOp w : e.effects().writeSet()) {
          if (!w.type().equals(BALANCE)) continue;
          String a = w.address().toHex();
          if (w.isDeletion()) {
            last.remove(a);
          } else {
            long v = ByteBuffer.wrap(w.value().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
            last.put(a, new BigInteger(Long.toUnsignedString(v)));
          }
        }
      }
    }
    JsonObject coin = new JsonObject();
    for (Map.Entry<String, BigInteger> b : last.entrySet()) {
      BigInteger dep = deposits.get(b.getKey());
      if (dep == null) continue;
      BigInteger delta = b.getValue().subtract(dep);
      if (delta.signum() != 0) coin.put(b.getKey(), delta.toString());
    }
    return coin.isEmpty() ? new JsonObject() : new JsonObject().put("coin", coin);
  }
}
