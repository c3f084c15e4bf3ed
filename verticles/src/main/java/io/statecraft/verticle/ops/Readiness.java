package io.statecraft.verticle.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's readiness: named checks, each an asynchronous probe that succeeds when its part
 * of the node can serve. {@code GET /ready} runs them all; the node is ready when every one
 * succeeds within the timeout. Thread-safe: verticles register checks from their own contexts.
 */
public final class Readiness {
  /** The outcome of all checks: ready, and per check "UP" or the reason it is not. */
  public record Report(boolean ready, Map<String, String> checks) {
    public JsonObject toJson() {
      JsonObject c = new JsonObject();
      JsonArray reasons = new JsonArray();
      checks.forEach((name, state) -> {
        c.put(name, state);
        if (!UP.equals(state)) {
          reasons.add(name + ": " + state);
        }
      });
      JsonObject j = new JsonObject().put("status", ready ? "READY" : "NOT_READY").put("checks", c);
      if (!ready) {
        j.put("reasons", reasons);
      }
      return j;
    }
  }

  public static final String UP = "UP";

  private final Map<String, Supplier<Future<?>>> checks = new ConcurrentHashMap<>();
  private final Map<String, String> flags = new ConcurrentHashMap<>();

  /** Adds (or replaces) a probe; its future fails with the reason the part is not ready. */
  public Readiness register(String name, Supplier<Future<?>> check) {
    checks.put(name, check);
    return this;
  }

  /** Adds a flag check that is not ready with {@code reason} until {@link #up} is called. */
  public Readiness flag(String name, String reason) {
    flags.put(name, reason);
    return register(name, () -> {
      String why = flags.get(name);
      return UP.equals(why) ? Future.succeededFuture() : Future.failedFuture(why);
    });
  }

  public void up(String name) {
    flags.put(name, UP);
  }

  public void down(String name, String reason) {
    flags.put(name, reason);
  }

  public void remove(String name) {
    checks.remove(name);
    flags.remove(name);
  }

  /** Runs every check; a check that has not answered within {@code timeout} counts as failed. */
  public Future<Report> check(Vertx vertx, Duration timeout) {
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(checks.keySet()));
    List<Future<String>> results = new ArrayList<>();
    for (String name : names) {
      Future<?> f;
      try {
        f = checks.get(name).get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f.timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .map(x -> UP)
          .otherwise(err -> err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage()));
    }
    return Future.join(results).transform(ar -> {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      boolean ready = !names.isEmpty();
      for (int i = 0; i < names.size(); i++) {
        String state = results.get(i).result();
        out.put(names.get(i), state);
        ready &= UP.equals(state);
      }
      if (names.isEmpty()) {
        out.put("checks", "no readiness check is registered yet");
      }
      return Future.succeededFuture(new Report(ready, out));
    });
  }
}
