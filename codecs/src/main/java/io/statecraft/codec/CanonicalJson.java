package io.statecraft.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical bytes of a JSON value, which is what every signed JSON message signs: the
 * JSON Canonicalization Scheme of RFC 8785 restricted to the values our protocol uses.
 *
 * <p>Object members are sorted by their names' UTF-16 code units, no white space is written,
 * strings are escaped minimally as RFC 8785 prescribes, and numbers must be integers within
 * ±(2^53−1) — the range every JSON implementation (JavaScript's included) reads exactly.
 * Larger integers (u64 amounts, u128, u256) travel as decimal strings, and fractions are
 * refused outright: no float is ever signed, hashed or executed.
 */
public final class CanonicalJson {
  /** The largest integer that IEEE-754 doubles, and so JavaScript, represent exactly. */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  private CanonicalJson() {}

  /** Thrown for a value that has no canonical form (a fraction, an unsafe integer, …). */
  public static final class NotCanonicalException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NotCanonicalException(String message) {
      super(message);
    }
  }

  public static byte[] bytes(Object value) {
    return string(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String string(Object value) {
    StringBuilder sb = new StringBuilder(128);
    write(sb, value, 0);
    return sb.toString();
  }

  private static final int MAX_DEPTH = 64;

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder sb, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new NotCanonicalException("nesting deeper than " + MAX_DEPTH);
    }
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      writeString(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      writeInteger(sb, ((Number) v).longValue());
    } else if (v instanceof BigInteger bi) {
      if (bi.bitLength() > 53) {
        throw new NotCanonicalException("integer outside ±(2^53-1); send it as a decimal string");
      }
      writeInteger(sb, bi.longValue());
    } else if (v instanceof BigDecimal bd) {
      try {
        writeInteger(sb, bd.longValueExact());
      } catch (ArithmeticException e) {
        throw new NotCanonicalException("fractions are not allowed in signed JSON");
      }
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // Some parsers read every number as a double; accept those that are exact integers.
      if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > MAX_SAFE_INTEGER) {
        throw new NotCanonicalException("fractions are not allowed in signed JSON");
      }
      writeInteger(sb, (long) d);
    } else if (v instanceof JsonObject o) {
      writeObject(sb, o.getMap(), depth);
    } else if (v instanceof Map<?, ?> m) {
      writeObject(sb, (Map<String, Object>) m, depth);
    } else if (v instanceof JsonArray a) {
      writeArray(sb, a.getList(), depth);
    } else if (v instanceof List<?> l) {
      writeArray(sb, l, depth);
    } else {
      throw new NotCanonicalException("not a JSON value: " + v.getClass().getSimpleName());
    }
  }

  private static void writeInteger(StringBuilder sb, long n) {
    if (n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER) {
      throw new NotCanonicalException("integer outside ±(2^53-1); send it as a decimal string");
    }
    sb.append(n);
  }

  private static void writeObject(StringBuilder sb, Map<String, Object> map, int depth) {
    List<String> keys = new ArrayList<>(map.keySet());
    // String.compareTo orders by UTF-16 code units, exactly what RFC 8785 §3.2.3 requires.
    keys.sort(String::compareTo);
    sb.append('{');
    boolean first = true;
    for (String k : keys) {
      if (!first) sb.append(',');
      first = false;
      writeString(sb, k);
      sb.append(':');
      write(sb, map.get(k), depth + 1);
    }
    sb.append('}');
  }

  private static void writeArray(StringBuilder sb, List<?> list, int depth) {
    sb.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) sb.append(',');
      write(sb, list.get(i), depth + 1);
    }
    sb.append(']');
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
