package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.SignedTx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One transaction's view of the state: every object a handler touches is copied into this
 * overlay, and the overlay is written back only if the whole call succeeds. A refused call
 * therefore leaves no trace but its consumed nonce, however far it got before the refusal.
 */
public final class TxScope {
  /** An event as a handler emits it; its position is assigned when the block is built. */
  public record PendingEvent(String type, String channelId, JsonObject data) {}

  private final WorldState base;
  public final SignedTx tx;
  public final long height;
  public final long nowMillis;
  public final boolean devMode;
  private final TreeMap<String, Account> accounts = new TreeMap<>();
  private final TreeMap<String, FungibleAsset> assets = new TreeMap<>();
  private final TreeMap<String, Nft> nfts = new TreeMap<>();
  private final TreeMap<String, Channel> channels = new TreeMap<>();
  private final List<PendingEvent> events = new ArrayList<>();

  public TxScope(WorldState base, SignedTx tx, long height, long nowMillis, boolean devMode) {
    this.base = base;
    this.tx = tx;
    this.height = height;
    this.nowMillis = nowMillis;
    this.devMode = devMode;
  }

  public String sender() {
    return tx.sender().toLowerCase();
  }

  /** The account for writing; an absent account is created empty. */
  public Account account(String address) {
    return accounts.computeIfAbsent(address, a -> {
      Account b = base.accounts.get(a);
      return b == null ? new Account(a) : b.copy();
    });
  }

  /** The asset for writing, or null. */
  public FungibleAsset asset(String id) {
    FungibleAsset a = assets.get(id);
    if (a == null && base.assets.containsKey(id)) {
      a = base.assets.get(id).copy();
      assets.put(id, a);
    }
    return a;
  }

  public void putAsset(FungibleAsset a) {
    assets.put(a.id, a);
  }

  /** The NFT for writing, or null. */
  public Nft nft(String id) {
    Nft n = nfts.get(id);
    if (n == null && base.nfts.containsKey(id)) {
      n = base.nfts.get(id).copy();
      nfts.put(id, n);
    }
    return n;
  }

  public void putNft(Nft n) {
    nfts.put(n.id, n);
  }

  /** The channel for writing, or null. */
  public Channel channel(String id) {
    Channel c = channels.get(id);
    if (c == null && base.channels.containsKey(id)) {
      c = base.channels.get(id).copy();
      channels.put(id, c);
    }
    return c;
  }

  public void putChannel(Channel c) {
    channels.put(c.id, c);
  }

  public void emit(String type, String channelId, JsonObject data) {
    events.add(new PendingEvent(type, channelId, data));
  }

  public List<PendingEvent> events() {
    return events;
  }

  /** Writes every touched object back into the state. */
  public void commit() {
    base.accounts.putAll(accounts);
    base.assets.putAll(assets);
    base.nfts.putAll(nfts);
    base.channels.putAll(channels);
  }
}
