package io.statecraft.bench;

import io.statecraft.channel.ChannelNode;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.game.GridGame;
import io.statecraft.move.runtime.AccountAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Open-loop sample-game load through a node's {@link io.statecraft.verticle.stream.ChannelGateway}:
 * signed {@code set_direction} (90 %) and {@code pay} (10 %) calls from the given members at a
 * fixed rate, each scheduled at its intended time (no coordinated omission); the latency of a
 * call is intended send time → {@code verified} (or {@code accepted}). Bounded in count
 * ({@code rate × durationMs}, at most 2,000,000) and in calls in flight ({@code maxInFlight};
 * beyond it a call is counted as {@code shed}, not sent).
 *
 * <p>Options: {@code seeds} (member indexes), {@code rate} (calls/s), {@code durationMs},
 * {@code level} ({@code accepted|verified}), {@code presign} (sign everything before starting),
 * {@code maxInFlight}, {@code drainMs} (wait for outstanding calls after the last send).
 */
public final class LoadGenerator {
  private final Vertx vertx;
  private final ChannelNode node;
  private final String channelId;
  private final int[] seeds;
  private final double rate;
  private final long durationMs;
  private final ConfirmationLevel level;
  private final boolean presign;
  private final int maxInFlight;
  private final long drainMs;
  private final int total;
  private final Ed25519.KeyPair[] keys;
  private final AccountAddress[] addrs;
  private final long[] nonces;
  private Transaction.Call[] signed;
  private final long[] latencyNanos;
  private final AtomicLong latCount = new AtomicLong();
  private final Random rnd = new Random(42);
  private long startNanos;
  private long lastSendNanos;
  private long firstDoneNanos;
  private long lastDoneNanos;
  private int sent;
  private int inFlight;
  private long accepted;
  private long completed;
  private long shed;
  private final Map<String, Long> errors = new TreeMap<>();
  private long timer = -1;
  private volatile boolean done;
  private boolean stopped;

  public LoadGenerator(Vertx vertx, ChannelNode node, String channelId, JsonObject o) {
    this.vertx = vertx;
    this.node = node;
    this.channelId = channelId;
    JsonArray s = o.getJsonArray("seeds");
    this.seeds = new int[s.size()];
    for (int i = 0; i < seeds.length; i++) seeds[i] = s.getInteger(i);
    this.rate = o.getDouble("rate", 100.0);
    this.durationMs = o.getLong("durationMs", 5_000L);
    this.level = "accepted".equals(o.getString("level", "verified")) ? ConfirmationLevel.ACCEPTED : ConfirmationLevel.VERIFIED;
    this.presign = o.getBoolean("presign", false);
    this.maxInFlight = o.getInteger("maxInFlight", 50_000);
    this.drainMs = o.getLong("drainMs", 10_000L);
    this.total = (int) Math.min(2_000_000, Math.max(1, Math.round(rate * durationMs / 1000.0)));
    this.keys = new Ed25519.KeyPair[seeds.length];
    this.addrs = new AccountAddress[seeds.length];
    this.nonces = new long[seeds.length];
    long base = System.currentTimeMillis() * 1000;
    for (int i = 0; i < seeds.length; i++) {
      keys[i] = BenchKeys.member(seeds[i]);
      addrs[i] = AccountAddress.of(keys[i].publicKey());
      nonces[i] = base;
    }
    this.latencyNanos = new long[total];
  }

  public int total() {
    return total;
  }

  public boolean done() {
    return done;
  }

  private Transaction.Call make(int i) {
    int m = i % seeds.length;
    MoveCall call;
    if (seeds.length > 1 && i % 10 == 9) {
      call = GridGame.payCall(addrs[(m + 1) % seeds.length], 1);
    } else {
      call = GridGame.setDirectionCall(rnd.nextInt(7) - 3, rnd.nextInt(7) - 3);
    }
    return Transaction.Call.sign(channelId, keys[m], ++nonces[m], call);
  }

  /** Signs (if asked, on a worker) then starts sending; completes when sending started. */
  public Future<Void> start() {
    Future<Void> ready;
    if (presign) {
      ready = vertx.executeBlocking(() -> {
        MoveCall[] calls = new MoveCall[total];
        long[] ns = new long[total];
        for (int i = 0; i < total; i++) {
          int m = i % seeds.length;
          calls[i] = seeds.length > 1 && i % 10 == 9 ? GridGame.payCall(addrs[(m + 1) % seeds.length], 1)
              : GridGame.setDirectionCall(rnd.nextInt(7) - 3, rnd.nextInt(7) - 3);
          ns[i] = ++nonces[m];
        }
        Transaction.Call[] out = new Transaction.Call[total];
        IntStream.range(0, total).parallel().forEach(i -> out[i] = Transaction.Call.sign(channelId, keys[i % seeds.length], ns[i], calls[i]));
        signed = out;
        return null;
      }, false);
    } else {
      ready = Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    ready.onComplete(ar -> vertx.runOnContext(v -> {
      if (ar.failed()) {
        p.fail(ar.cause());
        return;
      }
      startNanos = System.nanoTime();
      timer = vertx.setPeriodic(1, t -> pump());
      p.complete();
    }));
    return p.future();
  }

  private synchronized void pump() {
    long now = System.nanoTime();
    long elapsed = now - startNanos;
    int due = (int) Math.min(total, (long) (rate * elapsed / 1e9) + 1);
    if (stopped) due = sent;
    while (sent < due) {
      int i = sent++;
      long intended = startNanos + (long) (i * 1e9 / rate);
      if (inFlight >= maxInFlight) {
        shed++;
        continue;
      }
      Transaction.Call call = presign ? signed[i] : make(i);
      if (presign) signed[i] = null;
      inFlight++;
      lastSendNanos = System.nanoTime();
      node.call(channelId, call, level).onComplete(ar -> {
        if (ar.failed()) {
          finish(ar.cause());
          return;
        }
        accepted();
        if (level == ConfirmationLevel.ACCEPTED) {
          record(intended);
          finish(null);
        } else {
          ar.result().verified().onComplete(v -> {
            if (v.succeeded()) record(intended);
            finish(v.failed() ? v.cause() : null);
          });
        }
      });
    }
    if (sent >= total && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      vertx.setTimer(Math.max(1, drainMs), t -> done = true);
    }
  }

  private synchronized void accepted() {
    accepted++;
  }

  private synchronized void record(long intended) {
    long n = System.nanoTime();
    if (firstDoneNanos == 0) firstDoneNanos = n;
    lastDoneNanos = n;
    long k = latCount.getAndIncrement();
    if (k < latencyNanos.length) latencyNanos[(int) k] = n - intended;
  }

  private synchronized void finish(Throwable err) {
    inFlight--;
    completed++;
    if (err != null) {
      String k = err instanceof StreamException se ? se.code().name() : err.getClass().getSimpleName();
      errors.merge(k, 1L, Long::sum);
    }
    if (sent >= total && inFlight == 0) done = true;
  }

  public void stop() {
    stopped = true;
  }

  public synchronized JsonObject stats() {
    int n = (int) Math.min(latCount.get(), latencyNanos.length);
    long[] l = Arrays.copyOf(latencyNanos, n);
    Arrays.sort(l);
    double sendSecs = (Math.max(lastSendNanos, startNanos) - startNanos) / 1e9;
    return new JsonObject().put("done", done).put("target", total).put("rate", rate).put("sent", sent)
        .put("shed", shed).put("accepted", accepted).put("ok", n).put("completed", completed).put("inFlight", inFlight)
        .put("errors", new JsonObject(new java.util.LinkedHashMap<>(errors)))
        .put("offeredPerSec", sendSecs > 0 ? sent / sendSecs : 0)
        .put("okPerSec", lastDoneNanos > startNanos ? n / ((lastDoneNanos - startNanos) / 1e9) : 0)
        .put("p50Ms", pct(l, 0.50)).put("p99Ms", pct(l, 0.99)).put("maxMs", n == 0 ? 0 : l[n - 1] / 1e6);
  }

  static double pct(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }

  /** Each member joins the grid game (an already-joined member's abort 4 counts as joined). */
  public static Future<JsonObject> joinGame(ChannelNode node, String channelId, JsonArray seeds) {
    List<Future<Object>> fs = new ArrayList<>();
    long base = System.currentTimeMillis() * 1000 - 1_000_000;
    for (int i = 0; i < seeds.size(); i++) {
      Ed25519.KeyPair k = BenchKeys.member(seeds.getInteger(i));
      Transaction.Call c = Transaction.Call.sign(channelId, k, base, GridGame.joinCall());
      fs.add(node.call(channelId, c, ConfirmationLevel.VERIFIED).compose(p -> p.verified())
          .map(x -> (Object) "joined").recover(e -> Future.succeededFuture(String.valueOf(e.getMessage()))));
    }
    return Future.all(fs).map(cf -> {
      JsonArray r = new JsonArray();
      for (Future<Object> f : fs) r.add(f.result());
      return new JsonObject().put("results", r);
    });
  }
}
