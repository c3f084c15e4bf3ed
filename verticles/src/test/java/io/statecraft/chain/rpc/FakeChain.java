package io.statecraft.chain.rpc;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-memory {@link SettlementChain} for the RPC tests: blocks are produced by hand
 * ({@link #produceBlock()}), kinds {@code faucet}, {@code transfer} and the test-only
 * {@code spam} {count, size} (emits many events). Thread-safe by one lock; subscribers get
 * events on their own context, in order.
 */
final class FakeChain implements SettlementChain {
  static final String CHAIN_ID = "fake-1";

  private final Vertx vertx;
  private final Map<String, BigInteger> balances = new HashMap<>();
  private final Map<String, Long> nonces = new HashMap<>();
  private final Map<String, Long> pendingNonces = new HashMap<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<Pending> mempool = new ArrayList<>();
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private final Map<String, ChannelView> channels = new HashMap<>();
  private long time = 1_000_000;

  private record Pending(SignedTx tx, Promise<TxReceipt> promise) {}

  FakeChain(Vertx vertx) {
    this.vertx = vertx;
    blocks.add(new Block(0, time, "0x00", "0x" + "00".repeat(32), List.of()));
  }

  /** Produces a block every {@code ms} while there is something pending; returns the timer id. */
  long autoProduce(long ms) {
    return vertx.setPeriodic(ms, id -> {
      synchronized (this) {
        if (!mempool.isEmpty()) produceBlock();
      }
    });
  }

  synchronized int pending() {
    return mempool.size();
  }

  synchronized void putChannel(ChannelView channel) {
    channels.put(channel.id(), channel);
  }

  /** A minimal open channel, enough for round trips. */
  static ChannelView sampleChannel(String id, int memberLimit) {
    JsonObject params = new JsonObject().put("heartbeatWindowMillis", 15_000).put("reentryBarMillis", 300_000)
        .put("fine", "10").put("censorshipTimeoutMillis", 10_000).put("tickDriftToleranceMillis", 500)
        .put("settlePeriodBlocks", 60).put("proposalTtlMillis", 60_000).put("settleQuorumNumerator", 2)
        .put("settleQuorumDenominator", 3).put("punishVotes", 2).put("candidateCount", 5);
    return ChannelView.fromJson(new JsonObject().put("id", id).put("publisher", "0xpub").put("codeHash", "0xabc")
        .put("modules", new io.vertx.core.json.JsonArray().add("00")).put("initFunction", "game::init")
        .put("memberLimit", memberLimit).put("stake", "100").put("params", params).put("status", ChannelView.OPEN));
  }

  @Override
  public synchronized Future<ChainStatus> status() {
    return Future.succeededFuture(new ChainStatus(CHAIN_ID, head(), time));
  }

  private long head() {
    return blocks.size() - 1;
  }

  @Override
  public synchronized Future<TxReceipt> submit(SignedTx tx) {
    if (!CHAIN_ID.equals(tx.chainId())) return Future.failedFuture(new ChainException(ChainErrorCode.WRONG_CHAIN, tx.chainId()));
    if (!tx.verifySignature()) return Future.failedFuture(new ChainException(ChainErrorCode.BAD_SIGNATURE, "bad signature"));
    long expected = pendingNonces.getOrDefault(tx.sender(), nonces.getOrDefault(tx.sender(), 0L));
    if (tx.nonce() != expected) {
      return Future.failedFuture(new ChainException(ChainErrorCode.BAD_NONCE, "expected nonce " + expected,
          new JsonObject().put("expected", expected)));
    }
    if (!List.of("faucet", "transfer", "spam").contains(tx.kind())) {
      return Future.failedFuture(new ChainException(ChainErrorCode.UNKNOWN_TRANSACTION_KIND, tx.kind()));
    }
    pendingNonces.put(tx.sender(), expected + 1);
    Promise<TxReceipt> p = Promise.promise();
    mempool.add(new Pending(tx, p));
    return p.future();
  }

  /** Commits the mempool as one block and delivers its events. */
  synchronized Block produceBlock() {
    time += 1000;
    long height = head() + 1;
    List<Block.Outcome> outcomes = new ArrayList<>();
    List<Runnable> completions = new ArrayList<>();
    for (Pending p : mempool) {
      SignedTx tx = p.tx();
      int index = outcomes.size();
      nonces.put(tx.sender(), tx.nonce() + 1);
      List<ChainEvent> events = new ArrayList<>();
      ChainException refused = null;
      JsonObject args = tx.args();
      switch (tx.kind()) {
        case "faucet" -> {
          BigInteger amount = new BigInteger(args.getString("amount"));
          balances.merge(tx.sender(), amount, BigInteger::add);
          events.add(new ChainEvent(height, index, 0, "coin.minted", null,
              new JsonObject().put("to", tx.sender()).put("amount", amount.toString())));
        }
        case "transfer" -> {
          BigInteger amount = new BigInteger(args.getString("amount"));
          BigInteger have = balances.getOrDefault(tx.sender(), BigInteger.ZERO);
          if (have.compareTo(amount) < 0) {
            refused = new ChainException(ChainErrorCode.INSUFFICIENT_BALANCE, "balance " + have);
          } else {
            balances.put(tx.sender(), have.subtract(amount));
            balances.merge(args.getString("to"), amount, BigInteger::add);
            events.add(new ChainEvent(height, index, 0, "coin.transferred", null,
                new JsonObject().put("from", tx.sender()).put("to", args.getString("to")).put("amount", amount.toString())));
          }
        }
        default -> { // spam
          String filler = "x".repeat(args.getInteger("size", 10));
          for (int i = 0; i < args.getInteger("count", 1); i++) {
            events.add(new ChainEvent(height, index, i, "test.spam", null, new JsonObject().put("i", i).put("filler", filler)));
          }
        }
      }
      if (refused != null) {
        ChainException e = refused;
        outcomes.add(new Block.Outcome(tx, null, e.toJson()));
        completions.add(() -> p.promise().fail(e));
      } else {
        TxReceipt r = new TxReceipt(tx.hash(), height, index, new JsonObject(), events);
        outcomes.add(new Block.Outcome(tx, r, null));
        completions.add(() -> p.promise().complete(r));
      }
    }
    mempool.clear();
    pendingNonces.clear();
    String prev = blocks.get(blocks.size() - 1).hash();
    String hash = "0x" + Hex.encode(Hashes.sha256((prev + height + outcomes.size()).getBytes(StandardCharsets.UTF_8)));
    Block b = new Block(height, time, prev, hash, outcomes);
    blocks.add(b);
    for (Sub s : subs) s.push(b);
    completions.forEach(Runnable::run);
    return b;
  }

  synchronized void advanceTime(long millis) {
    time += millis;
  }

  @Override
  public synchronized Future<AccountView> account(String address) {
    return Future.succeededFuture(new AccountView(address, nonces.getOrDefault(address, 0L),
        balances.getOrDefault(address, BigInteger.ZERO), Map.of(), List.of(), BigInteger.ZERO, List.of()));
  }

  @Override
  public synchronized Future<ChannelView> channel(String channelId) {
    ChannelView c = channels.get(channelId);
    if (c == null) return Future.failedFuture(new ChainException(ChainErrorCode.CHANNEL_NOT_FOUND, channelId));
    return Future.succeededFuture(c);
  }

  @Override
  public synchronized Future<Block> block(long height) {
    if (height < 0 || height > head()) {
      return Future.failedFuture(new ChainException(ChainErrorCode.BLOCK_NOT_FOUND, "no block " + height));
    }
    return Future.succeededFuture(blocks.get((int) height));
  }

  @Override
  public synchronized ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
    Sub s = new Sub(vertx.getOrCreateContext(), fromHeight, handler);
    for (long h = Math.max(0, fromHeight); h <= head(); h++) s.push(blocks.get((int) h));
    subs.add(s);
    return s;
  }

  int subscriberCount() {
    return subs.size();
  }

  private final class Sub implements ChainSubscription {
    private final Context ctx;
    private final Handler<ChainEvent> handler;
    private volatile long delivered;
    private volatile boolean cancelled;

    Sub(Context ctx, long from, Handler<ChainEvent> handler) {
      this.ctx = ctx;
      this.handler = handler;
      this.delivered = from - 1;
    }

    void push(Block b) {
      if (b.height() <= delivered) return;
      List<ChainEvent> events = new ArrayList<>();
      for (Block.Outcome o : b.transactions()) if (o.receipt() != null) events.addAll(o.receipt().events());
      ctx.runOnContext(v -> {
        if (cancelled) return;
        events.forEach(handler::handle);
        delivered = b.height();
      });
    }

    @Override
    public long deliveredHeight() {
      return delivered;
    }

    @Override
    public Future<Void> cancel() {
      cancelled = true;
      subs.remove(this);
      return Future.succeededFuture();
    }
  }
}
