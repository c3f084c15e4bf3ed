package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** Every transaction kind the devchain knows, and the handler that carries it out. */
public final class Contract {
  @FunctionalInterface
  interface Handler {
    JsonObject apply(TxScope scope, Args args);
  }

  private static final Map<String, Handler> KINDS = new TreeMap<>();

  static {
    KINDS.put("faucet", AccountRules::faucet);
    KINDS.put("transfer", AccountRules::transfer);
    KINDS.put("asset.create", AccountRules::assetCreate);
    KINDS.put("asset.mint", AccountRules::assetMint);
    KINDS.put("asset.transfer", AccountRules::assetTransfer);
    KINDS.put("nft.mint", AccountRules::nftMint);
    KINDS.put("nft.transfer", AccountRules::nftTransfer);
    KINDS.put("nft.setUser", AccountRules::nftSetUser);
    KINDS.put("pool.stake", AccountRules::poolStake);
    KINDS.put("pool.unstake", AccountRules::poolUnstake);
    KINDS.put("channel.create", ChannelRules::create);
    KINDS.put("channel.close", ChannelRules::close);
    KINDS.put("channel.join", ChannelRules::join);
    KINDS.put("channel.heartbeat", ChannelRules::heartbeat);
    KINDS.put("channel.applyLeader", ChannelRules::applyLeader);
    KINDS.put("channel.standCandidate", ChannelRules::standCandidate);
    KINDS.put("channel.delegate", ChannelRules::delegate);
    KINDS.put("channel.propose", ProposalRules::propose);
    KINDS.put("channel.vote", ProposalRules::vote);
  }

  private Contract() {}

  public static boolean knows(String kind) {
    return KINDS.containsKey(kind);
  }

  public static java.util.Set<String> kinds() {
    return KINDS.keySet();
  }

  /** Runs a call in its scope; the scope is committed by the caller if this returns. */
  public static JsonObject execute(TxScope scope) {
    Handler h = KINDS.get(scope.tx.kind());
    if (h == null) throw new ChainException(ChainErrorCode.UNKNOWN_TRANSACTION_KIND, "unknown kind " + scope.tx.kind());
    JsonObject result = h.apply(scope, new Args(scope.tx.kind(), scope.tx.args()));
    return result == null ? new JsonObject() : result;
  }
}
