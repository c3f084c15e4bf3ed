package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.statecraft.codec.Hex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/**
 * Typed reading of a transaction's args. Every failure is MALFORMED_TRANSACTION. Handlers
 * read all their args before touching state, so the submit-time dry run catches every
 * malformed call and such a call never enters a block.
 */
public final class Args {
  private final String kind;
  private final JsonObject json;

  public Args(String kind, JsonObject json) {
    this.kind = kind;
    this.json = json == null ? new JsonObject() : json;
  }

  public static ChainException malformed(String message) {
    return new ChainException(ChainErrorCode.MALFORMED_TRANSACTION, message);
  }

  public JsonObject json() {
    return json;
  }

  private ChainException bad(String field, String what) {
    return malformed(kind + ": " + field + " " + what);
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String str(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) throw bad(field, "must be a non-empty string");
    if (s.length() > 4096) throw bad(field, "is too long");
    return s;
  }

  public String optStr(String field) {
    return has(field) ? str(field) : null;
  }

  /** An account address: 0x + 64 hex digits (an Ed25519 public key), lower-cased. */
  public String address(String field) {
    return checkAddress(kind + ": " + field, str(field));
  }

  public static String checkAddress(String what, String s) {
    if (!s.matches("0x[0-9a-fA-F]{64}")) throw malformed(what + " must be an address (0x + 64 hex digits)");
    return s.toLowerCase();
  }

  /** A 0x-prefixed 32-byte id (channel, asset, nft), lower-cased. */
  public String id(String field) {
    String s = str(field);
    if (!s.matches("0x[0-9a-fA-F]{64}")) throw bad(field, "must be an id (0x + 64 hex digits)");
    return s.toLowerCase();
  }

  public BigInteger amount(String field) {
    if (!has(field)) throw bad(field, "is required");
    return Amounts.parse(kind + ": " + field, json.getValue(field));
  }

  public long longVal(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof Integer || v instanceof Long)) throw bad(field, "must be an integer");
    return ((Number) v).longValue();
  }

  public long optLong(String field, long dflt) {
    return has(field) ? longVal(field) : dflt;
  }

  public boolean bool(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof Boolean b)) throw bad(field, "must be true or false");
    return b;
  }

  public JsonObject obj(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof JsonObject o)) throw bad(field, "must be an object");
    return o;
  }

  public JsonObject optObj(String field) {
    return has(field) ? obj(field) : null;
  }

  public JsonArray arr(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof JsonArray a)) throw bad(field, "must be an array");
    return a;
  }

  /** A hex string (with or without 0x) decoded. */
  public byte[] hex(String field) {
    try {
      return Hex.decode(str(field));
    } catch (IllegalArgumentException e) {
      throw bad(field, "must be hex");
    }
  }

  public Args sub(String field) {
    return new Args(kind + "." + field, obj(field));
  }
}
