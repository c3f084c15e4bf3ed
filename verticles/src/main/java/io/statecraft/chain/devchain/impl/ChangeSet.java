package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.ChainException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A settlement's change set: per-member signed coin deltas, per-asset per-member fungible
 * deltas, and NFT moves between members. It only re-divides what the members deposited in the
 * channel: every asset's deltas sum to zero and no member's holding goes below zero.
 *
 * <pre>{"coin": {"0xA": "-100", "0xB": "100"},
 *  "fungible": {"0xASSET": {"0xA": "5", "0xB": "-5"}},
 *  "nfts": [{"nftId": "0xNFT", "to": "0xB"}]}</pre>
 */
public record ChangeSet(TreeMap<String, BigInteger> coin, TreeMap<String, TreeMap<String, BigInteger>> fungible,
    List<NftMove> nfts) {

  public record NftMove(String nftId, String to) {}

  /** Parses (syntax only: addresses, ids, amounts); membership is checked by {@link #validate}. */
  public static ChangeSet parse(String where, JsonObject j) {
    TreeMap<String, BigInteger> coin = deltas(where + ".coin", j.getValue("coin"));
    TreeMap<String, TreeMap<String, BigInteger>> fungible = new TreeMap<>();
    Object f = j.getValue("fungible");
    if (f != null) {
      if (!(f instanceof JsonObject fo)) throw Args.malformed(where + ".fungible must be an object");
      for (String assetId : fo.fieldNames()) {
        String id = idOf(where + ".fungible key", assetId);
        fungible.put(id, deltas(where + ".fungible." + assetId, fo.getValue(assetId)));
      }
    }
    List<NftMove> moves = new ArrayList<>();
    Object n = j.getValue("nfts");
    if (n != null) {
      if (!(n instanceof JsonArray na)) throw Args.malformed(where + ".nfts must be an array");
      for (Object o : na) {
        if (!(o instanceof JsonObject mo)) throw Args.malformed(where + ".nfts entries must be objects");
        Args m = new Args(where + ".nfts[]", mo);
        moves.add(new NftMove(m.id("nftId"), m.address("to")));
      }
    }
    return new ChangeSet(coin, fungible, moves);
  }

  private static TreeMap<String, BigInteger> deltas(String where, Object v) {
    TreeMap<String, BigInteger> out = new TreeMap<>();
    if (v == null) return out;
    if (!(v instanceof JsonObject o)) throw Args.malformed(where + " must be an object of address to delta");
    for (String addr : o.fieldNames()) {
      String a = Args.checkAddress(where + " key", addr);
      out.merge(a, Amounts.parseSigned(where + "." + addr, o.getValue(addr)), BigInteger::add);
    }
    return out;
  }

  private static String idOf(String where, String s) {
    if (!s.matches("0x[0-9a-fA-F]{64}")) throw Args.malformed(where + " must be an id (0x + 64 hex digits)");
    return s.toLowerCase();
  }

  /** Checks the change set against the channel's current members and holdings. */
  public void validate(Channel c) {
    checkDeltas(c, "coin", coin, m -> m.deposit.coin);
    for (Map.Entry<String, TreeMap<String, BigInteger>> e : fungible.entrySet()) {
      String asset = e.getKey();
      checkDeltas(c, "asset " + asset, e.getValue(), m -> m.deposit.fungible.getOrDefault(asset, BigInteger.ZERO));
    }
    TreeSet<String> seen = new TreeSet<>();
    for (NftMove mv : nfts) {
      if (!seen.add(mv.nftId())) throw new ChainException(CHANGESET_INVALID, "NFT " + mv.nftId() + " moves twice");
      if (!c.members.containsKey(mv.to())) {
        throw new ChainException(CHANGESET_INVALID, mv.to() + " is not a member of the channel");
      }
      if (holderOf(c, mv.nftId()) == null) {
        throw new ChainException(CHANGESET_INVALID, "NFT " + mv.nftId() + " is not held in the channel");
      }
    }
  }

  private interface Holding {
    BigInteger of(Member m);
  }

  private static void checkDeltas(Channel c, String what, Map<String, BigInteger> deltas, Holding holding) {
    BigInteger sum = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> e : deltas.entrySet()) {
      Member m = c.members.get(e.getKey());
      if (m == null) throw new ChainException(CHANGESET_INVALID, e.getKey() + " is not a member of the channel");
      BigInteger after = holding.of(m).add(e.getValue());
      if (after.signum() < 0) {
        throw new ChainException(CHANGESET_EXCEEDS_DEPOSIT, e.getKey() + " holds " + holding.of(m) + " " + what
            + " in the channel, the delta is " + e.getValue());
      }
      sum = sum.add(e.getValue());
    }
    if (sum.signum() != 0) {
      throw new ChainException(CHANGESET_UNBALANCED, what + " deltas sum to " + sum + ", not 0");
    }
  }

  private static Member holderOf(Channel c, String nftId) {
    for (Member m : c.members.values()) if (m.deposit.nfts.contains(nftId)) return m;
    return null;
  }

  /** Applies a validated change set to the members' channel holdings. */
  public void apply(Channel c) {
    coin.forEach((addr, d) -> {
      Member m = c.members.get(addr);
      m.deposit.coin = m.deposit.coin.add(d);
    });
    fungible.forEach((asset, deltas) -> deltas.forEach((addr, d) -> {
      Member m = c.members.get(addr);
      BigInteger after = m.deposit.fungible.getOrDefault(asset, BigInteger.ZERO).add(d);
      if (after.signum() == 0) m.deposit.fungible.remove(asset); else m.deposit.fungible.put(asset, after);
    }));
    for (NftMove mv : nfts) {
      holderOf(c, mv.nftId()).deposit.nfts.remove(mv.nftId());
      c.members.get(mv.to()).deposit.nfts.add(mv.nftId());
    }
  }

  public JsonObject toJson() {
    JsonObject f = new JsonObject();
    fungible.forEach((k, v) -> f.put(k, Holdings.amountsToJson(v)));
    JsonArray n = new JsonArray();
    nfts.forEach(m -> n.add(new JsonObject().put("nftId", m.nftId()).put("to", m.to())));
    return new JsonObject().put("coin", Holdings.amountsToJson(coin)).put("fungible", f).put("nfts", n);
  }
}
