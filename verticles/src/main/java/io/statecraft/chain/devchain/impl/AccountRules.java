package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.ChainException;
import io.statecraft.codec.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/** The account-level kinds: faucet, coin transfer, fungible assets, NFTs, the shared staking pool. */
public final class AccountRules {
  private AccountRules() {}

  static JsonObject faucet(TxScope s, Args a) {
    BigInteger amount = a.amount("amount");
    if (!s.devMode) throw new ChainException(FAUCET_DISABLED, "the faucet exists only on a dev-mode chain");
    Account acc = s.account(s.sender());
    acc.coin = Amounts.add(acc.coin, amount);
    s.emit("faucet", null, new JsonObject().put("to", acc.address).put("amount", amount.toString()));
    return new JsonObject().put("balance", acc.coin.toString());
  }

  static JsonObject transfer(TxScope s, Args a) {
    String to = a.address("to");
    BigInteger amount = a.amount("amount");
    Account from = s.account(s.sender());
    from.coin = Amounts.sub(from.coin, amount, "coin balance");
    Account dest = s.account(to);
    dest.coin = Amounts.add(dest.coin, amount);
    s.emit("transfer", null, new JsonObject().put("from", from.address).put("to", to).put("amount", amount.toString()));
    return new JsonObject();
  }

  static JsonObject assetCreate(TxScope s, Args a) {
    String symbol = a.str("symbol");
    if (!symbol.matches("[A-Za-z0-9_-]{1,16}")) throw Args.malformed("asset.create: symbol must be 1-16 of A-Z a-z 0-9 _ -");
    long decimals = a.optLong("decimals", 0);
    if (decimals < 0 || decimals > 18) throw Args.malformed("asset.create: decimals must be in 0..18");
    BigInteger max = a.has("maxSupply") ? a.amount("maxSupply") : null;
    String id = Ids.of("asset", s.sender(), symbol);
    if (s.asset(id) != null) throw new ChainException(ASSET_EXISTS, "you already created an asset with symbol " + symbol);
    s.putAsset(new FungibleAsset(id, symbol, s.sender(), (int) decimals, max));
    s.emit("asset.created", null, new JsonObject().put("assetId", id).put("symbol", symbol).put("creator", s.sender()));
    return new JsonObject().put("assetId", id);
  }

  static JsonObject assetMint(TxScope s, Args a) {
    String id = a.id("assetId");
    String to = a.has("to") ? a.address("to") : s.sender();
    BigInteger amount = a.amount("amount");
    FungibleAsset asset = requireAsset(s, id);
    if (!asset.creator.equals(s.sender())) throw new ChainException(NOT_ASSET_CREATOR, "only the asset's creator mints it");
    BigInteger supply = Amounts.add(asset.supply, amount);
    if (asset.maxSupply != null && supply.compareTo(asset.maxSupply) > 0) {
      throw new ChainException(SUPPLY_EXCEEDED, "minting " + amount + " would exceed the max supply " + asset.maxSupply);
    }
    asset.supply = supply;
    Account dest = s.account(to);
    dest.setFungible(id, Amounts.add(dest.fungible(id), amount));
    s.emit("asset.minted", null, new JsonObject().put("assetId", id).put("to", to).put("amount", amount.toString()));
    return new JsonObject().put("supply", supply.toString());
  }

  static JsonObject assetTransfer(TxScope s, Args a) {
    String id = a.id("assetId");
    String to = a.address("to");
    BigInteger amount = a.amount("amount");
    requireAsset(s, id);
    Account from = s.account(s.sender());
    from.setFungible(id, Amounts.sub(from.fungible(id), amount, "balance of " + id));
    Account dest = s.account(to);
    dest.setFungible(id, Amounts.add(dest.fungible(id), amount));
    s.emit("asset.transferred", null, new JsonObject().put("assetId", id).put("from", from.address)
        .put("to", to).put("amount", amount.toString()));
    return new JsonObject();
  }

  private static FungibleAsset requireAsset(TxScope s, String id) {
    FungibleAsset asset = s.asset(id);
    if (asset == null) throw new ChainException(ASSET_NOT_FOUND, "no asset " + id);
    return asset;
  }

  static JsonObject nftMint(TxScope s, Args a) {
    String to = a.has("to") ? a.address("to") : s.sender();
    JsonObject data = a.has("data") ? a.obj("data").copy() : new JsonObject();
    try {
      if (CanonicalJson.bytes(data).length > 16_384) throw Args.malformed("nft.mint: data is over 16 KiB");
    } catch (CanonicalJson.NotCanonicalException e) {
      throw Args.malformed("nft.mint: data " + e.getMessage());
    }
    String id = Ids.of("nft", s.sender(), s.tx.nonce());
    Nft nft = new Nft(id, s.sender(), data);
    nft.owner = to;
    s.putNft(nft);
    s.account(to).nfts.add(id);
    s.emit("nft.minted", null, new JsonObject().put("nftId", id).put("creator", s.sender()).put("owner", to));
    return new JsonObject().put("nftId", id);
  }

  static JsonObject nftTransfer(TxScope s, Args a) {
    String id = a.id("nftId");
    String to = a.address("to");
    Nft nft = ownedFreeNft(s, id);
    s.account(nft.owner).nfts.remove(id);
    s.account(to).nfts.add(id);
    String from = nft.owner;
    nft.owner = to;
    // A sale ends any rental: the usage right goes with the new owner.
    nft.user = null;
    nft.userExpiresAtMillis = 0;
    s.emit("nft.transferred", null, new JsonObject().put("nftId", id).put("from", from).put("to", to));
    return new JsonObject();
  }

  static JsonObject nftSetUser(TxScope s, Args a) {
    String id = a.id("nftId");
    String user = a.has("user") ? a.address("user") : null;
    long expires = a.optLong("expiresAtMillis", 0);
    if (expires < 0) throw Args.malformed("nft.setUser: expiresAtMillis must not be negative");
    Nft nft = ownedFreeNft(s, id);
    nft.user = user;
    nft.userExpiresAtMillis = user == null ? 0 : expires;
    s.emit("nft.user", null, new JsonObject().put("nftId", id).put("user", user == null ? nft.owner : user)
        .put("expiresAtMillis", nft.userExpiresAtMillis));
    return new JsonObject();
  }

  private static Nft ownedFreeNft(TxScope s, String id) {
    Nft nft = s.nft(id);
    if (nft == null) throw new ChainException(NFT_NOT_FOUND, "no NFT " + id);
    if (!nft.owner.equals(s.sender())) throw new ChainException(NOT_NFT_OWNER, "only the NFT's owner may do this");
    if (nft.lockedIn != null) {
      throw new ChainException(NFT_LOCKED, "the NFT is held by channel " + nft.lockedIn,
          new JsonObject().put("channelId", nft.lockedIn));
    }
    return nft;
  }

  static JsonObject poolStake(TxScope s, Args a) {
    BigInteger amount = a.amount("amount");
    Account acc = s.account(s.sender());
    acc.coin = Amounts.sub(acc.coin, amount, "coin balance");
    acc.poolStake = Amounts.add(acc.poolStake, amount);
    s.emit("pool.staked", null, new JsonObject().put("account", acc.address).put("amount", amount.toString())
        .put("poolStake", acc.poolStake.toString()));
    return new JsonObject().put("poolStake", acc.poolStake.toString());
  }

  static JsonObject poolUnstake(TxScope s, Args a) {
    BigInteger amount = a.amount("amount");
    Account acc = s.account(s.sender());
    if (acc.poolStake.compareTo(amount) < 0) {
      throw new ChainException(INSUFFICIENT_POOL_STAKE, "pool stake is " + acc.poolStake + ", cannot unstake " + amount);
    }
    BigInteger left = acc.poolStake.subtract(amount);
    BigInteger pinned = BigInteger.ZERO;
    for (String channelId : acc.poolChannels) {
      Channel c = s.channel(channelId);
      if (c != null && c.stake.compareTo(pinned) > 0) pinned = c.stake;
    }
    if (left.compareTo(pinned) < 0) {
      throw new ChainException(POOL_STAKE_IN_USE, "channels joined with the pool need " + pinned + " staked",
          new JsonObject().put("required", pinned.toString()).put("channels", new io.vertx.core.json.JsonArray(
              new java.util.ArrayList<>(acc.poolChannels))));
    }
    acc.poolStake = left;
    acc.coin = Amounts.add(acc.coin, amount);
    s.emit("pool.unstaked", null, new JsonObject().put("account", acc.address).put("amount", amount.toString())
        .put("poolStake", left.toString()));
    return new JsonObject().put("poolStake", left.toString());
  }
}
