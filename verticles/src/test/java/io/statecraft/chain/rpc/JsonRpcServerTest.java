package io.statecraft.chain.rpc;

import static io.statecraft.chain.rpc.RpcTestSupport.address;
import static io.statecraft.chain.rpc.RpcTestSupport.await;
import static io.statecraft.chain.rpc.RpcTestSupport.faucet;
import static io.statecraft.chain.rpc.RpcTestSupport.post;
import static io.statecraft.chain.rpc.RpcTestSupport.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP transport: every request shape and error path, over a raw HTTP client. */
@ExtendWith(VertxExtension.class)
class JsonRpcServerTest {
  static final int MAX_BODY = 16 * 1024;
  static final long BODY_TIMEOUT_MS = 1_000;

  Vertx vertx;
  FakeChain chain;
  SimpleMeterRegistry registry;
  JsonRpcServerVerticle server;
  HttpClient http;
  int port;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    chain = new FakeChain(vertx);
    chain.autoProduce(10);
    registry = new SimpleMeterRegistry();
    server = new JsonRpcServerVerticle(chain,
        new JsonRpcServerOptions().setPort(0).setMaxBodyBytes(MAX_BODY).setMaxBatchSize(10)
            .setBodyTimeoutMillis(BODY_TIMEOUT_MS), null, registry);
    await(vertx.deployVerticle(server));
    port = server.actualPort();
    http = RpcTestSupport.httpClient(vertx);
  }

  @AfterEach
  void tearDown() {
    await(http.close());
  }

  private JsonObject error(String body) {
    RpcTestSupport.HttpResult r = post(http, port, body);
    assertThat(r.status()).isEqualTo(200);
    JsonObject j = r.json();
    assertThat(j.getString("jsonrpc")).isEqualTo("2.0");
    assertThat(j.containsKey("result")).isFalse();
    return j;
  }

  private void assertStillServing() {
    JsonObject r = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"chain_status\"}").json();
    assertThat(r.getJsonObject("result").getString("chainId")).isEqualTo(FakeChain.CHAIN_ID);
    assertThat(r.getInteger("id")).isEqualTo(99);
  }

  @Test
  void status() {
    JsonObject r = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"chain_status\"}").json();
    assertThat(r.getString("id")).isEqualTo("a");
    assertThat(r.getJsonObject("result").getLong("height")).isGreaterThanOrEqualTo(0L);
  }

  @Test
  void malformedJsonIsParseError() {
    JsonObject j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.PARSE_ERROR);
    assertThat(j.getValue("id")).isNull();
    assertThat(j.containsKey("id")).isTrue();
    assertStillServing();
  }

  @Test
  void invalidRequests() {
    for (String body : new String[] {
        "42", "\"x\"", "null", "{}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"chain_status\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"chain_status\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\",\"params\":3}"}) {
      JsonObject j = error(body);
      assertThat(j.getJsonObject("error").getInteger("code")).as(body).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
    }
    // The id is echoed when it is usable.
    assertThat(error("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}").getInteger("id")).isEqualTo(5);
    assertStillServing();
  }

  @Test
  void unknownMethod() {
    JsonObject j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    assertThat(j.getInteger("id")).isEqualTo(1);
  }

  @Test
  void subscribeIsWebSocketOnly() {
    JsonObject j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_subscribe\",\"params\":{\"fromHeight\":0}}");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    assertThat(j.getJsonObject("error").getString("message")).contains("WebSocket");
  }

  @Test
  void devMethodsAbsentWithoutDevControl() {
    JsonObject j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"dev_produceBlock\"}");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
  }

  @Test
  void badParams() {
    String[] bodies = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":{\"height\":\"one\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":{\"height\":-1}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":{\"height\":1.5}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":[1,2]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_account\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_account\",\"params\":{\"address\":12}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_channel\",\"params\":[null]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_events\",\"params\":{\"fromHeight\":0,\"limit\":0}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_events\",\"params\":{\"fromHeight\":0,\"limit\":1000000}}",
    };
    for (String body : bodies) {
      JsonObject j = error(body);
      assertThat(j.getJsonObject("error").getInteger("code")).as(body).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
    }
    assertStillServing();
  }

  @Test
  void positionalParams() {
    JsonObject j = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_block\",\"params\":[0]}").json();
    assertThat(j.getJsonObject("result").getLong("height")).isZero();
  }

  @Test
  void badSignatureIsTheChainsCode() {
    Ed25519.KeyPair key = Ed25519.generate();
    SignedTx good = faucet(key, 0, 10);
    SignedTx forged = new SignedTx(good.chainId(), good.sender(), good.nonce(), good.kind(),
        new JsonObject().put("amount", "1000000"), good.signature());
    JsonObject j = error(RpcRequests.submit(1, forged).encode());
    JsonObject err = j.getJsonObject("error");
    assertThat(err.getInteger("code")).isEqualTo(ChainErrorCode.BAD_SIGNATURE.code());
    assertThat(err.getJsonObject("data").getString("name")).isEqualTo("BAD_SIGNATURE");
    assertStillServing();
  }

  @Test
  void malformedTransactionIsTheChainsCode() {
    JsonObject j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_submit\",\"params\":{\"sender\":\"0x00\"}}");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(ChainErrorCode.MALFORMED_TRANSACTION.code());
    j = error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_submit\",\"params\":{\"chainId\":\"fake-1\",\"sender\":\"0x00\","
        + "\"nonce\":\"zero\",\"kind\":\"faucet\",\"signature\":\"00\"}}");
    assertThat(j.getJsonObject("error").getInteger("code")).isEqualTo(ChainErrorCode.MALFORMED_TRANSACTION.code());
  }

  @Test
  void refusalCarriesDetails() {
    Ed25519.KeyPair key = Ed25519.generate();
    JsonObject j = error(RpcRequests.submit(1, faucet(key, 3, 10)).encode());
    JsonObject err = j.getJsonObject("error");
    assertThat(err.getInteger("code")).isEqualTo(ChainErrorCode.BAD_NONCE.code());
    assertThat(err.getJsonObject("data").getJsonObject("details").getLong("expected")).isZero();
  }

  @Test
  void submitReturnsTheReceiptOnceCommitted() {
    Ed25519.KeyPair key = Ed25519.generate();
    JsonObject j = post(http, port, RpcRequests.submit(7, faucet(key, 0, 10)).encode()).json();
    JsonObject receipt = j.getJsonObject("result");
    assertThat(receipt.getLong("height")).isPositive();
    assertThat(receipt.getJsonArray("events")).hasSize(1);
    JsonObject acct = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_account\",\"params\":{\"address\":\""
        + address(key) + "\"}}").json().getJsonObject("result");
    assertThat(acct.getString("coin")).isEqualTo("10");
  }

  @Test
  void batch() {
    String body = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\"},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"chain_status\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
        + "17,"
        + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"chain_block\",\"params\":{\"height\":0}}]";
    RpcTestSupport.HttpResult r = post(http, port, body);
    assertThat(r.status()).isEqualTo(200);
    JsonArray a = r.jsonArray();
    assertThat(a).hasSize(4); // the notification gets no response
    assertThat(a.getJsonObject(0).getJsonObject("result").getString("chainId")).isEqualTo(FakeChain.CHAIN_ID);
    assertThat(a.getJsonObject(1).getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
    assertThat(a.getJsonObject(2).getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
    assertThat(a.getJsonObject(3).getJsonObject("result").getLong("height")).isZero();
  }

  @Test
  void batchEdgeCases() {
    assertThat(error("[]").getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 11; i++) big.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"chain_status\"}");
    assertThat(error(big.append(']').toString()).getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
    RpcTestSupport.HttpResult r = post(http, port, "[{\"jsonrpc\":\"2.0\",\"method\":\"chain_status\"}]");
    assertThat(r.status()).isEqualTo(204);
    r = post(http, port, "{\"jsonrpc\":\"2.0\",\"method\":\"chain_status\"}");
    assertThat(r.status()).isEqualTo(204);
  }

  @Test
  void oversizedBodyWithContentLengthIs413() {
    String pad = "x".repeat(MAX_BODY + 1);
    RpcTestSupport.HttpResult r = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\",\"pad\":\"" + pad + "\"}");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.REQUEST_TOO_LARGE);
    assertStillServing();
    assertThat(registry.find("statecraft.rpc.rejected").tag("reason", "too-large").counter().count()).isEqualTo(1.0);
  }

  @Test
  void oversizedChunkedBodyIs413WithoutReadingItAll(VertxTestContext ctx) {
    // A chunked body that never ends: the server must answer as soon as the limit is crossed.
    http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(HttpMethod.POST).setURI("/rpc"))
        .onComplete(ctx.succeeding(req -> {
          req.setChunked(true);
          req.response().onComplete(ctx.succeeding(resp -> {
            ctx.verify(() -> assertThat(resp.statusCode()).isEqualTo(413));
            resp.body().onComplete(ctx.succeeding(b -> ctx.verify(() -> {
              assertThat(new JsonObject(b).getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.REQUEST_TOO_LARGE);
              ctx.completeNow();
            })));
          }));
          Buffer chunk = Buffer.buffer("x".repeat(4096));
          // Bounded: 64 chunks is four times the limit; the answer must come before they run out.
          for (int i = 0; i < 64; i++) req.write(chunk);
        }));
    try {
      assertThat(ctx.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    if (ctx.failed()) throw new AssertionError(ctx.causeOfFailure());
    assertStillServing();
  }

  @Test
  void overHttp2AnOversizedBodyResetsItsStreamOnly() {
    HttpClient h2 = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
            .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false),
        new io.vertx.core.http.PoolOptions().setHttp2MaxSize(1));
    try {
      String status = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\"}";
      RpcTestSupport.HttpResult ok = await(raw(h2, port, HttpMethod.POST, "/rpc", Buffer.buffer(status)));
      assertThat(ok.status()).isEqualTo(200);
      String pad = "x".repeat(MAX_BODY + 1);
      RpcTestSupport.HttpResult big = await(raw(h2, port, HttpMethod.POST, "/rpc",
          Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\",\"pad\":\"" + pad + "\"}")));
      assertThat(big.status()).isEqualTo(413);
      assertThat(big.json().getJsonObject("error").getInteger("code")).isEqualTo(JsonRpcErrors.REQUEST_TOO_LARGE);
      // The shared connection carries on.
      assertThat(await(raw(h2, port, HttpMethod.POST, "/rpc", Buffer.buffer(status))).json().getJsonObject("result"))
          .isNotNull();
    } finally {
      await(h2.close());
    }
  }

  @Test
  void wrongMethodAndPath() {
    assertThat(await(raw(http, port, HttpMethod.GET, "/rpc", null)).status()).isEqualTo(405);
    assertThat(await(raw(http, port, HttpMethod.POST, "/other", Buffer.buffer("{}"))).status()).isEqualTo(404);
    assertStillServing();
  }

  @Test
  void eventsPollingPagesByBlock() {
    Ed25519.KeyPair key = Ed25519.generate();
    for (int i = 0; i < 3; i++) {
      post(http, port, RpcRequests.submit(1, faucet(key, i, 1)).encode());
    }
    JsonObject page = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_events\",\"params\":{\"fromHeight\":0,\"limit\":2}}")
        .json().getJsonObject("result");
    assertThat(page.getJsonArray("events")).hasSize(2);
    long next = page.getLong("nextHeight");
    JsonObject rest = post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_events\",\"params\":[" + next + "]}")
        .json().getJsonObject("result");
    assertThat(rest.getJsonArray("events")).hasSize(1);
    assertThat(rest.getLong("nextHeight")).isEqualTo(rest.getLong("head") + 1);
  }

  @Test
  void metricsPerMethod() {
    post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_status\"}");
    post(http, port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"bogus_" + System.nanoTime() + "\"}");
    assertThat(registry.find("statecraft.rpc.requests").tag("method", "chain_status").tag("outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("statecraft.rpc.requests").tag("method", "unknown").timer().count()).isEqualTo(1);
  }

  @Test
  void aBodyThatNeverEndsIsCutOffAt408(VertxTestContext ctx) throws InterruptedException {
    http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(HttpMethod.POST).setURI("/rpc"))
        .onComplete(ctx.succeeding(req -> {
          req.setChunked(true);
          req.response().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(408);
            ctx.completeNow();
          })));
          req.write("{\"jsonrpc\":\"2.0\",");
        }));
    assertThat(ctx.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    if (ctx.failed()) throw new AssertionError(ctx.causeOfFailure());
    assertStillServing();
  }

  @Test
  void concurrentClientsAreServedWhileOneMisbehaves() {
    // One client streams garbage slowly; others get answers meanwhile.
    Future<?> slow = http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(HttpMethod.POST).setURI("/rpc"))
        .compose(req -> {
          req.setChunked(true);
          return req.write("{\"jsonrpc\":");
        });
    await(slow);
    for (int i = 0; i < 20; i++) assertStillServing();
  }
}
