package io.statecraft.chain;

import io.vertx.core.json.JsonObject;

/** A call the chain refused, with its documented code. */
public final class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ChainErrorCode code;
  private final JsonObject data;

  public ChainException(ChainErrorCode code, String message) {
    this(code, message, null);
  }

  public ChainException(ChainErrorCode code, String message, JsonObject data) {
    super(code.name() + " (" + code.code() + "): " + message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public ChainErrorCode code() {
    return code;
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
}
