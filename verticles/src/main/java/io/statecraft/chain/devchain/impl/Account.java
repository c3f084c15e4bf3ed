package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.TreeSet;

/** An account: next nonce, native coin, fungible balances, owned NFTs, shared-pool stake. */
public final class Account {
  public final String address;
  public long nonce;
  public BigInteger coin = BigInteger.ZERO;
  public final TreeMap<String, BigInteger> fungible = new TreeMap<>();
  public final TreeSet<String> nfts = new TreeSet<>();
  public BigInteger poolStake = BigInteger.ZERO;
  /** Channels this account joined with the shared pool as its stake: they pin the pool. */
  public final TreeSet<String> poolChannels = new TreeSet<>();

  public Account(String address) {
    this.address = address;
  }

  public Account copy() {
    Account a = new Account(address);
    a.nonce = nonce;
    a.coin = coin;
    a.fungible.putAll(fungible);
    a.nfts.addAll(nfts);
    a.poolStake = poolStake;
    a.poolChannels.addAll(poolChannels);
    return a;
  }

  public BigInteger fungible(String assetId) {
    return fungible.getOrDefault(assetId, BigInteger.ZERO);
  }

  /** Sets a fungible balance, dropping zero entries so that the state stays canonical. */
  public void setFungible(String assetId, BigInteger amount) {
    if (amount.signum() == 0) fungible.remove(assetId); else fungible.put(assetId, amount);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("address", address)
        .put("nonce", nonce)
        .put("coin", coin.toString())
        .put("fungible", Holdings.amountsToJson(fungible))
        .put("nfts", new JsonArray(new ArrayList<>(nfts)))
        .put("poolStake", poolStake.toString())
        .put("poolChannels", new JsonArray(new ArrayList<>(poolChannels)));
  }

  public static Account fromJson(JsonObject j) {
    Account a = new Account(j.getString("address"));
    a.nonce = j.getLong("nonce");
    a.coin = new BigInteger(j.getString("coin"));
    a.fungible.putAll(Holdings.amountsFromJson(j.getJsonObject("fungible")));
    j.getJsonArray("nfts").forEach(n -> a.nfts.add((String) n));
    a.poolStake = new BigInteger(j.getString("poolStake"));
    j.getJsonArray("poolChannels").forEach(c -> a.poolChannels.add((String) c));
    return a;
  }
}
