package io.statecraft.chain.rpc;

import io.vertx.core.json.JsonObject;

/**
 * A JSON-RPC error that is not a chain refusal (those arrive as
 * {@link io.statecraft.chain.ChainException}): a protocol error such as
 * {@link JsonRpcErrors#INVALID_PARAMS}, a server failure, or an HTTP status the server answered
 * with instead of a JSON-RPC response.
 */
public final class JsonRpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient Object data;

  public JsonRpcException(int code, String message, Object data) {
    super(message + " (" + code + ")", null, false, false);
    this.code = code;
    this.data = data;
  }

  public JsonRpcException(int code, String message) {
    this(code, message, null);
  }

  public int code() {
    return code;
  }

  /** The error's {@code data} member, or null. */
  public Object data() {
    return data;
  }

  /** The JSON-RPC {@code error} object. */
  public JsonObject toJson() {
    String msg = getMessage();
    // The message carries " (code)" for logs; the wire keeps the plain text.
    String suffix = " (" + code + ")";
    if (msg.endsWith(suffix)) msg = msg.substring(0, msg.length() - suffix.length());
    JsonObject j = new JsonObject().put("code", code).put("message", msg);
    if (data != null) j.put("data", data);
    return j;
  }
}
