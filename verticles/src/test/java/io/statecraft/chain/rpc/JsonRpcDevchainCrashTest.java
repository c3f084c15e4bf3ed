package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a devchain process in the middle of traffic: whatever the server reported
 * committed survives the restart with the same block hashes, and balances are exactly what
 * the committed transactions imply.
 */
@ExtendWith(VertxExtension.class)
class JsonRpcDevchainCrashTest {
  static final int ACCOUNTS = 8;
  static final long FUNDS = 1_000_000;
  static final int MIN_RECEIPTS_BEFORE_KILL = 120;
  static final long MAX_TRAFFIC_MILLIS = 40_000;

  @TempDir
  Path dir;

  @Test
  void committedWorkSurvivesKillMinus9(Vertx vertx) throws Exception {
    Path dataDir = dir.resolve("chain");
    List<Ed25519.KeyPair> keys = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < ACCOUNTS; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      keys.add(Ed25519.fromSeed(seed));
    }
    List<String> addresses = keys.stream().map(k -> SignedTx.addressOf(k.publicKey())).toList();

    Map<String, TxReceipt> reported = new ConcurrentHashMap<>();   // tx hash -> receipt
    Map<Long, String> reportedBlockHashes = new ConcurrentHashMap<>();
    Process first = launch(dataDir, dir.resolve("first.log"), 0);
    JsonRpcChainClient client;
    String chainId;
    // A subscriber that lives through the crash: the restarted devchain comes back on the same
    // port and the subscription must resume with no gap and no duplicate.
    JsonRpcChainClient watcher;
    List<ChainEvent> watched = new CopyOnWriteArrayList<>();
    ChainSubscription watch;
    int port;
    try {
      String url = awaitUrl(first);
      port = JsonRpcClientOptions.fromUrl(url).getPort();
      client = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(url).setRequestTimeoutMillis(10_000));
      watcher = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(url).setReconnectDelayMillis(50)
          .setMaxReconnectDelayMillis(500));
      watch = watcher.subscribe(0, watched::add);
      chainId = await(client.status()).chainId();
      List<Future<TxReceipt>> funding = new ArrayList<>();
      for (Ed25519.KeyPair k : keys) {
        funding.add(client.submit(SignedTx.sign(k, chainId, 0, "faucet", new JsonObject().put("amount", Long.toString(FUNDS)))));
      }
      funding.forEach(f -> record(await(f), reported));

      // Every account sends transfers one after the other until the process dies.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger committed = new AtomicInteger();
      AtomicInteger inFlight = new AtomicInteger();
      for (int i = 0; i < ACCOUNTS; i++) {
        drive(client, chainId, keys.get(i), 1, addresses, new Random(i), reported, reportedBlockHashes, committed,
            inFlight, stop);
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_TRAFFIC_MILLIS);
      RpcTestSupport.waitUntil(() -> committed.get() >= MIN_RECEIPTS_BEFORE_KILL, MAX_TRAFFIC_MILLIS);
      assertThat(System.nanoTime()).as("traffic reached %s receipts in time", MIN_RECEIPTS_BEFORE_KILL).isLessThan(deadline);
      assertThat(inFlight.get()).as("transactions in flight at the kill").isPositive();
      long t0 = System.nanoTime();
      int inFlightAtKill = inFlight.get();
      first.destroyForcibly();
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
      System.out.printf("crash test: killed with %d receipts, %d in flight, after %d ms of traffic%n",
          committed.get(), inFlightAtKill, TimeUnit.NANOSECONDS.toMillis(t0 - (deadline - TimeUnit.MILLISECONDS.toNanos(MAX_TRAFFIC_MILLIS))));
      stop.set(true);
      // Wait for every in-flight call to fail or succeed, so "reported" is final.
      assertThat(RpcTestSupport.waitUntil(() -> inFlight.get() == 0, 20_000)).as("in-flight calls settled").isTrue();
      System.out.printf("crash test: in-flight calls settled %d ms after the kill%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      await(client.close());
    } finally {
      first.destroyForcibly();
    }
    // Receipts record their own block heights; fetch the hashes the server reported for them.
    assertThat(reported.size()).isGreaterThanOrEqualTo(MIN_RECEIPTS_BEFORE_KILL);

    Process second = launch(dataDir, dir.resolve("second.log"), port);
    try {
      JsonRpcChainClient again = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(awaitUrl(second)));
      long head = await(again.status()).height();
      long maxReported = reported.values().stream().mapToLong(TxReceipt::height).max().orElseThrow();
      assertThat(head).isGreaterThanOrEqualTo(maxReported);

      // Walk the whole chain: hash links, every reported receipt in place, balances replayed.
      Map<String, BigInteger> expected = new HashMap<>();
      Map<String, Block.Outcome> committedTxs = new HashMap<>();
      String prevHash = null;
      for (long h = 0; h <= head; h++) {
        Block b;
        try {
          b = await(again.block(h));
        } catch (io.statecraft.chain.ChainException e) {
          if (h == 0) continue; // a chain whose first block is 1
          throw e;
        }
        assertThat(b.computeHash()).as("hash of block %s", h).isEqualTo(b.hash());
        if (prevHash != null) assertThat(b.prevHash()).as("link of block %s", h).isEqualTo(prevHash);
        prevHash = b.hash();
        if (reportedBlockHashes.containsKey(h)) {
          assertThat(b.hash()).as("block %s as reported before the crash", h).isEqualTo(reportedBlockHashes.get(h));
        }
        for (Block.Outcome o : b.transactions()) {
          committedTxs.put(o.tx().hash(), o);
          if (!o.succeeded()) continue;
          JsonObject args = o.tx().args();
          BigInteger amount = new BigInteger(args.getString("amount"));
          switch (o.tx().kind()) {
            case "faucet" -> expected.merge(o.tx().sender(), amount, BigInteger::add);
            case "transfer" -> {
              expected.merge(o.tx().sender(), amount.negate(), BigInteger::add);
              expected.merge(args.getString("to"), amount, BigInteger::add);
            }
            default -> throw new AssertionError("unexpected kind " + o.tx().kind());
          }
        }
      }
      // The subscription that lived through the crash saw every committed event once, in order.
      List<ChainEvent> all = new ArrayList<>();
      for (long h = 0; h <= head; h++) {
        try {
          all.addAll(await(again.block(h)).events());
        } catch (io.statecraft.chain.ChainException e) {
          if (h != 0) throw e;
        }
      }
      assertThat(RpcTestSupport.waitUntil(() -> watched.size() >= all.size(), 30_000))
          .as("the watcher caught up (%s of %s events)", watched.size(), all.size()).isTrue();
      assertThat(watched.subList(0, all.size())).containsExactlyElementsOf(all);
      assertThat(((io.statecraft.chain.rpc.impl.ClientSubscription) watch).connections()).isGreaterThanOrEqualTo(2);
      await(watcher.close());

      for (TxReceipt r : reported.values()) {
        Block.Outcome o = committedTxs.get(r.txHash());
        assertThat(o).as("reported tx %s still committed", r.txHash()).isNotNull();
        assertThat(o.receipt()).isEqualTo(r);
      }
      BigInteger total = BigInteger.ZERO;
      for (String a : addresses) {
        BigInteger balance = await(again.account(a)).coin();
        assertThat(balance).as("balance of %s", a).isEqualTo(expected.getOrDefault(a, BigInteger.ZERO));
        total = total.add(balance);
      }
      assertThat(total).isEqualTo(BigInteger.valueOf(FUNDS * ACCOUNTS));

      // And the restarted chain goes on: every account can still transact from its next nonce.
      Ed25519.KeyPair k0 = keys.get(0);
      long nonce = await(again.account(addresses.get(0))).nonce();
      TxReceipt after = await(again.submit(SignedTx.sign(k0, chainId, nonce, "transfer",
          new JsonObject().put("to", addresses.get(1)).put("amount", "1"))));
      assertThat(after.height()).isGreaterThan(head);
      await(again.close());
    } finally {
      second.destroyForcibly();
      second.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static void record(TxReceipt r, Map<String, TxReceipt> reported) {
    reported.put(r.txHash(), r);
  }

  /** One account's traffic: a transfer, then the next once it is committed, until stopped or failed. */
  private static void drive(JsonRpcChainClient client, String chainId, Ed25519.KeyPair key, long nonce,
      List<String> addresses, Random random, Map<String, TxReceipt> reported, Map<Long, String> blockHashes,
      AtomicInteger committed, AtomicInteger inFlight, AtomicBoolean stop) {
    if (stop.get()) return;
    String to = addresses.get(random.nextInt(addresses.size()));
    long amount = 1 + random.nextInt(1000);
    inFlight.incrementAndGet();
    client.submit(SignedTx.sign(key, chainId, nonce, "transfer",
            new JsonObject().put("to", to).put("amount", Long.toString(amount))))
        .compose(r -> {
          record(r, reported);
          committed.incrementAndGet();
          // The block as the server reports it once the receipt is out.
          return client.block(r.height()).map(b -> {
            blockHashes.put(b.height(), b.hash());
            return r;
          });
        })
        .onComplete(ar -> {
          inFlight.decrementAndGet();
          if (ar.succeeded()) {
            drive(client, chainId, key, nonce + 1, addresses, random, reported, blockHashes, committed, inFlight, stop);
          }
        });
  }

  /** Starts {@link DevchainProcessMain} in a new JVM with this JVM's classpath and module flags. */
  static Process launch(Path dataDir, Path log, int port) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) cmd.add(arg);
    }
    cmd.add("-Dchronicle.analytics.disable=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DevchainProcessMain.class.getName());
    cmd.add(dataDir.toString());
    cmd.add("20");
    cmd.add(Integer.toString(port));
    return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
  }

  /** Reads the process's stdout until it prints its URL, with a deadline. */
  static String awaitUrl(Process p) throws InterruptedException {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) lines.add(line);
      } catch (IOException ignored) {
        // Process gone.
      }
    }, "devchain-stdout");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(DevchainProcessMain.READY)) return line.substring(DevchainProcessMain.READY.length()).trim();
      if (!p.isAlive()) throw new AssertionError("devchain process exited with " + p.exitValue());
    }
    throw new AssertionError("devchain process did not report its URL in time");
  }
}
