package io.statecraft.chain.rpc;

import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers shared by the JSON-RPC tests. Waits always have a deadline. */
final class RpcTestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private RpcTestSupport() {}

  /** Waits for a future from a test thread (never an event loop) with a deadline. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable awaitFailure(Future<?> f) {
    try {
      await(f);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  /**
   * Polls a condition until it holds or the deadline passes. Each miss yields the thread
   * briefly through a blocking queue poll rather than sleeping a fixed time.
   */
  static void eventually(BooleanSupplier condition, String what) {
    if (!waitUntil(condition, TIMEOUT.toMillis())) throw new AssertionError("timed out waiting for " + what);
  }

  /** Polls a condition for at most {@code millis}; true if it came to hold. */
  static boolean waitUntil(BooleanSupplier condition, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    java.util.concurrent.SynchronousQueue<Object> never = new java.util.concurrent.SynchronousQueue<>();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      try {
        never.poll(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  record HttpResult(int status, Buffer body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    io.vertx.core.json.JsonArray jsonArray() {
      return new io.vertx.core.json.JsonArray(body);
    }
  }

  /** Sends a raw request and returns status and body, whatever they are. */
  static Future<HttpResult> raw(HttpClient client, int port, HttpMethod method, String path, Buffer body) {
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(path))
        .compose(req -> {
          req.putHeader("content-type", "application/json");
          return (body == null ? req.send() : req.send(body))
              .compose(resp -> resp.body().map(b -> new HttpResult(resp.statusCode(), b)));
        });
  }

  static HttpResult post(HttpClient client, int port, String body) {
    return await(raw(client, port, HttpMethod.POST, "/rpc", Buffer.buffer(body)));
  }

  static HttpClient httpClient(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  static SignedTx faucet(Ed25519.KeyPair key, long nonce, long amount) {
    return SignedTx.sign(key, FakeChain.CHAIN_ID, nonce, "faucet", new JsonObject().put("amount", Long.toString(amount)));
  }

  static SignedTx transfer(Ed25519.KeyPair key, long nonce, String to, long amount) {
    return SignedTx.sign(key, FakeChain.CHAIN_ID, nonce, "transfer",
        new JsonObject().put("to", to).put("amount", Long.toString(amount)));
  }

  static String address(Ed25519.KeyPair key) {
    return SignedTx.addressOf(key.publicKey());
  }
}
