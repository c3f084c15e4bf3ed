package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/** A call the chain refused, with its documented code. */
public final class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ChainErrorCode code;
  private final String reason;
  private final JsonObject data;

  public ChainException(ChainErrorCode code, String message) {
    this(code, message, null);
  }

  public ChainException(ChainErrorCode code, String message, JsonObject data) {
    super(code.name() + " (" + code.code() + "): " + message, null, false, false);
    this.code = code;
    this.reason = message;
    this.data = data;
  }

  public ChainErrorCode code() {
    return code;
  }

  /** The message without the code prefix that {@link #getMessage()} carries. */
  public String reason() {
    return reason;
  }

  /** Structured details (for example the time a re-entry bar ends), or null. */
  public JsonObject data() {
    return data;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("code", code.code()).put("name", code.name()).put("message", getMessage());
    if (data != null) j.put("data", data);
    return j;
  }

  /**
   * Reads an error written by {@link #toJson()}. The {@code message} field carries the code
   * prefix; it is stripped so that a round trip gives the same message.
   */
  public static ChainException fromJson(JsonObject j) {
    ChainErrorCode code = ChainErrorCode.ofCode(j.getInteger("code"));
    String message = j.getString("message", "");
    String prefix = code.name() + " (" + code.code() + "): ";
    if (message.startsWith(prefix)) message = message.substring(prefix.length());
    return new ChainException(code, message, j.getJsonObject("data"));
  }
}
