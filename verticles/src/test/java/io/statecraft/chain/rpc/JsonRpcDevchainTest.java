package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static io.statecraft.chain.rpc.RpcTestSupport.awaitFailure;
import static io.statecraft.chain.rpc.RpcTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.devchain.ManualClock;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-RPC server and client over the real {@link io.statecraft.chain.devchain.DevChain}. */
@ExtendWith(VertxExtension.class)
class JsonRpcDevchainTest {
  @TempDir
  Path dir;

  static SignedTx faucet(String chainId, Ed25519.KeyPair key, long nonce, long amount) {
    return SignedTx.sign(key, chainId, nonce, "faucet", new JsonObject().put("amount", Long.toString(amount)));
  }

  static SignedTx transfer(String chainId, Ed25519.KeyPair key, long nonce, String to, long amount) {
    return SignedTx.sign(key, chainId, nonce, "transfer", new JsonObject().put("to", to).put("amount", Long.toString(amount)));
  }

  private static JsonRpcChainClient client(Vertx vertx, DevchainServer server) {
    return new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(server.url()).setReconnectDelayMillis(20));
  }

  @Test
  void roundTripsOverTheRealDevchain(Vertx vertx) {
    DevchainServer server = await(DevchainServer.start(vertx, dir, "127.0.0.1", 0, 20, true));
    JsonRpcChainClient client = client(vertx, server);
    String chainId = await(client.status()).chainId();
    assertThat(chainId).isEqualTo(DevChainOptions.DEFAULT_CHAIN_ID);
    Ed25519.KeyPair alice = Ed25519.generate();
    Ed25519.KeyPair bob = Ed25519.generate();
    String bobAddress = SignedTx.addressOf(bob.publicKey());

    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = client.subscribe(0, seen::add);

    TxReceipt minted = await(client.submit(faucet(chainId, alice, 0, 1000)));
    TxReceipt sent = await(client.submit(transfer(chainId, alice, 1, bobAddress, 250)));
    assertThat(await(client.account(bobAddress)).coin()).isEqualTo(BigInteger.valueOf(250));
    assertThat(await(client.account(bobAddress))).isEqualTo(await(server.chain().account(bobAddress)));

    Block viaRpc = await(client.block(sent.height()));
    assertThat(viaRpc).isEqualTo(await(server.chain().block(sent.height())));
    assertThat(viaRpc.computeHash()).isEqualTo(viaRpc.hash());

    assertThat(((ChainException) awaitFailure(client.channel("0xnone"))).code()).isEqualTo(ChainErrorCode.CHANNEL_NOT_FOUND);
    assertThat(((ChainException) awaitFailure(client.submit(transfer(chainId, bob, 0, "0x" + "11".repeat(32), 10_000))))
        .code()).isEqualTo(ChainErrorCode.INSUFFICIENT_BALANCE);
    assertThat(((ChainException) awaitFailure(client.submit(transfer(chainId, alice, 1, bobAddress, 1))))
        .code()).isEqualTo(ChainErrorCode.BAD_NONCE);

    SignedTx good = transfer(chainId, alice, 2, bobAddress, 1);
    SignedTx forged = new SignedTx(chainId, good.sender(), 2, "transfer",
        new JsonObject().put("to", bobAddress).put("amount", "999"), good.signature());
    assertThat(((ChainException) awaitFailure(client.submit(forged))).code()).isEqualTo(ChainErrorCode.BAD_SIGNATURE);

    JsonRpcChainClient.EventPage page = await(client.events(minted.height(), 1000));
    assertThat(page.events()).extracting(ChainEvent::type).containsSubsequence("faucet", "transfer");

    eventually(() -> seen.stream().filter(e -> e.height() == sent.height()).count() == sent.events().size(), "events");
    assertThat(seen).containsSubsequence(minted.events().get(0), sent.events().get(0));
    JsonRpcClientTest.assertOrderedAndUnique(seen);

    await(sub.cancel());
    await(client.close());
    await(server.close());
  }

  @Test
  void devMethodsDriveAManualClock(Vertx vertx) {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    DevchainServer server = await(DevchainServer.start(vertx,
        new DevChainOptions().dataDir(dir).clock(clock).blockIntervalMillis(1000),
        new JsonRpcServerOptions().setPort(0), null));
    JsonRpcChainClient client = client(vertx, server);
    String chainId = await(client.status()).chainId();
    Ed25519.KeyPair alice = Ed25519.generate();

    Future<TxReceipt> pending = client.submit(faucet(chainId, alice, 0, 5));
    // The submit and the produce travel on different connections: produce until it lands.
    for (int i = 0; i < 100 && !pending.isComplete(); i++) {
      await(client.devProduceBlock());
      RpcTestSupport.waitUntil(pending::isComplete, 20);
    }
    assertThat(await(pending).events()).hasSize(1);

    long height = await(client.status()).height();
    JsonObject status = await(client.devAdvanceTime(3_000));
    assertThat(status.getLong("height")).isGreaterThan(height);
    assertThat(status.getLong("timeMillis")).isGreaterThan(1_700_000_000_000L);
    await(client.close());
    await(server.close());
  }

  @Test
  void withoutDevModeThereAreNoDevMethodsAndNoFaucet(Vertx vertx) {
    DevchainServer server = await(DevchainServer.start(vertx, dir, "127.0.0.1", 0, 20, false));
    JsonRpcChainClient client = client(vertx, server);
    String chainId = await(client.status()).chainId();
    assertThat(((JsonRpcException) awaitFailure(client.devProduceBlock())).code()).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    assertThat(((ChainException) awaitFailure(client.submit(faucet(chainId, Ed25519.generate(), 0, 5)))).code())
        .isEqualTo(ChainErrorCode.FAUCET_DISABLED);
    await(client.close());
    await(server.close());
  }

  @Test
  void reopensWithTheSameBlocks(Vertx vertx) {
    DevchainServer server = await(DevchainServer.start(vertx, dir, "127.0.0.1", 0, 20, true));
    JsonRpcChainClient client = client(vertx, server);
    String chainId = await(client.status()).chainId();
    Ed25519.KeyPair alice = Ed25519.generate();
    TxReceipt r = await(client.submit(faucet(chainId, alice, 0, 7)));
    Block before = await(client.block(r.height()));
    await(client.close());
    await(server.close());

    DevchainServer again = await(DevchainServer.start(vertx, dir, "127.0.0.1", 0, 20, true));
    JsonRpcChainClient client2 = client(vertx, again);
    assertThat(await(client2.block(r.height()))).isEqualTo(before);
    assertThat(await(client2.account(SignedTx.addressOf(alice.publicKey()))).coin()).isEqualTo(BigInteger.valueOf(7));
    await(client2.close());
    await(again.close());
  }
}
