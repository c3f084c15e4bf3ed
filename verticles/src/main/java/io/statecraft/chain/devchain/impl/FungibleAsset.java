package io.statecraft.chain.devchain.impl;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/** A fungible game asset: created by an account, minted only by its creator, capped or not. */
public final class FungibleAsset {
  public final String id;
  public final String symbol;
  public final String creator;
  public final int decimals;
  /** Null when the supply is uncapped. */
  public final BigInteger maxSupply;
  public BigInteger supply = BigInteger.ZERO;

  public FungibleAsset(String id, String symbol, String creator, int decimals, BigInteger maxSupply) {
    this.id = id;
    this.symbol = symbol;
    this.creator = creator;
    this.decimals = decimals;
    this.maxSupply = maxSupply;
  }

  public FungibleAsset copy() {
    FungibleAsset a = new FungibleAsset(id, symbol, creator, decimals, maxSupply);
    a.supply = supply;
    return a;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("id", id).put("symbol", symbol).put("creator", creator)
        .put("decimals", decimals).put("supply", supply.toString());
    if (maxSupply != null) j.put("maxSupply", maxSupply.toString());
    return j;
  }

  public static FungibleAsset fromJson(JsonObject j) {
    String max = j.getString("maxSupply");
    FungibleAsset a = new FungibleAsset(j.getString("id"), j.getString("symbol"), j.getString("creator"),
        j.getInteger("decimals"), max == null ? null : new BigInteger(max));
    a.supply = new BigInteger(j.getString("supply"));
    return a;
  }
}
