package io.statecraft.channel.testing;

import io.statecraft.verticle.peer.PeerNetwork;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * An in-process "network" joining several nodes' {@link PeerNetwork}s (each possibly in its own
 * Vert.x instance) for multi-node tests, with fault injection: a node can be taken down, two
 * groups partitioned, messages dropped by a predicate, or delayed by a fixed real-time delay.
 * Delivery runs on the receiver's context, in send order per link when no delay is set.
 */
public final class InMemoryPeerHub {
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Set<String> partitionA = ConcurrentHashMap.newKeySet();
  private volatile BiPredicate<String, String> blocked = (a, b) -> false;
  private volatile DropRule drop = (from, to, type) -> false;
  private volatile long delayMillis;

  /** Decides per message whether it is silently lost. */
  @FunctionalInterface
  public interface DropRule {
    boolean drop(String from, String to, String type);
  }

  /** A node's network: register with its own Vert.x and key. */
  public PeerNetwork join(Vertx vertx, String nodeKey) {
    Node n = new Node(vertx, nodeKey);
    nodes.put(nodeKey, n);
    return n;
  }

  /** The node is unreachable (sends to it fail; its sends fail). */
  public void setDown(String nodeKey, boolean isDown) {
    if (isDown) down.add(nodeKey);
    else down.remove(nodeKey);
  }

  /** Cuts every link between {@code group} and the other nodes; {@link #heal()} restores. */
  public void partition(Set<String> group) {
    partitionA.clear();
    partitionA.addAll(group);
    blocked = (a, b) -> partitionA.contains(a) != partitionA.contains(b);
  }

  public void heal() {
    partitionA.clear();
    blocked = (a, b) -> false;
  }

  public void dropWhen(DropRule rule) {
    this.drop = rule == null ? (f, t, y) -> false : rule;
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  private final class Node implements PeerNetwork {
    final Vertx vertx;
    final String key;
    volatile Handler<PeerMessage> handler;
    volatile Context context;

    Node(Vertx vertx, String key) {
      this.vertx = vertx;
      this.key = key;
    }

    @Override
    public String localNodeKey() {
      return key;
    }

    @Override
    public void addPeer(String nodeKey, String endpoint) {}

    @Override
    public void removePeer(String nodeKey) {}

    @Override
    public Future<Void> send(String nodeKey, String type, Buffer payload) {
      Node to = nodes.get(nodeKey);
      if (to == null || down.contains(nodeKey) || down.contains(key) || blocked.test(key, nodeKey)) {
        return Future.failedFuture(new IllegalStateException("peer unreachable: " + nodeKey));
      }
      if (drop.drop(key, nodeKey, type)) return Future.succeededFuture();
      Handler<PeerMessage> h = to.handler;
      Context ctx = to.context;
      if (h == null || ctx == null) return Future.failedFuture(new IllegalStateException("peer not listening"));
      PeerMessage m = new PeerMessage(key, type, payload.copy());
      long d = delayMillis;
      if (d > 0) {
        to.vertx.setTimer(d, t -> ctx.runOnContext(v -> h.handle(m)));
      } else {
        ctx.runOnContext(v -> h.handle(m));
      }
      return Future.succeededFuture();
    }

    @Override
    public void onMessage(Handler<PeerMessage> h) {
      this.context = vertx.getOrCreateContext();
      this.handler = h;
    }

    @Override
    public Optional<Long> latencyMillis(String nodeKey) {
      return nodes.containsKey(nodeKey) ? Optional.of(delayMillis) : Optional.empty();
    }

    @Override
    public Future<Void> close() {
      nodes.remove(key, this);
      return Future.succeededFuture();
    }
  }
}
