package io.statecraft.chain;

import io.statecraft.codec.CanonicalJson;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A settlement-chain transaction: the sender's account address (its Ed25519 public key,
 * {@code 0x}-hex), its nonce, what it asks ({@code kind} and {@code args}) and the sender's
 * signature over {@link #signingBytes()}.
 *
 * <p>The signed bytes are a domain tag followed by the RFC 8785 canonical JSON of every field
 * but the signature, so any client in any language can reproduce them.
 */
public record SignedTx(String chainId, String sender, long nonce, String kind, JsonObject args, String signature) {
  static final byte[] DOMAIN = "statecraft/chain-tx/v1\n".getBytes(StandardCharsets.UTF_8);

  public static SignedTx sign(Ed25519.KeyPair key, String chainId, long nonce, String kind, JsonObject args) {
    String sender = addressOf(key.publicKey());
    SignedTx unsigned = new SignedTx(chainId, sender, nonce, kind, args, null);
    return new SignedTx(chainId, sender, nonce, kind, args, Hex.encode(key.sign(unsigned.signingBytes())));
  }

  /** The account address of a public key. */
  public static String addressOf(byte[] publicKey) {
    return "0x" + Hex.encode(publicKey);
  }

  public byte[] signingBytes() {
    JsonObject body = new JsonObject()
        .put("chainId", chainId)
        .put("sender", sender)
        .put("nonce", nonce)
        .put("kind", kind)
        .put("args", args == null ? new JsonObject() : args);
    byte[] canonical = CanonicalJson.bytes(body);
    byte[] out = new byte[DOMAIN.length + canonical.length];
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(canonical, 0, out, DOMAIN.length, canonical.length);
    return out;
  }

  /** True if the signature is the sender's over {@link #signingBytes()}. Never throws. */
  public boolean verifySignature() {
    try {
      return signature != null && Ed25519.verify(Hex.decode(sender), signingBytes(), Hex.decode(signature));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The transaction hash: SHA-256 of the signed bytes and the signature, {@code 0x}-hex. */
  public String hash() {
    return "0x" + Hex.encode(Hashes.sha256(signingBytes(), Hex.decode(signature == null ? "" : signature)));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("chainId", chainId)
        .put("sender", sender)
        .put("nonce", nonce)
        .put("kind", kind)
        .put("args", args == null ? new JsonObject() : args)
        .put("signature", signature);
  }

  /**
   * Reads a transaction from JSON.
   *
   * @throws ChainException with {@code MALFORMED_TRANSACTION} if a field is missing or mistyped
   */
  public static SignedTx fromJson(JsonObject j) {
    try {
      String chainId = j.getString("chainId");
      String sender = j.getString("sender");
      Long nonce = j.getLong("nonce");
      String kind = j.getString("kind");
      JsonObject args = j.getJsonObject("args", new JsonObject());
      String signature = j.getString("signature");
      if (chainId == null || sender == null || nonce == null || kind == null || signature == null) {
        throw new ChainException(ChainErrorCode.MALFORMED_TRANSACTION,
            "chainId, sender, nonce, kind and signature are required");
      }
      return new SignedTx(chainId, sender, nonce, kind, args, signature);
    } catch (ClassCastException e) {
      throw new ChainException(ChainErrorCode.MALFORMED_TRANSACTION, "a field has the wrong type");
    }
  }
}
