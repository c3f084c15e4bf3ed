package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.rpc.JsonRpcErrors;
import io.statecraft.chain.rpc.JsonRpcException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/**
 * A call's parameters by name. Positional parameters are turned into named ones using the
 * method's declared order, so every method reads one shape; every accessor fails with
 * {@link JsonRpcErrors#INVALID_PARAMS} rather than a ClassCastException.
 */
public final class RpcParams {
  private final JsonObject named;

  private RpcParams(JsonObject named) {
    this.named = named;
  }

  /**
   * @param raw the request's {@code params} member: absent, an object or an array
   * @param names the method's parameters in positional order
   */
  public static RpcParams of(Object raw, List<String> names) {
    if (raw == null) return new RpcParams(new JsonObject());
    if (raw instanceof JsonObject o) return new RpcParams(o);
    if (raw instanceof JsonArray a) {
      if (a.size() > names.size()) throw invalid("expected at most " + names.size() + " positional parameters");
      JsonObject o = new JsonObject();
      for (int i = 0; i < a.size(); i++) o.put(names.get(i), a.getValue(i));
      return new RpcParams(o);
    }
    throw invalid("params must be an object or an array");
  }

  public JsonObject json() {
    return named;
  }

  public boolean has(String name) {
    return named.getValue(name) != null;
  }

  public String requireString(String name) {
    Object v = named.getValue(name);
    if (!(v instanceof String s) || s.isEmpty()) throw invalid(name + " must be a non-empty string");
    return s;
  }

  public JsonObject requireObject(String name) {
    Object v = named.getValue(name);
    if (!(v instanceof JsonObject o)) throw invalid(name + " must be an object");
    return o;
  }

  public long requireLong(String name, long min, long max) {
    Object v = named.getValue(name);
    if (v == null) throw invalid(name + " is required");
    return toLong(name, v, min, max);
  }

  public long optLong(String name, long dflt, long min, long max) {
    Object v = named.getValue(name);
    return v == null ? dflt : toLong(name, v, min, max);
  }

  private static long toLong(String name, Object v, long min, long max) {
    long l;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      l = ((Number) v).longValue();
    } else if (v instanceof Number n) {
      // 5.0 is accepted as 5; 5.5, NaN and values beyond long are not.
      try {
        l = new BigDecimal(n.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(name + " must be an integer");
      }
    } else {
      throw invalid(name + " must be an integer");
    }
    if (l < min || l > max) throw invalid(name + " must be between " + min + " and " + max);
    return l;
  }

  public static JsonRpcException invalid(String message) {
    return new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "invalid params: " + message);
  }
}
