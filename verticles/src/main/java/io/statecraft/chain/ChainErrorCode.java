package io.statecraft.chain;

/**
 * Every reason the settlement chain refuses a call, with a stable number that travels in
 * JSON-RPC errors. Numbers are never reused; the README's table lists them all.
 */
public enum ChainErrorCode {
  // Transaction envelope (2000-2099)
  MALFORMED_TRANSACTION(2000),
  BAD_SIGNATURE(2001),
  BAD_NONCE(2002),
  WRONG_CHAIN(2003),
  INSUFFICIENT_BALANCE(2004),
  UNKNOWN_TRANSACTION_KIND(2005),
  MEMPOOL_FULL(2006),
  // Reads (2100-2199)
  ACCOUNT_NOT_FOUND(2100),
  CHANNEL_NOT_FOUND(2101),
  BLOCK_NOT_FOUND(2102),
  PROPOSAL_NOT_FOUND(2103),
  // Channel contract rules (2200-2399) are added with the contract.
  ;

  private final int code;

  ChainErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ChainErrorCode ofCode(int code) {
    for (ChainErrorCode c : values()) {
      if (c.code == code) return c;
    }
    throw new IllegalArgumentException("unknown chain error code " + code);
  }
}
