package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.rpc.JsonRpcException;
import io.vertx.core.json.JsonObject;

/** Turns a JSON-RPC error object received from the server back into the exception thrown there. */
public final class RemoteErrors {
  private RemoteErrors() {}

  public static RuntimeException toException(JsonObject error) {
    Integer code = error.getValue("code") instanceof Number n ? n.intValue() : null;
    String message = error.getString("message", "");
    Object data = error.getValue("data");
    if (code == null) return new JsonRpcException(io.statecraft.chain.rpc.JsonRpcErrors.INTERNAL_ERROR, "malformed error: " + error.encode());
    if (code >= 0) {
      ChainErrorCode chainCode;
      try {
        chainCode = ChainErrorCode.ofCode(code);
      } catch (IllegalArgumentException e) {
        // A server newer than this client: keep the number, lose the name.
        return new JsonRpcException(code, message, data);
      }
      // The server sends the plain reason; an older one sent "NAME (code): reason".
      String prefix = chainCode.name() + " (" + code + "): ";
      String plain = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
      JsonObject details = data instanceof JsonObject d ? d.getJsonObject("details") : null;
      return new ChainException(chainCode, plain, details);
    }
    return new JsonRpcException(code, message, data);
  }
}
