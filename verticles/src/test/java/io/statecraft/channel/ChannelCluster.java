package io.statecraft.channel;

import static org.assertj.core.api.Assertions.fail;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.CodeHash;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.devchain.DevChain;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.devchain.ManualClock;
import io.statecraft.channel.testing.InMemoryPeerHub;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.move.asm.Assembler;
import io.statecraft.move.binary.ModuleWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * N in-process nodes (each its own Vert.x instance) sharing a devchain on a manual clock and an
 * in-memory peer network. Nothing sleeps to wait for an outcome: conditions are polled with a
 * deadline; time moves only by {@link #advance}.
 */
final class ChannelCluster implements AutoCloseable {
  static final long T0 = 1_700_000_000_000L;
  static final long STAKE = 1000;
  static final long FUND = 1_000_000;
  static final StructTag COUNTER = StructTag.parseStruct("0x2::counter::Counter");
  static final StructTag TOTAL = StructTag.parseStruct("0x2::counter::Total");

  final Path dir;
  final ManualClock clock = new ManualClock(T0);
  final Vertx chainVertx = Vertx.vertx();
  final DevChain devchain;
  final SettlementChain chain;
  final InMemoryPeerHub hub = new InMemoryPeerHub();
  final Ed25519.KeyPair publisher = key(100);
  final List<Node> nodes = new ArrayList<>();
  final String channelId;
  final long[] nonces;
  private final java.util.Map<String, Long> chainNonces = new java.util.HashMap<>();
  String chainId;

  final class Node {
    final int index;
    final Ed25519.KeyPair key;
    final Vertx vertx = Vertx.vertx();
    final ChannelNodeConfig cfg;
    ChannelNode node;
    String deploymentId;

    Node(int index, LeaderFaults faults) {
      this.index = index;
      this.key = key(index);
      this.cfg = new ChannelNodeConfig(key, key, dir.resolve("node" + index));
      cfg.clock = clock::nowMillis;
      cfg.housekeepingMillis = 10;
      cfg.tickPollMillis = 2;
      cfg.snapshotEvery = 4;
      cfg.leaderSyncMillis = 100;
      cfg.faults = faults;
    }

    void start() {
      node = new ChannelNode(chain, hub.join(vertx, nodeKey()), cfg);
      deploymentId = await(vertx.deployVerticle(node));
      await(node.open(channelId));
    }

    void stop() {
      hub.setDown(nodeKey(), true);
      await(vertx.undeploy(deploymentId));
      node = null;
    }

    void restart() {
      hub.setDown(nodeKey(), false);
      start();
    }

    String nodeKey() {
      return ChannelController.nk(Hex.encode(key.publicKey()));
    }

    String address() {
      return SignedTx.addressOf(key.publicKey());
    }

    ChannelController c() {
      return node.controller(channelId);
    }

    Hash32 root() {
      return await(c().stateRoot());
    }

    long counter() {
      var r = await(node.resources(channelId, Address.parse(address()), java.util.OptionalLong.empty()));
      for (var v : r.resources()) {
        if (v.type().equals(COUNTER)) return ByteBuffer.wrap(v.value().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
      }
      return 0;
    }

    long ticks() {
      var s = await(node.state(channelId, java.util.OptionalLong.empty()));
      for (var v : s.resources()) {
        if (v.type().equals(TOTAL)) return ByteBuffer.wrap(v.value().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong();
      }
      return -1;
    }

    Transaction.Call increment() {
      return Transaction.Call.sign(channelId, key, nonces[index]++, MoveCall.of("0x2::counter::increment", List.of(), List.of()));
    }

    Transaction.Call fail(long code) {
      byte[] arg = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(code).array();
      return Transaction.Call.sign(channelId, key, nonces[index]++, MoveCall.of("0x2::counter::fail", List.of(),
          List.of(Blob.of(arg))));
    }
  }

  ChannelCluster(Path dir, int n, JsonObject params, java.util.function.IntFunction<LeaderFaults> faults) {
    this(dir, n, params, faults, new JsonObject(), null);
  }

  /** {@code create} overrides channel.create args (modules, functions…); {@code assets} is what each member brings in. */
  ChannelCluster(Path dir, int n, JsonObject params, java.util.function.IntFunction<LeaderFaults> faults,
      JsonObject create, JsonObject assets) {
    this.dir = dir;
    this.nonces = new long[n];
    this.devchain = await(DevChain.open(chainVertx, new DevChainOptions().dataDir(dir.resolve("chain")).clock(clock)
        .blockIntervalMillis(0)));
    this.chain = new AutoBlockChain(devchain);
    this.chainId = await(chain.status()).chainId();
    fund(publisher);
    List<String> modules = List.of(Hex.encode(asm("signer.masm", 1)), Hex.encode(asm("counter.masm", 1)));
    JsonObject args = new JsonObject().put("modules", new JsonArray(modules)).put("codeHash", CodeHash.ofHex(modules))
        .put("initFunction", "0x2::counter::init").put("tickFunction", "0x2::counter::on_tick")
        .put("tickIntervalMillis", 50).put("memberLimit", 10).put("stake", Long.toString(STAKE)).put("params", params);
    args.mergeIn(create);
    this.channelId = ok(publisher, "channel.create", args).result().getString("channelId");
    for (int i = 0; i < n; i++) {
      Node node = new Node(i, faults.apply(i));
      nodes.add(node);
      fund(node.key);
      ok(node.key, "channel.join", new JsonObject().put("channelId", channelId)
          .put("stake", new JsonObject().put("amount", Long.toString(STAKE)))
          .put("nodeKey", Hex.encode(node.key.publicKey())).put("endpoint", "mem://node" + i)
          .put("assets", assets == null ? new JsonObject() : assets));
    }
    // Above 5 members the nodes stand as candidates / delegate by themselves (first come first seated).
  }

  /** Starts node 0 first (it becomes the Leader), then the others as Followers. */
  void startAll() {
    nodes.get(0).start();
    eventually("node 0 leads", () -> nodes.get(0).c().role() == ChannelController.Role.LEADER);
    for (int i = 1; i < nodes.size(); i++) nodes.get(i).start();
    eventually("everyone follows and holds every join", () -> {
      for (int i = 1; i < nodes.size(); i++) {
        if (nodes.get(i).c().role() != ChannelController.Role.FOLLOWER) return false;
      }
      return allAtHeight(nodes.size());
    });
  }

  boolean allAtHeight(long h) {
    for (Node n : nodes) if (n.node != null && n.c().height() < h) return false;
    return true;
  }

  static byte[] asm(String resource, int step) {
    try (InputStream in = ChannelCluster.class.getResourceAsStream("/channel/" + resource)) {
      String src = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("LdU64 STEP", "LdU64 " + step);
      return ModuleWriter.write(Assembler.assembleModule(src, resource));
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static Ed25519.KeyPair key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[31] = 9;
    return Ed25519.fromSeed(seed);
  }

  // ------------------------------------------------------------------ chain helpers

  TxReceipt ok(Ed25519.KeyPair k, String kind, JsonObject args) {
    String a = SignedTx.addressOf(k.publicKey());
    long nonce = chainNonces.computeIfAbsent(a, x -> await(chain.account(x)).nonce());
    chainNonces.put(a, nonce + 1);
    return await(chain.submit(SignedTx.sign(k, chainId, nonce, kind, args)));
  }

  void fund(Ed25519.KeyPair k) {
    ok(k, "faucet", new JsonObject().put("amount", Long.toString(FUND)));
  }

  ChannelView view() {
    return await(chain.channel(channelId));
  }

  BigInteger coin(Node n) {
    AccountView a = await(chain.account(n.address()));
    return a.coin();
  }

  /** Moves node and chain time in steps, letting every live node's housekeeping run between steps. */
  void advance(long millis, long step) {
    for (long done = 0; done < millis; done += step) {
      clock.advance(Math.min(step, millis - done));
      await(devchain.produceBlock());
      settleHousekeeping();
    }
  }

  void settleHousekeeping() {
    List<long[]> before = new ArrayList<>();
    for (Node n : nodes) before.add(new long[] {n.node == null ? -1 : n.c().housekeepingRuns()});
    eventually("housekeeping ran", () -> {
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        if (n.node != null && n.c().housekeepingRuns() < before.get(i)[0] + 3) return false;
      }
      return true;
    });
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static void eventually(String what, BooleanSupplier cond) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (cond.getAsBoolean()) return;
      } catch (RuntimeException ignored) {
        // not yet
      }
      if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        await(n.vertx.close());
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    await(devchain.close());
    await(chainVertx.close());
  }

  /** A devchain that makes a block for every submitted transaction (time still moves by hand). */
  static final class AutoBlockChain implements SettlementChain {
    final DevChain d;

    AutoBlockChain(DevChain d) {
      this.d = d;
    }

    @Override
    public Future<ChainStatus> status() {
      return d.status();
    }

    @Override
    public Future<TxReceipt> submit(SignedTx tx) {
      Future<TxReceipt> f = d.submit(tx);
      d.produceBlock();
      return f;
    }

    @Override
    public Future<AccountView> account(String address) {
      return d.account(address);
    }

    @Override
    public Future<ChannelView> channel(String channelId) {
      return d.channel(channelId);
    }

    @Override
    public Future<Block> block(long height) {
      return d.block(height);
    }

    @Override
    public ChainSubscription subscribe(long fromHeight, Handler<ChainEvent> handler) {
      return d.subscribe(fromHeight, handler);
    }
  }
}
