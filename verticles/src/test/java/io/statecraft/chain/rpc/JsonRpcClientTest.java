package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.address;
import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static io.statecraft.chain.rpc.RpcTestSupport.awaitFailure;
import static io.statecraft.chain.rpc.RpcTestSupport.eventually;
import static io.statecraft.chain.rpc.RpcTestSupport.faucet;
import static io.statecraft.chain.rpc.RpcTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link JsonRpcChainClient} against {@link JsonRpcServerVerticle}: every method round-trips. */
@ExtendWith(VertxExtension.class)
class JsonRpcClientTest {
  Vertx vertx;
  FakeChain chain;
  JsonRpcServerVerticle server;
  String deploymentId;
  JsonRpcChainClient client;
  int port;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    chain = new FakeChain(vertx);
    chain.autoProduce(10);
    DevControl dev = new DevControl() {
      @Override
      public Future<JsonObject> produceBlock() {
        return Future.succeededFuture(chain.produceBlock().toJson());
      }

      @Override
      public Future<JsonObject> advanceTime(long millis) {
        chain.advanceTime(millis);
        return chain.status().map(ChainStatus::toJson);
      }
    };
    server = new JsonRpcServerVerticle(chain, new JsonRpcServerOptions().setPort(0), dev, null);
    deploymentId = await(vertx.deployVerticle(server));
    port = server.actualPort();
    client = new JsonRpcChainClient(vertx, new JsonRpcClientOptions().setPort(port).setReconnectDelayMillis(20)
        .setMaxReconnectDelayMillis(200));
  }

  @AfterEach
  void tearDown() {
    await(client.close());
  }

  @Test
  void everyMethodRoundTrips() {
    Ed25519.KeyPair alice = Ed25519.generate();
    Ed25519.KeyPair bob = Ed25519.generate();

    ChainStatus status = await(client.status());
    assertThat(status).isEqualTo(await(chain.status()));

    TxReceipt minted = await(client.submit(faucet(alice, 0, 100)));
    assertThat(minted.events()).extracting(ChainEvent::type).containsExactly("coin.minted");
    TxReceipt sent = await(client.submit(transfer(alice, 1, address(bob), 30)));
    assertThat(sent.height()).isGreaterThanOrEqualTo(minted.height());

    assertThat(await(client.account(address(alice))).coin()).isEqualTo(70);
    assertThat(await(client.account(address(bob))).coin()).isEqualTo(30);
    assertThat(await(client.account(address(bob)))).isEqualTo(await(chain.account(address(bob))));

    Block b = await(client.block(sent.height()));
    assertThat(b).isEqualTo(await(chain.block(sent.height())));
    assertThat(b.transactions()).anySatisfy(o -> assertThat(o.receipt()).isEqualTo(sent));

    chain.putChannel(FakeChain.sampleChannel("ch-1", 4));
    assertThat(await(client.channel("ch-1"))).isEqualTo(await(chain.channel("ch-1")));

    JsonRpcChainClient.EventPage page = await(client.events(0, 100));
    assertThat(page.events()).extracting(ChainEvent::type).containsExactly("coin.minted", "coin.transferred");
    assertThat(page.nextHeight()).isEqualTo(page.head() + 1);
  }

  @Test
  void refusalsMapBackToTheSameChainErrorCode() {
    Ed25519.KeyPair alice = Ed25519.generate();
    assertThat(code(client.channel("none"))).isEqualTo(ChainErrorCode.CHANNEL_NOT_FOUND);
    assertThat(code(client.block(1_000_000))).isEqualTo(ChainErrorCode.BLOCK_NOT_FOUND);

    SignedTx good = faucet(alice, 0, 5);
    SignedTx forged = new SignedTx(good.chainId(), good.sender(), 0, "faucet", new JsonObject().put("amount", "500"), good.signature());
    assertThat(code(client.submit(forged))).isEqualTo(ChainErrorCode.BAD_SIGNATURE);

    ChainException badNonce = (ChainException) awaitFailure(client.submit(faucet(alice, 9, 5)));
    assertThat(badNonce.code()).isEqualTo(ChainErrorCode.BAD_NONCE);
    assertThat(badNonce.data().getLong("expected")).isZero();
    assertThat(badNonce.getMessage()).isEqualTo("BAD_NONCE (2002): expected nonce 0");

    assertThat(code(client.submit(transfer(alice, 0, "0xbob", 1)))).isEqualTo(ChainErrorCode.INSUFFICIENT_BALANCE);
    SignedTx wrongChain = SignedTx.sign(alice, "other-chain", 1, "faucet", new JsonObject().put("amount", "1"));
    assertThat(code(client.submit(wrongChain))).isEqualTo(ChainErrorCode.WRONG_CHAIN);
  }

  @Test
  void protocolErrorsAreJsonRpcExceptions() {
    JsonRpcException e = (JsonRpcException) awaitFailure(client.call("no_such_method", null));
    assertThat(e.code()).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    e = (JsonRpcException) awaitFailure(client.call("chain_block", new JsonObject().put("height", -4)));
    assertThat(e.code()).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
  }

  @Test
  void devMethods() {
    long before = await(client.status()).height();
    JsonObject block = await(client.devProduceBlock());
    assertThat(block.getLong("height")).isEqualTo(before + 1);
    long t = await(client.status()).timeMillis();
    assertThat(await(client.devAdvanceTime(5_000)).getLong("timeMillis")).isEqualTo(t + 5_000);
  }

  @Test
  void subscribeReplaysThenGoesLiveInOrderExactlyOnce() {
    Ed25519.KeyPair alice = Ed25519.generate();
    for (int i = 0; i < 3; i++) await(client.submit(faucet(alice, i, 1)));
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = client.subscribe(0, seen::add);
    eventually(() -> seen.size() == 3, "replay");
    for (int i = 3; i < 6; i++) await(client.submit(faucet(alice, i, 1)));
    eventually(() -> seen.size() == 6, "live events");
    assertOrderedAndUnique(seen);
    assertThat(sub.deliveredHeight()).isGreaterThanOrEqualTo(seen.get(4).height());
    await(sub.cancel());
    eventually(() -> server.liveSubscriptions() == 0, "server-side cancel");
  }

  @Test
  void subscriptionResumesAfterTheServerGoesAwayWithNoGapNoDuplicate() {
    Ed25519.KeyPair alice = Ed25519.generate();
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = client.subscribe(1, seen::add);
    for (int i = 0; i < 3; i++) await(client.submit(faucet(alice, i, 1)));
    eventually(() -> seen.size() == 3, "first events");

    await(vertx.undeploy(deploymentId));
    // While the server is down the chain moves on: these must arrive after the reconnect.
    List<Future<TxReceipt>> offline = new ArrayList<>();
    for (int i = 3; i < 8; i++) offline.add(chain.submit(faucet(alice, i, 1)));
    chain.produceBlock();
    offline.forEach(RpcTestSupport::await);

    server = new JsonRpcServerVerticle(chain, new JsonRpcServerOptions().setPort(port));
    deploymentId = await(vertx.deployVerticle(server));
    eventually(() -> seen.size() == 8, "events after the reconnect");
    for (int i = 8; i < 10; i++) await(client.submit(faucet(alice, i, 1)));
    eventually(() -> seen.size() == 10, "live events after the reconnect");
    assertOrderedAndUnique(seen);
    assertThat(((io.statecraft.chain.rpc.impl.ClientSubscription) sub).connections()).isGreaterThanOrEqualTo(2);
    await(sub.cancel());
  }

  @Test
  void closingTheClientEndsItsSubscriptions() {
    Ed25519.KeyPair alice = Ed25519.generate();
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = client.subscribe(0, seen::add);
    await(client.submit(faucet(alice, 0, 1)));
    eventually(() -> seen.size() == 1, "first event");
    await(client.close());
    eventually(() -> server.liveSubscriptions() == 0, "the server side to go");
    chain.submit(faucet(alice, 1, 1));
    chain.produceBlock();
    assertThat(RpcTestSupport.waitUntil(() -> seen.size() > 1, 500)).isFalse();
    assertThat(((io.statecraft.chain.rpc.impl.ClientSubscription) sub).connections()).isEqualTo(1);
    client = new JsonRpcChainClient(vertx, new JsonRpcClientOptions().setPort(port)); // for tearDown
  }

  static void assertOrderedAndUnique(List<ChainEvent> seen) {
    for (int i = 1; i < seen.size(); i++) {
      ChainEvent a = seen.get(i - 1);
      ChainEvent b = seen.get(i);
      boolean ordered = a.height() < b.height()
          || (a.height() == b.height() && (a.txIndex() < b.txIndex() || (a.txIndex() == b.txIndex() && a.eventIndex() < b.eventIndex())));
      assertThat(ordered).as("%s before %s", a, b).isTrue();
    }
  }

  private static ChainErrorCode code(Future<?> f) {
    Throwable t = awaitFailure(f);
    assertThat(t).isInstanceOf(ChainException.class);
    return ((ChainException) t).code();
  }
}
