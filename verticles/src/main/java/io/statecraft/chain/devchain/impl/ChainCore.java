package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.codec.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devchain state machine: state, mempool, block production, block log and snapshots.
 * Not thread-safe by design: one thread owns it (DevChain confines it to its chain thread),
 * which is what makes execution order, and so the state, deterministic.
 *
 * @param <T> what a submitter attaches to its pending transaction
 */
public final class ChainCore<T> implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainCore.class);
  public static final String ZERO_HASH = "0x" + "0".repeat(64);
  static final int MAX_TX_BYTES = 9 << 20;
  private static final int RECENT_BLOCKS = 256;

  /** A transaction's fate once decided: its outcome in a block, or a refusal before any block. */
  public record Settled<T>(T ticket, TxReceipt receipt, ChainException error) {}

  /** What a block production gives back: the block and the tickets it settled. */
  public record Produced<T>(Block block, List<Settled<T>> settled) {}

  private final DevChainOptions options;
  private final BlockLog log;
  private final SnapshotStore snapshots;
  private final Mempool<T> mempool = new Mempool<>();
  private final Map<Long, Block> recent = new LinkedHashMap<>(RECENT_BLOCKS, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
      return size() > RECENT_BLOCKS;
    }
  };
  private WorldState state;
  private Block head;
  private boolean halted;

  private ChainCore(DevChainOptions options, BlockLog log, SnapshotStore snapshots) {
    this.options = options;
    this.log = log;
    this.snapshots = snapshots;
  }

  /** Opens (or creates) the chain in the options' data directory: snapshot, then log replay. */
  public static <T> ChainCore<T> open(DevChainOptions options) throws IOException {
    Path dir = options.dataDir();
    if (dir == null) throw new IllegalArgumentException("a devchain needs a data directory");
    Files.createDirectories(dir);
    checkMeta(dir.resolve("chain.json"), options);
    BlockLog log = BlockLog.open(dir.resolve("blocks.log"));
    ChainCore<T> core = new ChainCore<>(options, log, new SnapshotStore(dir.resolve("state.snapshot")));
    try {
      core.load();
    } catch (RuntimeException | IOException e) {
      log.close();
      throw e;
    }
    return core;
  }

  /** chain.json pins the chain id and dev mode: replaying a log under other rules would fork it. */
  private static void checkMeta(Path meta, DevChainOptions options) throws IOException {
    JsonObject want = new JsonObject().put("chainId", options.chainId()).put("devMode", options.devMode())
        .put("format", 1);
    if (Files.exists(meta)) {
      JsonObject have = new JsonObject(Files.readString(meta));
      if (!have.getString("chainId").equals(options.chainId()) || have.getBoolean("devMode") != options.devMode()) {
        throw new IllegalStateException("data directory holds chain " + have.encode() + ", not " + want.encode());
      }
    } else {
      Files.writeString(meta, want.encodePrettily());
    }
  }

  private void load() throws IOException {
    if (log.count() == 0) {
      state = new WorldState();
      Block genesis = seal(new Block(0, options.clock().nowMillis(), ZERO_HASH, null, state.root(), List.of()));
      log.append(CanonicalJson.bytes(genesis.toJson()));
      head = genesis;
      return;
    }
    int start = 1;
    SnapshotStore.Snapshot snap = snapshots.load();
    if (snap != null && snap.height() < log.count() && readBlock(snap.height()).hash().equals(snap.blockHash())
        && snap.state().root().equals(snap.stateRoot())) {
      state = snap.state();
      head = readBlock(snap.height());
      start = (int) snap.height() + 1;
    } else {
      if (snap != null) LOG.warn("snapshot at height {} does not match the block log; replaying from genesis", snap.height());
      state = new WorldState();
      head = readBlock(0);
      if (!head.hash().equals(head.computeHash()) || !head.stateRoot().equals(state.root())) {
        throw new IllegalStateException("the block log's genesis block is not this chain's");
      }
    }
    for (int h = start; h < log.count(); h++) replay(readBlock(h));
    LOG.info("devchain {} opened at height {} (replayed {} blocks{})", options.chainId(), head.height(),
        log.count() - start, log.truncatedBytes() > 0 ? ", cut a torn tail of " + log.truncatedBytes() + " bytes" : "");
  }

  /** Re-executes a logged block; it must give the same outcomes, state root and hash. */
  private void replay(Block logged) {
    if (logged.height() != head.height() + 1 || !logged.prevHash().equals(head.hash())) {
      throw new IllegalStateException("block log broken at height " + logged.height());
    }
    List<Block.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < logged.transactions().size(); i++) {
      SignedTx tx = logged.transactions().get(i).tx();
      if (tx.nonce() != nonceOf(tx.sender())) throw new IllegalStateException("nonce out of order at " + logged.height());
      outcomes.add(execute(tx, logged.height(), i, logged.timeMillis()));
    }
    String root = outcomes.isEmpty() ? head.stateRoot() : state.root();
    Block again = seal(new Block(logged.height(), logged.timeMillis(), head.hash(), null, root, outcomes));
    if (!again.hash().equals(logged.hash())) {
      throw new IllegalStateException("block " + logged.height() + " does not replay to its logged hash");
    }
    head = again;
  }

  private static Block seal(Block b) {
    return new Block(b.height(), b.timeMillis(), b.prevHash(), b.computeHash(), b.stateRoot(), b.transactions());
  }

  private long nonceOf(String address) {
    Account a = state.accounts.get(address);
    return a == null ? 0 : a.nonce;
  }

  // ---- submission ----

  /**
   * The envelope checks done at submission: anything refused here never enters a block and
   * uses no nonce. Contract rules are not checked here: state may change before the block.
   */
  public void admit(SignedTx submitted, T ticket) {
    // Our own copy of the args: the submitter may reuse its JsonObject after submitting.
    SignedTx tx = submitted.args() == null ? submitted : new SignedTx(submitted.chainId(), submitted.sender(),
        submitted.nonce(), submitted.kind(), submitted.args().copy(), submitted.signature());
    if (halted) throw new ChainException(CHAIN_HALTED, "the chain stopped after a storage failure; restart it");
    if (tx.sender() == null || !tx.sender().matches("0x[0-9a-f]{64}")) {
      throw new ChainException(MALFORMED_TRANSACTION, "sender must be 0x + 64 lower-case hex digits");
    }
    if (tx.kind() == null || tx.chainId() == null) throw new ChainException(MALFORMED_TRANSACTION, "kind and chainId are required");
    try {
      if (CanonicalJson.bytes(tx.toJson()).length > MAX_TX_BYTES) {
        throw new ChainException(MALFORMED_TRANSACTION, "transaction is over " + MAX_TX_BYTES + " bytes");
      }
    } catch (CanonicalJson.NotCanonicalException e) {
      throw new ChainException(MALFORMED_TRANSACTION, "transaction is not canonical JSON: " + e.getMessage());
    }
    if (!options.chainId().equals(tx.chainId())) {
      throw new ChainException(WRONG_CHAIN, "this is chain " + options.chainId() + ", not " + tx.chainId(),
          new JsonObject().put("chainId", options.chainId()));
    }
    if (!tx.verifySignature()) throw new ChainException(BAD_SIGNATURE, "the signature is not the sender's");
    if (!Contract.knows(tx.kind())) {
      throw new ChainException(UNKNOWN_TRANSACTION_KIND, "unknown kind " + tx.kind(),
          new JsonObject().put("kinds", new io.vertx.core.json.JsonArray(new ArrayList<>(Contract.kinds()))));
    }
    long next = nonceOf(tx.sender());
    if (tx.nonce() < next) {
      throw new ChainException(BAD_NONCE, "nonce " + tx.nonce() + " is used; next is " + next,
          new JsonObject().put("expected", next));
    }
    if (mempool.contains(tx.sender(), tx.nonce())) {
      throw new ChainException(BAD_NONCE, "a transaction with nonce " + tx.nonce() + " is already pending",
          new JsonObject().put("expected", next));
    }
    if (tx.nonce() >= next + options.maxFutureNonces()) {
      throw new ChainException(BAD_NONCE, "nonce " + tx.nonce() + " is too far ahead of " + next,
          new JsonObject().put("expected", next));
    }
    if (mempool.size() >= options.maxMempool() || mempool.sizeOf(tx.sender()) >= options.maxPendingPerSender()) {
      throw new ChainException(MEMPOOL_FULL, "too many transactions waiting; retry after the next block");
    }
    // A dry run on a throw-away scope catches malformed args: handlers read every arg before
    // they look at the state, so a malformed call fails here whatever the state is.
    try {
      Contract.execute(new TxScope(state, tx, head.height() + 1, head.timeMillis(), options.devMode()));
    } catch (ChainException e) {
      if (e.code() == MALFORMED_TRANSACTION) throw e;
    } catch (RuntimeException e) {
      throw new ChainException(MALFORMED_TRANSACTION, "malformed arguments: " + e);
    }
    mempool.add(tx, head.timeMillis(), ticket);
  }

  // ---- blocks ----

  /** Makes the next block at chain time {@code timeMillis} (never before the head's). */
  public Produced<T> produceBlock(long timeMillis) {
    if (halted) throw new ChainException(CHAIN_HALTED, "the chain stopped after a storage failure; restart it");
    long time = Math.max(timeMillis, head.timeMillis());
    long height = head.height() + 1;
    List<Settled<T>> settled = new ArrayList<>();
    List<Mempool.Pending<T>> taken = mempool.take(this::nonceOf, options.maxTxPerBlock());
    List<Block.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) outcomes.add(execute(taken.get(i).tx(), height, i, time));
    // What is still waiting after the block waits for a nonce gap (or for room in a block:
    // those arrived recently). A gap that stays open past the timeout is given up on.
    for (Mempool.Pending<T> p : mempool.expire(time - options.pendingTimeoutMillis())) {
      settled.add(new Settled<>(p.ticket(), null, new ChainException(BAD_NONCE, "nonce " + p.tx().nonce()
          + " waited " + options.pendingTimeoutMillis() + " ms for the nonces before it",
          new JsonObject().put("expected", nonceOf(p.tx().sender())))));
    }
    String root = outcomes.isEmpty() ? head.stateRoot() : state.root();
    Block block = seal(new Block(height, time, head.hash(), null, root, outcomes));
    try {
      log.append(CanonicalJson.bytes(block.toJson()));
    } catch (IOException | RuntimeException e) {
      // The state already holds the block but the disk may not: stop, and let a restart
      // rebuild the state from what the log really holds.
      halted = true;
      LOG.error("block log append failed at height {}; the chain halts", height, e);
      throw new ChainException(CHAIN_HALTED, "storage failure: " + e);
    }
    head = block;
    recent.put(height, block);
    for (int i = 0; i < taken.size(); i++) {
      Block.Outcome o = outcomes.get(i);
      settled.add(new Settled<>(taken.get(i).ticket(), o.receipt(), o.error() == null ? null : ChainException.fromJson(o.error())));
    }
    if (options.snapshotEveryBlocks() > 0 && height % options.snapshotEveryBlocks() == 0) snapshot();
    return new Produced<>(block, settled);
  }

  /** Runs one transaction: its effects and its nonce, or only its nonce if the contract refuses it. */
  private Block.Outcome execute(SignedTx tx, long height, int txIndex, long time) {
    TxScope scope = new TxScope(state, tx, height, time, options.devMode());
    JsonObject error;
    try {
      JsonObject result = Contract.execute(scope);
      scope.account(scope.sender()).nonce++;
      scope.commit();
      List<ChainEvent> events = new ArrayList<>();
      for (TxScope.PendingEvent e : scope.events()) {
        events.add(new ChainEvent(height, txIndex, events.size(), e.type(), e.channelId(), e.data()));
      }
      return new Block.Outcome(tx, new TxReceipt(tx.hash(), height, txIndex, result, events), null);
    } catch (ChainException e) {
      error = e.toJson();
    } catch (RuntimeException e) {
      // A bug in a handler: refuse the call deterministically rather than stop the chain.
      LOG.error("contract error on {} at height {}", tx.kind(), height, e);
      error = new ChainException(MALFORMED_TRANSACTION, "internal contract error: " + e.getClass().getSimpleName()).toJson();
    }
    TxScope nonceOnly = new TxScope(state, tx, height, time, options.devMode());
    nonceOnly.account(nonceOnly.sender()).nonce++;
    nonceOnly.commit();
    return new Block.Outcome(tx, null, error);
  }

  public void snapshot() {
    try {
      snapshots.write(head.height(), head.hash(), head.stateRoot(), state);
    } catch (IOException | RuntimeException e) {
      // A missing snapshot costs only restart time: the log is the truth.
      LOG.warn("snapshot at height {} failed: {}", head.height(), e.toString());
    }
  }

  // ---- reads ----

  public ChainStatus status() {
    return new ChainStatus(options.chainId(), head.height(), head.timeMillis());
  }

  public Block head() {
    return head;
  }

  public Block block(long height) {
    if (height < 0 || height > head.height()) throw new ChainException(BLOCK_NOT_FOUND, "no block " + height);
    Block b = recent.get(height);
    if (b == null) {
      b = readBlock(height);
      recent.put(height, b);
    }
    return b;
  }

  private Block readBlock(long height) {
    try {
      return Block.fromJson(new JsonObject(new String(log.read((int) height), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public AccountView account(String address) {
    return Views.account(state, address.toLowerCase());
  }

  public ChannelView channel(String channelId) {
    Channel c = state.channels.get(channelId.toLowerCase());
    if (c == null) throw new ChainException(CHANNEL_NOT_FOUND, "no channel " + channelId);
    return Views.channel(c, head.timeMillis());
  }

  /** The state root after the head block (for tests and diagnostics). */
  public String stateRoot() {
    return head.stateRoot();
  }

  public long truncatedBytesAtOpen() {
    return log.truncatedBytes();
  }

  /** Removes every waiting transaction (the chain is closing). */
  public List<T> drainMempool() {
    List<T> out = new ArrayList<>();
    mempool.drain().forEach(p -> out.add(p.ticket()));
    return out;
  }

  @Override
  public void close() throws IOException {
    if (!halted) snapshot();
    log.close();
  }
}
