package io.statecraft.chain.devchain;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** How a devchain runs: where it keeps its data, its chain id, its block beat and limits. */
public final class DevChainOptions {
  public static final String DEFAULT_CHAIN_ID = "statecraft-dev";

  private Path dataDir;
  private String chainId = DEFAULT_CHAIN_ID;
  private boolean devMode = true;
  private long blockIntervalMillis = 1000;
  private int maxTxPerBlock = 1000;
  private int snapshotEveryBlocks = 1000;
  private int maxFutureNonces = 16;
  private int maxPendingPerSender = 64;
  private int maxMempool = 10_000;
  private long pendingTimeoutMillis = 60_000;
  private ChainClock clock = new SystemClock();

  public Path dataDir() {
    return dataDir;
  }

  /** The directory for the block log, the snapshot and chain.json; created if absent. */
  public DevChainOptions dataDir(Path dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  public String chainId() {
    return chainId;
  }

  public DevChainOptions chainId(String chainId) {
    this.chainId = chainId;
    return this;
  }

  public boolean devMode() {
    return devMode;
  }

  /** Dev mode enables the {@code faucet} kind. Fixed when the data directory is created. */
  public DevChainOptions devMode(boolean devMode) {
    this.devMode = devMode;
    return this;
  }

  public long blockIntervalMillis() {
    return blockIntervalMillis;
  }

  /** The block beat (default 1000 ms); 0 makes blocks only on {@link DevChain#produceBlock()}. */
  public DevChainOptions blockIntervalMillis(long blockIntervalMillis) {
    this.blockIntervalMillis = blockIntervalMillis;
    return this;
  }

  public int maxTxPerBlock() {
    return maxTxPerBlock;
  }

  public DevChainOptions maxTxPerBlock(int maxTxPerBlock) {
    this.maxTxPerBlock = maxTxPerBlock;
    return this;
  }

  public int snapshotEveryBlocks() {
    return snapshotEveryBlocks;
  }

  /** A state snapshot is written after every this many blocks (and on close); 0 for only on close. */
  public DevChainOptions snapshotEveryBlocks(int snapshotEveryBlocks) {
    this.snapshotEveryBlocks = snapshotEveryBlocks;
    return this;
  }

  public int maxFutureNonces() {
    return maxFutureNonces;
  }

  /** How far past its account's next nonce a sender's transaction may wait in the mempool. */
  public DevChainOptions maxFutureNonces(int maxFutureNonces) {
    this.maxFutureNonces = maxFutureNonces;
    return this;
  }

  public int maxPendingPerSender() {
    return maxPendingPerSender;
  }

  public DevChainOptions maxPendingPerSender(int maxPendingPerSender) {
    this.maxPendingPerSender = maxPendingPerSender;
    return this;
  }

  public int maxMempool() {
    return maxMempool;
  }

  public DevChainOptions maxMempool(int maxMempool) {
    this.maxMempool = maxMempool;
    return this;
  }

  public long pendingTimeoutMillis() {
    return pendingTimeoutMillis;
  }

  /** A transaction held back by a nonce gap longer than this (chain time) is refused with BAD_NONCE. */
  public DevChainOptions pendingTimeoutMillis(long pendingTimeoutMillis) {
    this.pendingTimeoutMillis = pendingTimeoutMillis;
    return this;
  }

  public ChainClock clock() {
    return clock;
  }

  public DevChainOptions clock(ChainClock clock) {
    this.clock = clock;
    return this;
  }

  /** Reads options from configuration JSON (the clock stays the system clock). */
  public static DevChainOptions fromJson(JsonObject j) {
    DevChainOptions o = new DevChainOptions();
    if (j.containsKey("dataDir")) o.dataDir(Path.of(j.getString("dataDir")));
    o.chainId(j.getString("chainId", o.chainId));
    o.devMode(j.getBoolean("devMode", o.devMode));
    o.blockIntervalMillis(j.getLong("blockIntervalMillis", o.blockIntervalMillis));
    o.maxTxPerBlock(j.getInteger("maxTxPerBlock", o.maxTxPerBlock));
    o.snapshotEveryBlocks(j.getInteger("snapshotEveryBlocks", o.snapshotEveryBlocks));
    o.maxFutureNonces(j.getInteger("maxFutureNonces", o.maxFutureNonces));
    o.maxPendingPerSender(j.getInteger("maxPendingPerSender", o.maxPendingPerSender));
    o.maxMempool(j.getInteger("maxMempool", o.maxMempool));
    o.pendingTimeoutMillis(j.getLong("pendingTimeoutMillis", o.pendingTimeoutMillis));
    return o;
  }
}
