package io.statecraft.verticle.peer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.codec.Ed25519;
import io.statecraft.verticle.peer.impl.FaultInjector;
import io.statecraft.verticle.peer.impl.PeerMetrics;
import io.statecraft.verticle.peer.impl.PeerNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PeerNetwork} over Vert.x gRPC: one server with one bidirectional-streaming method
 * ({@code statecraft.peer.v1.PeerLink/Link}), one stream per pair of nodes, a signed
 * challenge–response handshake, every frame signed and sequenced, heartbeats measuring RTT,
 * best-path relaying (SPEC §5, seed 000 §4). The wire protocol is in verticles/PEER-PROTOCOL.md.
 *
 * <p>Threading: the network lives on the context that calls {@link #start()} (the
 * {@link PeerGossipVerticle}'s event loop); every public method may be called from any thread
 * or context. Delivery is reliable (retransmit buffer, end-to-end cumulative acks): {@link #send}
 * completes when the destination acknowledged the message, and fails with a
 * {@link PeerSendException}: {@code UNKNOWN_PEER}, {@code UNREACHABLE} (no link and no relay,
 * or not acknowledged within {@link PeerOptions#deliveryTimeoutMs}), {@code QUEUE_FULL} (the
 * bounded retransmit buffer to that peer is full: the message is refused, nothing buffered is
 * dropped), {@code TOO_LARGE} or {@code CLOSED}.
 */
public final class GrpcPeerNetwork implements PeerNetwork {
  private final PeerNode node;

  public GrpcPeerNetwork(Vertx vertx, Ed25519.KeyPair nodeKey, PeerOptions options, MeterRegistry registry) {
    this(vertx, nodeKey, options, registry, null);
  }

  /** With a {@link FaultInjector} (tests only). */
  public GrpcPeerNetwork(Vertx vertx, Ed25519.KeyPair nodeKey, PeerOptions options, MeterRegistry registry, FaultInjector faults) {
    this.node = new PeerNode(vertx, nodeKey, options, registry == null ? new SimpleMeterRegistry() : registry, faults);
  }

  /** Starts the gRPC server on the current context; completes with the bound port. */
  public Future<Integer> start() {
    return node.start();
  }

  /** The bound port, -1 before {@link #start()} completed. */
  public int port() {
    return node.port();
  }

  @Override
  public String localNodeKey() {
    return node.me();
  }

  @Override
  public void addPeer(String nodeKey, String endpoint) {
    node.addPeer(nodeKey, endpoint);
  }

  @Override
  public void removePeer(String nodeKey) {
    node.removePeer(nodeKey);
  }

  @Override
  public Future<Void> send(String nodeKey, String type, Buffer payload) {
    return node.send(nodeKey, type, payload);
  }

  @Override
  public void onMessage(Handler<PeerMessage> handler) {
    node.onMessage(handler);
  }

  @Override
  public Optional<Long> latencyMillis(String nodeKey) {
    return node.latencyMillis(nodeKey);
  }

  @Override
  public Future<Void> close() {
    return node.close();
  }

  /**
   * Static relay (SPEC §3, channels over 5 members: members reach the Leader through their
   * candidate): every message to {@code destination} goes through {@code relay} while the link
   * to the relay is up, whatever the latencies; best path applies again while it is down.
   */
  public void forceRelay(String destination, String relay) {
    node.forceRelay(destination, relay);
  }

  public void clearForcedRelay(String destination) {
    node.forceRelay(destination, null);
  }

  /** The current next hop towards a peer: the peer itself when direct, a relay otherwise. */
  public Optional<String> nextHop(String nodeKey) {
    return node.nextHop(nodeKey);
  }

  public boolean linkUp(String nodeKey) {
    return node.linkUp(nodeKey);
  }

  /** Peers with an authenticated link up now. */
  public Set<String> linksUp() {
    return node.linksUp();
  }

  public Future<JsonObject> status() {
    return node.status();
  }

  public PeerMetrics metrics() {
    return node.metrics();
  }
}
