package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import java.math.BigInteger;

/**
 * u64 amounts. They travel as decimal strings because canonical JSON refuses integers over
 * 2^53; inside the chain they are BigIntegers checked against [0, 2^64-1] on every step, so
 * an overflow is a refused call, never a silent wrap.
 */
public final class Amounts {
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private Amounts() {}

  /** Reads a u64 from a decimal string (or a small JSON integer). */
  public static BigInteger parse(String field, Object v) {
    BigInteger n = parseSigned(field, v);
    if (n.signum() < 0) throw Args.malformed(field + " must not be negative");
    return n;
  }

  /** Reads a signed amount (a delta) whose magnitude fits a u64. */
  public static BigInteger parseSigned(String field, Object v) {
    BigInteger n;
    if (v instanceof String s) {
      if (!s.matches("-?[0-9]{1,20}")) throw Args.malformed(field + " must be a decimal integer string");
      n = new BigInteger(s);
    } else if (v instanceof Integer || v instanceof Long) {
      n = BigInteger.valueOf(((Number) v).longValue());
    } else {
      throw Args.malformed(field + " must be an amount (a decimal string)");
    }
    if (n.abs().compareTo(MAX) > 0) throw Args.malformed(field + " exceeds u64");
    return n;
  }

  public static BigInteger add(BigInteger a, BigInteger b) {
    BigInteger r = a.add(b);
    if (r.compareTo(MAX) > 0) {
      throw new ChainException(ChainErrorCode.AMOUNT_OVERFLOW, "amount would exceed 2^64-1");
    }
    return r;
  }

  /** a - b, refused with INSUFFICIENT_BALANCE (naming what) if it would go negative. */
  public static BigInteger sub(BigInteger a, BigInteger b, String what) {
    if (a.compareTo(b) < 0) {
      throw new ChainException(ChainErrorCode.INSUFFICIENT_BALANCE, what + ": has " + a + ", needs " + b,
          new io.vertx.core.json.JsonObject().put("has", a.toString()).put("needs", b.toString()));
    }
    return a.subtract(b);
  }

  public static String str(BigInteger n) {
    return n.toString();
  }
}
