package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coin, fungible balances and NFTs held together: what a member brought into a channel and
 * holds there after settlements. Sorted collections so that the state hashes the same everywhere.
 */
public final class Holdings {
  public BigInteger coin = BigInteger.ZERO;
  public final TreeMap<String, BigInteger> fungible = new TreeMap<>();
  public final TreeSet<String> nfts = new TreeSet<>();

  public Holdings copy() {
    Holdings h = new Holdings();
    h.coin = coin;
    h.fungible.putAll(fungible);
    h.nfts.addAll(nfts);
    return h;
  }

  public boolean isEmpty() {
    return coin.signum() == 0 && fungible.isEmpty() && nfts.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject().put("coin", coin.toString()).put("fungible", amountsToJson(fungible))
        .put("nfts", new JsonArray(new java.util.ArrayList<>(nfts)));
  }

  public static Holdings fromJson(JsonObject j) {
    Holdings h = new Holdings();
    h.coin = new BigInteger(j.getString("coin", "0"));
    h.fungible.putAll(amountsFromJson(j.getJsonObject("fungible", new JsonObject())));
    j.getJsonArray("nfts", new JsonArray()).forEach(n -> h.nfts.add((String) n));
    return h;
  }

  public static JsonObject amountsToJson(Map<String, BigInteger> m) {
    JsonObject o = new JsonObject();
    m.forEach((k, v) -> o.put(k, v.toString()));
    return o;
  }

  public static TreeMap<String, BigInteger> amountsFromJson(JsonObject o) {
    TreeMap<String, BigInteger> m = new TreeMap<>();
    o.forEach(e -> m.put(e.getKey(), new BigInteger((String) e.getValue())));
    return m;
  }
}
