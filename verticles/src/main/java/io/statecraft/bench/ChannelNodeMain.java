package io.statecraft.bench;

import io.statecraft.chain.rpc.JsonRpcChainClient;
import io.statecraft.chain.rpc.JsonRpcClientOptions;
import io.statecraft.channel.ChannelController;
import io.statecraft.channel.ChannelNode;
import io.statecraft.channel.ChannelNodeConfig;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.Entry;
import io.statecraft.verticle.peer.PeerGossipVerticle;
import io.statecraft.verticle.peer.PeerOptions;
import io.statecraft.verticle.stream.StreamOptions;
import io.statecraft.verticle.stream.StreamVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One channel node process (crash test, benchmarks): Vert.x + {@link JsonRpcChainClient} +
 * gRPC peer network + {@link ChannelNode} + {@link StreamVerticle}, all on 127.0.0.1, plus a
 * small control HTTP server for the driving process:
 *
 * <ul>
 *   <li>{@code GET /status}: role, term, height, verified height, state root, frozen</li>
 *   <li>{@code GET /entries?from=A&to=B}: the verified entries' height, tx hash, state root, timestamp, kind (≤ 2000)</li>
 *   <li>{@code POST /game-join {"seeds":[..]}}: those members join the grid game (signed calls, executed)</li>
 *   <li>{@code POST /load} ({@link LoadGenerator} options), {@code GET /load}, {@code POST /load/stop}</li>
 * </ul>
 *
 * <pre>ChannelNodeMain --chain URL --data DIR --seed N --peer-port P --stream-port S --channel ID --ready FILE
 *   [--hk-ms 20] [--sandbox-threads 2]</pre>
 */
public final class ChannelNodeMain {
  private ChannelNodeMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchProcs.parseArgs(args);
    Vertx vertx = Vertx.vertx();
    int seed = Integer.parseInt(o.get("seed"));
    Ed25519.KeyPair key = BenchKeys.member(seed);
    String channelId = o.get("channel");
    JsonRpcChainClient chain = new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(o.get("chain")));

    PeerOptions po = new PeerOptions();
    po.host = "127.0.0.1";
    po.port = Integer.parseInt(o.get("peer-port"));
    po.heartbeatIntervalMs = 250;
    po.linkTimeoutMs = 1500;
    po.reconnectMaxMs = 500;
    po.maxQueuedFrames = 16_384;
    po.writeQueueMaxBytes = 8 * 1024 * 1024;
    PeerGossipVerticle gossip = new PeerGossipVerticle(key, po, null);
    await(vertx.deployVerticle(gossip));

    ChannelNodeConfig cfg = new ChannelNodeConfig(key, key, Path.of(o.get("data")));
    cfg.housekeepingMillis = Long.parseLong(o.getOrDefault("hk-ms", "20"));
    cfg.sandboxThreads = Integer.parseInt(o.getOrDefault("sandbox-threads", "2"));
    cfg.maxQueued = Integer.parseInt(o.getOrDefault("max-queued", "16384"));
    cfg.maxHeldWrites = 1024;
    cfg.leaderSyncMillis = 500;
    ChannelNode node = new ChannelNode(chain, gossip.network(), cfg);
    await(vertx.deployVerticle(node));
    await(node.open(channelId));

    StreamOptions so = new StreamOptions();
    so.host = "127.0.0.1";
    so.port = Integer.parseInt(o.getOrDefault("stream-port", "0"));
    so.connectionRatePerSecond = 100_000;
    so.connectionBurst = 100_000;
    so.memberRatePerSecond = 1_000_000;
    so.memberBurst = 1_000_000;
    so.nonceWindow = 1 << 16;
    so.maxQueuedMessages = 8192;
    so.idleTimeoutMs = 600_000;
    int instances = Integer.parseInt(o.getOrDefault("stream-instances", "1"));
    List<StreamVerticle> streams = new ArrayList<>();
    io.statecraft.verticle.stream.NonceWindows nonces = new io.statecraft.verticle.stream.NonceWindows(so.nonceWindow);
    for (int i = 0; i < instances; i++) {
      StreamVerticle sv = new StreamVerticle(node, so, null, nonces);
      streams.add(sv);
      await(vertx.deployVerticle(sv));
    }

    LoadGenerator[] load = new LoadGenerator[1];
    HttpServer control = vertx.createHttpServer().requestHandler(req -> {
      try {
        route(vertx, node, channelId, load, req);
      } catch (RuntimeException e) {
        req.response().setStatusCode(500).end(String.valueOf(e));
      }
    });
    await(control.listen(Integer.parseInt(o.getOrDefault("control-port", "0")), "127.0.0.1"));
    BenchProcs.writeReady(Path.of(o.get("ready")), new JsonObject().put("pid", ProcessHandle.current().pid())
        .put("controlPort", control.actualPort()).put("streamPort", streams.get(0).actualPort())
        .put("peerPort", po.port).put("nodeKey", io.statecraft.codec.Hex.encode(key.publicKey())));
  }

  private static void route(Vertx vertx, ChannelNode node, String channelId, LoadGenerator[] load, HttpServerRequest req) {
    String path = req.path();
    ChannelController c = node.controller(channelId);
    if (path.equals("/status")) {
      if (c == null) {
        json(req, new JsonObject().put("role", "NONE"));
        return;
      }
      JsonObject s = new JsonObject().put("role", c.role().name()).put("term", c.term()).put("height", c.height())
          .put("verifiedHeight", c.verifiedHeight()).put("held", Math.min(c.height(), c.verifiedHeight()))
          .put("frozen", c.frozen()).put("leader", c.leader());
      io.vertx.core.Promise<io.statecraft.codec.channel.Hash32> root = io.vertx.core.Promise.promise();
      c.stateRoot().onComplete(ar -> {
        if (ar.succeeded()) root.tryComplete(ar.result());
        else root.tryFail(ar.cause());
      });
      vertx.setTimer(2_000, t -> root.tryFail("state root not available within 2 s"));
      root.future().onComplete(ar -> json(req, s.put("stateRoot", ar.succeeded() ? ar.result().toHex() : null)));
    } else if (path.equals("/entries")) {
      long from = Long.parseLong(req.getParam("from"));
      long to = Math.min(Long.parseLong(req.getParam("to")), from + 1999);
      List<Future<Entry>> fs = new ArrayList<>();
      for (long h = from; h <= to; h++) fs.add(node.entry(channelId, h));
      // Bounded: answer with what is there after 20 s.
      Future<?> all = Future.join(fs);
      all.onComplete(ar -> {
        JsonArray out = new JsonArray();
        for (Future<Entry> f : fs) {
          if (f.failed()) {
            out.add(new JsonObject().put("error", String.valueOf(f.cause())));
            continue;
          }
          Entry e = f.result();
          out.add(new JsonObject().put("height", e.height()).put("txHash", e.txHash().toHex())
              .put("stateRoot", e.stateRoot().toHex()).put("ts", e.header().timestampMs())
              .put("kind", e.tx().getClass().getSimpleName()));
        }
        json(req, new JsonObject().put("entries", out));
      });
    } else if (path.equals("/game-join")) {
      req.body().onSuccess(b -> LoadGenerator.joinGame(node, channelId, b.toJsonObject().getJsonArray("seeds"))
          .onComplete(ar -> {
            if (ar.succeeded()) json(req, ar.result());
            else req.response().setStatusCode(500).end(String.valueOf(ar.cause()));
          }));
    } else if (path.equals("/load") && req.method().name().equals("POST")) {
      req.body().onSuccess(b -> {
        if (load[0] != null && !load[0].done()) {
          req.response().setStatusCode(409).end("a load is running");
          return;
        }
        load[0] = new LoadGenerator(vertx, node, channelId, b.toJsonObject());
        load[0].start().onComplete(ar -> {
          if (ar.succeeded()) json(req, new JsonObject().put("started", true).put("calls", load[0].total()));
          else req.response().setStatusCode(500).end(String.valueOf(ar.cause()));
        });
      });
    } else if (path.equals("/load")) {
      json(req, load[0] == null ? new JsonObject() : load[0].stats());
    } else if (path.equals("/load/stop")) {
      if (load[0] != null) load[0].stop();
      json(req, load[0] == null ? new JsonObject() : load[0].stats());
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest req, JsonObject j) {
    req.response().putHeader("content-type", "application/json").end(j.encode());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
