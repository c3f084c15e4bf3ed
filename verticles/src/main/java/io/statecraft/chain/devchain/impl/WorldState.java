package io.statecraft.chain.devchain.impl;

import io.statecraft.codec.CanonicalJson;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/**
 * The whole chain state. Sorted maps only, so that its canonical JSON, and so its root hash,
 * is the same on every run: replaying the block log must reproduce every block's state root.
 */
public final class WorldState {
  public final TreeMap<String, Account> accounts = new TreeMap<>();
  public final TreeMap<String, FungibleAsset> assets = new TreeMap<>();
  public final TreeMap<String, Nft> nfts = new TreeMap<>();
  public final TreeMap<String, Channel> channels = new TreeMap<>();

  public JsonObject toJson() {
    JsonObject a = new JsonObject();
    accounts.forEach((k, v) -> a.put(k, v.toJson()));
    JsonObject f = new JsonObject();
    assets.forEach((k, v) -> f.put(k, v.toJson()));
    JsonObject n = new JsonObject();
    nfts.forEach((k, v) -> n.put(k, v.toJson()));
    JsonObject c = new JsonObject();
    channels.forEach((k, v) -> c.put(k, v.toJson()));
    return new JsonObject().put("accounts", a).put("assets", f).put("nfts", n).put("channels", c);
  }

  public static WorldState fromJson(JsonObject j) {
    WorldState s = new WorldState();
    j.getJsonObject("accounts").forEach(e -> s.accounts.put(e.getKey(), Account.fromJson((JsonObject) e.getValue())));
    j.getJsonObject("assets").forEach(e -> s.assets.put(e.getKey(), FungibleAsset.fromJson((JsonObject) e.getValue())));
    j.getJsonObject("nfts").forEach(e -> s.nfts.put(e.getKey(), Nft.fromJson((JsonObject) e.getValue())));
    j.getJsonObject("channels").forEach(e -> s.channels.put(e.getKey(), Channel.fromJson((JsonObject) e.getValue())));
    return s;
  }

  /** SHA-256 of the state's canonical JSON, 0x-hex. */
  public String root() {
    return "0x" + Hex.encode(Hashes.sha256(CanonicalJson.bytes(toJson())));
  }
}
