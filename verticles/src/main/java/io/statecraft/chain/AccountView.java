package io.statecraft.chain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account as the chain holds it: its next nonce, native coin, fungible asset balances
 * (asset id to amount), the NFTs it owns that are not held by a channel, and its stake in the
 * shared staking pool with the channels that stake backs. Amounts are u64, carried in JSON as
 * decimal strings.
 */
public record AccountView(String address, long nonce, BigInteger coin, Map<String, BigInteger> fungible,
    List<NftView> nfts, BigInteger poolStake, List<String> poolChannels) {

  public AccountView {
    fungible = java.util.Collections.unmodifiableMap(new TreeMap<>(fungible));
    nfts = List.copyOf(nfts);
    poolChannels = List.copyOf(poolChannels);
  }

  /** A non-fungible asset: fixed id, creator and data; owner and user (usage right) separate. */
  public record NftView(String id, String creator, String owner, String user, long userExpiresAtMillis,
      JsonObject data, String lockedIn) {
    public JsonObject toJson() {
      JsonObject j = new JsonObject().put("id", id).put("creator", creator).put("owner", owner).put("user", user)
          .put("userExpiresAtMillis", userExpiresAtMillis).put("data", data == null ? new JsonObject() : data.copy());
      if (lockedIn != null) j.put("lockedIn", lockedIn);
      return j;
    }

    public static NftView fromJson(JsonObject j) {
      return new NftView(j.getString("id"), j.getString("creator"), j.getString("owner"), j.getString("user"),
          j.getLong("userExpiresAtMillis", 0L), j.getJsonObject("data", new JsonObject()), j.getString("lockedIn"));
    }
  }

  /** The account of an address that never appeared on chain. */
  public static AccountView empty(String address) {
    return new AccountView(address, 0, BigInteger.ZERO, Map.of(), List.of(), BigInteger.ZERO, List.of());
  }

  public BigInteger fungible(String assetId) {
    return fungible.getOrDefault(assetId, BigInteger.ZERO);
  }

  public JsonObject toJson() {
    JsonObject f = new JsonObject();
    fungible.forEach((k, v) -> f.put(k, v.toString()));
    JsonArray n = new JsonArray();
    nfts.forEach(x -> n.add(x.toJson()));
    return new JsonObject()
        .put("address", address)
        .put("nonce", nonce)
        .put("coin", coin.toString())
        .put("fungible", f)
        .put("nfts", n)
        .put("poolStake", poolStake.toString())
        .put("poolChannels", new JsonArray(new ArrayList<>(poolChannels)));
  }

  public static AccountView fromJson(JsonObject j) {
    Map<String, BigInteger> f = new TreeMap<>();
    j.getJsonObject("fungible", new JsonObject()).forEach(e -> f.put(e.getKey(), new BigInteger(e.getValue().toString())));
    List<NftView> n = new ArrayList<>();
    j.getJsonArray("nfts", new JsonArray()).forEach(x -> n.add(NftView.fromJson((JsonObject) x)));
    List<String> pc = new ArrayList<>();
    j.getJsonArray("poolChannels", new JsonArray()).forEach(x -> pc.add((String) x));
    return new AccountView(j.getString("address"), j.getLong("nonce", 0L), new BigInteger(j.getString("coin", "0")), f, n,
        new BigInteger(j.getString("poolStake", "0")), pc);
  }
}
