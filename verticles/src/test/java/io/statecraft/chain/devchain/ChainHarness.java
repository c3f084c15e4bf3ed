package io.statecraft.chain.devchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.CodeHash;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Drives a devchain from a test thread: a manual clock, deterministic keys, a nonce per
 * key, and "submit then make the block" helpers. Nothing sleeps: time moves by hand.
 */
final class ChainHarness implements AutoCloseable {
  static final long T0 = 1_700_000_000_000L;
  static final String MODULE = "a11ceb0b0600000001";

  final Vertx vertx;
  final Path dir;
  final ManualClock clock;
  final DevChainOptions options;
  DevChain chain;
  private final Map<String, Long> nonces = new HashMap<>();

  ChainHarness(Vertx vertx, Path dir) {
    this(vertx, dir, new DevChainOptions().blockIntervalMillis(0));
  }

  ChainHarness(Vertx vertx, Path dir, DevChainOptions options) {
    this.vertx = vertx;
    this.dir = dir;
    this.clock = new ManualClock(T0);
    this.options = options.dataDir(dir).clock(clock);
    this.chain = await(DevChain.open(vertx, this.options));
  }

  /** Closes the chain and opens the same data directory again. */
  void reopen() {
    await(chain.close());
    chain = await(DevChain.open(vertx, options));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static Ed25519.KeyPair key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[31] = 7;
    return Ed25519.fromSeed(seed);
  }

  static String addr(Ed25519.KeyPair k) {
    return SignedTx.addressOf(k.publicKey());
  }

  SignedTx sign(Ed25519.KeyPair k, String kind, JsonObject args) {
    // A harness over a reopened or copied directory learns each key's nonce from the chain.
    nonces.computeIfAbsent(addr(k), a -> await(chain.account(a)).nonce());
    long nonce = nonces.merge(addr(k), 1L, Long::sum) - 1;
    return SignedTx.sign(k, options.chainId(), nonce, kind, args);
  }

  /** Submits, makes a block, and returns the receipt (failing the test on refusal). */
  TxReceipt ok(Ed25519.KeyPair k, String kind, JsonObject args) {
    Future<TxReceipt> f = chain.submit(sign(k, kind, args));
    await(chain.produceBlock());
    try {
      return await(f);
    } catch (ChainException e) {
      return fail(kind + " refused: " + e.getMessage());
    }
  }

  /** Submits, makes a block, and returns the refusal (failing the test if it was accepted). */
  ChainException refused(Ed25519.KeyPair k, String kind, JsonObject args) {
    Future<TxReceipt> f = chain.submit(sign(k, kind, args));
    await(chain.produceBlock());
    try {
      await(f);
    } catch (ChainException e) {
      return e;
    }
    return fail(kind + " was accepted");
  }

  void refused(ChainErrorCode code, Ed25519.KeyPair k, String kind, JsonObject args) {
    assertThat(refused(k, kind, args).code()).isEqualTo(code);
  }

  /** Submits one call per key into the same block and checks all succeed. */
  java.util.List<TxReceipt> okEach(java.util.List<Ed25519.KeyPair> keys, String kind,
      java.util.function.Function<Ed25519.KeyPair, JsonObject> args) {
    java.util.List<Future<TxReceipt>> fs = new java.util.ArrayList<>();
    for (Ed25519.KeyPair k : keys) fs.add(chain.submit(sign(k, kind, args.apply(k))));
    await(chain.produceBlock());
    java.util.List<TxReceipt> out = new java.util.ArrayList<>();
    for (Future<TxReceipt> f : fs) out.add(await(f));
    return out;
  }

  Block block() {
    return await(chain.produceBlock());
  }

  /** Moves chain time: advances the clock and makes a block at the new time. */
  void advance(long millis) {
    clock.advance(millis);
    block();
  }

  AccountView account(Ed25519.KeyPair k) {
    return await(chain.account(addr(k)));
  }

  ChannelView channel(String id) {
    return await(chain.channel(id));
  }

  void fund(Ed25519.KeyPair k, long amount) {
    ok(k, "faucet", new JsonObject().put("amount", Long.toString(amount)));
  }

  BigInteger coin(Ed25519.KeyPair k) {
    return account(k).coin();
  }

  static JsonObject createArgs(int memberLimit, long stake) {
    return createArgs(memberLimit, stake, new JsonObject());
  }

  static JsonObject createArgs(int memberLimit, long stake, JsonObject params) {
    return new JsonObject()
        .put("modules", new JsonArray().add(MODULE))
        .put("codeHash", CodeHash.ofHex(List.of(MODULE)))
        .put("initFunction", "0x1::game::init")
        .put("tickFunction", "0x1::game::tick")
        .put("tickIntervalMillis", 50)
        .put("memberLimit", memberLimit)
        .put("stake", Long.toString(stake))
        .put("params", params);
  }

  String createChannel(Ed25519.KeyPair publisher, int memberLimit, long stake) {
    return createChannel(publisher, createArgs(memberLimit, stake));
  }

  String createChannel(Ed25519.KeyPair publisher, JsonObject args) {
    return ok(publisher, "channel.create", args).result().getString("channelId");
  }

  static JsonObject joinArgs(String channelId, long stake) {
    return new JsonObject().put("channelId", channelId)
        .put("stake", new JsonObject().put("amount", Long.toString(stake)))
        .put("nodeKey", Hex.encode(new byte[32]))
        .put("endpoint", "wss://node.example:7443");
  }

  long join(Ed25519.KeyPair member, String channelId, long stake) {
    return ok(member, "channel.join", joinArgs(channelId, stake)).result().getLong("joinSeq");
  }

  static JsonObject ch(String channelId) {
    return new JsonObject().put("channelId", channelId);
  }

  void heartbeat(Ed25519.KeyPair k, String channelId) {
    ok(k, "channel.heartbeat", ch(channelId));
  }

  long applyLeader(Ed25519.KeyPair k, String channelId) {
    return ok(k, "channel.applyLeader", ch(channelId)).result().getLong("term");
  }

  static String root(int i) {
    return "0x" + String.format("%064x", i);
  }

  static JsonObject settleArgs(String channelId, long start, long end, JsonObject changeSet, int root) {
    return new JsonObject().put("channelId", channelId).put("type", "settle").put("startHeight", start)
        .put("endHeight", end).put("changeSet", changeSet).put("stateRoot", root(root));
  }

  long propose(Ed25519.KeyPair k, JsonObject args) {
    return ok(k, "channel.propose", args).result().getLong("proposalId");
  }

  TxReceipt vote(Ed25519.KeyPair k, String channelId, long proposalId, boolean yes) {
    return ok(k, "channel.vote", new JsonObject().put("channelId", channelId).put("proposalId", proposalId).put("yes", yes));
  }

  static JsonObject voteArgs(String channelId, long proposalId, boolean yes) {
    return new JsonObject().put("channelId", channelId).put("proposalId", proposalId).put("yes", yes);
  }

  @Override
  public void close() {
    await(chain.close());
  }
}
