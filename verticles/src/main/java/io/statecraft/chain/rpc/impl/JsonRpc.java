package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.ChainException;
import io.statecraft.chain.rpc.JsonRpcErrors;
import io.statecraft.chain.rpc.JsonRpcException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON-RPC 2.0 envelopes: parsing, responses, and the mapping of failures to error objects. */
public final class JsonRpc {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpc.class);

  public static final String VERSION = "2.0";

  private JsonRpc() {}

  /**
   * Parses a body into a JSON value (object, array, or a scalar that is then an invalid
   * request). Fails with {@link JsonRpcErrors#PARSE_ERROR}.
   */
  public static Object parse(Buffer body) {
    try {
      Object v = Json.decodeValue(body);
      if (v == null) throw new JsonRpcException(JsonRpcErrors.INVALID_REQUEST, "invalid request");
      return v;
    } catch (DecodeException e) {
      throw new JsonRpcException(JsonRpcErrors.PARSE_ERROR, "parse error");
    }
  }

  public static JsonObject request(Object id, String method, Object params) {
    JsonObject j = new JsonObject().put("jsonrpc", VERSION).put("method", method);
    if (params != null) j.put("params", params);
    if (id != null) j.put("id", id);
    return j;
  }

  public static JsonObject notification(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", VERSION).put("method", method).put("params", params);
  }

  public static JsonObject result(Object id, Object result) {
    return new JsonObject().put("jsonrpc", VERSION).put("result", result).put("id", id);
  }

  public static JsonObject error(Object id, JsonObject error) {
    return new JsonObject().put("jsonrpc", VERSION).put("error", error).put("id", id);
  }

  public static JsonObject error(Object id, int code, String message) {
    return error(id, new JsonObject().put("code", code).put("message", message));
  }

  /**
   * The JSON-RPC error object of a failure. A chain refusal keeps its {@code ChainErrorCode}
   * number so clients map it back; anything unexpected becomes {@code INTERNAL_ERROR} with no
   * detail on the wire (it is logged here instead), because stack traces and internal messages
   * are not for remote parties.
   */
  public static JsonObject errorOf(Throwable t) {
    if (t instanceof ChainException ce) {
      JsonObject data = new JsonObject().put("name", ce.code().name());
      if (ce.data() != null) data.put("details", ce.data());
      return new JsonObject().put("code", ce.code().code()).put("message", ce.reason()).put("data", data);
    }
    if (t instanceof JsonRpcException je) {
      return je.toJson();
    }
    LOG.warn("JSON-RPC call failed unexpectedly", t);
    return new JsonObject().put("code", JsonRpcErrors.INTERNAL_ERROR).put("message", "internal error");
  }

  /** A request id is valid if absent (notification), null, a string or a number. */
  public static boolean validId(Object id) {
    return id == null || id instanceof String || id instanceof Number;
  }
}
