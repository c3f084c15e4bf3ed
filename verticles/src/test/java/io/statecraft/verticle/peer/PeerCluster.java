package io.statecraft.verticle.peer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.codec.Ed25519;
import io.statecraft.verticle.peer.impl.FaultInjector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** In-process nodes for peer tests: each its own Vert.x instance, 127.0.0.1, port 0. */
final class PeerCluster implements AutoCloseable {
  static final class Node {
    final Ed25519.KeyPair key;
    final PeerOptions options;
    Vertx vertx;
    PeerGossipVerticle verticle;
    GrpcPeerNetwork net;
    int port;

    Node(Ed25519.KeyPair key, PeerOptions options) {
      this.key = key;
      this.options = options;
    }

    String name() {
      return net.localNodeKey();
    }

    String endpoint() {
      return "127.0.0.1:" + port;
    }
  }

  final FaultInjector faults = new FaultInjector();
  /** Runs the polling timers, so that stopping any node never stops a wait. */
  final Vertx harness = Vertx.vertx();
  final List<Node> nodes = new ArrayList<>();

  static PeerOptions fastOptions() {
    PeerOptions o = new PeerOptions();
    o.host = "127.0.0.1";
    o.port = 0;
    o.heartbeatIntervalMs = 50;
    o.linkTimeoutMs = 3_000;
    o.handshakeTimeoutMs = 3_000;
    o.reconnectInitialMs = 50;
    o.reconnectMaxMs = 400;
    o.retransmitTimeoutMs = 300;
    o.deliveryTimeoutMs = 15_000;
    return o;
  }

  Node add(PeerOptions o) {
    Node n = new Node(Ed25519.generate(), o);
    start(n);
    nodes.add(n);
    return n;
  }

  Node add() {
    return add(fastOptions());
  }

  void start(Node n) {
    n.vertx = Vertx.vertx();
    n.verticle = new PeerGossipVerticle(n.key, n.options, new SimpleMeterRegistry(), faults);
    await(n.vertx.deployVerticle(n.verticle));
    n.net = n.verticle.network();
    n.port = n.net.port();
  }

  /** Stops a node's Vert.x instance entirely (a crash from the others' point of view). */
  void stop(Node n) {
    await(n.vertx.close());
  }

  /** Makes every node know every other node. */
  void meshAll() {
    for (Node a : nodes) {
      for (Node b : nodes) {
        if (a != b) a.net.addPeer(b.name(), b.endpoint());
      }
    }
  }

  void awaitFullMesh() {
    awaitTrue(() -> nodes.stream().allMatch(n -> n.net.linksUp().size() == nodes.size() - 1), 10_000, "full mesh");
  }

  static <T> T await(Future<T> f) {
    return await(f, 20);
  }

  static <T> T await(Future<T> f, long seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  /** Polls a condition on a Vert.x timer (no sleeping); fails after timeoutMs. */
  static Future<Void> until(Vertx vertx, BooleanSupplier cond, long timeoutMs, String what) {
    Promise<Void> p = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (cond.getAsBoolean()) {
      p.complete();
      return p.future();
    }
    poll(vertx, cond, deadline, p, what);
    return p.future();
  }

  // One-shot timers in a chain: cancelling a periodic timer from its own first run can race.
  private static void poll(Vertx vertx, BooleanSupplier cond, long deadline, Promise<Void> p, String what) {
    vertx.setTimer(10, id -> {
      if (cond.getAsBoolean()) {
        p.tryComplete();
      } else if (System.nanoTime() > deadline) {
        p.tryFail(new AssertionError("timed out waiting for " + what));
      } else {
        poll(vertx, cond, deadline, p, what);
      }
    });
  }

  void awaitTrue(BooleanSupplier cond, long timeoutMs, String what) {
    await(until(harness, cond, timeoutMs, what));
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        n.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort
      }
    }
    harness.close();
  }
}
