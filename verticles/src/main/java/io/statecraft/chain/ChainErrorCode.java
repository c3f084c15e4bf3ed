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
  // Channel contract rules (2200-2299)
  NOT_A_MEMBER(2200),
  STALE_HEARTBEAT(2201),
  LEADER_STILL_VALID(2202),
  BARRED_UNTIL(2203),
  INSUFFICIENT_STAKE(2204),
  DUPLICATE_VOTE(2205),
  PROPOSAL_EXPIRED(2206),
  CHANNEL_FULL(2207),
  CODE_HASH_MISMATCH(2208),
  NOT_PUBLISHER(2209),
  CHANNEL_CLOSED(2210),
  ALREADY_MEMBER(2211),
  NOT_A_CANDIDATE(2212),
  DELEGATION_LIMIT(2213),
  CANDIDATES_FULL(2214),
  ALREADY_CANDIDATE(2215),
  CANDIDATE_CANNOT_DELEGATE(2216),
  NO_LEADER(2217),
  CANNOT_PUNISH_SELF(2218),
  PROPOSAL_NOT_OPEN(2219),
  SETTLE_RANGE_INVALID(2220),
  CHANGESET_INVALID(2221),
  CHANGESET_UNBALANCED(2222),
  CHANGESET_EXCEEDS_DEPOSIT(2223),
  ASSET_NOT_ACCEPTED(2224),
  CENSORSHIP_TIMEOUT_NOT_REACHED(2225),
  INVALID_CHANNEL_PARAMS(2226),
  // Accounts and game assets (2300-2399)
  FAUCET_DISABLED(2300),
  ASSET_NOT_FOUND(2301),
  ASSET_EXISTS(2302),
  NOT_ASSET_CREATOR(2303),
  SUPPLY_EXCEEDED(2304),
  NFT_NOT_FOUND(2305),
  NOT_NFT_OWNER(2306),
  NFT_LOCKED(2307),
  INSUFFICIENT_POOL_STAKE(2308),
  POOL_STAKE_IN_USE(2309),
  AMOUNT_OVERFLOW(2310),
  // The node behind the chain (2400-2499)
  CHAIN_HALTED(2400),
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
