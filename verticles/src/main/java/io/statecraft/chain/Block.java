package io.statecraft.chain;

import io.statecraft.codec.CanonicalJson;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed block: height, chain time, hash chain, the root of the chain state after it,
 * and every transaction in it with its outcome. A transaction the contract refused is still
 * committed (its nonce is used); its outcome carries the error.
 *
 * <p>The hash is SHA-256 over the RFC 8785 canonical JSON of {@link #toJson()} without the
 * {@code hash} member ({@link #headerBytes()}), so anyone can recompute it.
 */
public record Block(long height, long timeMillis, String prevHash, String hash, String stateRoot,
    List<Outcome> transactions) {
  public Block {
    transactions = List.copyOf(transactions);
  }

  /** A block without a state root (chains that do not expose one). */
  public Block(long height, long timeMillis, String prevHash, String hash, List<Outcome> transactions) {
    this(height, timeMillis, prevHash, hash, null, transactions);
  }

  /** The bytes the block hash is taken over: the canonical JSON of everything but the hash. */
  public byte[] headerBytes() {
    JsonObject j = toJson();
    j.remove("hash");
    return CanonicalJson.bytes(j);
  }

  /** Recomputes the hash from the content. */
  public String computeHash() {
    return "0x" + Hex.encode(Hashes.sha256(headerBytes()));
  }

  /** Every event of the block in order. */
  public List<ChainEvent> events() {
    List<ChainEvent> out = new ArrayList<>();
    for (Outcome o : transactions) {
      if (o.receipt() != null) out.addAll(o.receipt().events());
    }
    return out;
  }

  /** A transaction and either its receipt or the error the contract refused it with. */
  public record Outcome(SignedTx tx, TxReceipt receipt, JsonObject error) {
    public boolean succeeded() {
      return error == null;
    }

    public JsonObject toJson() {
      JsonObject j = new JsonObject().put("tx", tx.toJson());
      if (receipt != null) j.put("receipt", receipt.toJson());
      if (error != null) j.put("error", error);
      return j;
    }

    public static Outcome fromJson(JsonObject j) {
      JsonObject r = j.getJsonObject("receipt");
      return new Outcome(SignedTx.fromJson(j.getJsonObject("tx")), r == null ? null : TxReceipt.fromJson(r),
          j.getJsonObject("error"));
    }
  }

  public JsonObject toJson() {
    JsonArray txs = new JsonArray();
    transactions.forEach(o -> txs.add(o.toJson()));
    return new JsonObject()
        .put("height", height)
        .put("timeMillis", timeMillis)
        .put("prevHash", prevHash)
        .put("hash", hash)
        .put("stateRoot", stateRoot)
        .put("transactions", txs);
  }

  public static Block fromJson(JsonObject j) {
    List<Outcome> txs = new ArrayList<>();
    JsonArray arr = j.getJsonArray("transactions", new JsonArray());
    for (int i = 0; i < arr.size(); i++) {
      txs.add(Outcome.fromJson(arr.getJsonObject(i)));
    }
    return new Block(j.getLong("height"), j.getLong("timeMillis"), j.getString("prevHash"), j.getString("hash"),
        j.getString("stateRoot"), txs);
  }
}
