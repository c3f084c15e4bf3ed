package io.statecraft.verticle.peer;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.codec.Ed25519;
import io.statecraft.verticle.peer.impl.FaultInjector;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The peer gossip verticle (SPEC §11): owns this node's {@link GrpcPeerNetwork}, on its own
 * event loop. Other verticles of the node use {@link #network()} (the controller adds peers
 * from the chain's member records and sends/receives through it).
 *
 * <p>Event-bus address (local consumer): {@value #STATUS_ADDRESS} — any request is answered
 * with a JSON status: {@code {nodeKey, port, epoch, peers: [{nodeKey, endpoint, linkUp,
 * rttMicros?, nextHop?, routeRttMicros?, forced?, forcedRelay?, queued?}]}}.
 */
public final class PeerGossipVerticle extends AbstractVerticle {
  public static final String STATUS_ADDRESS = "statecraft.peer.status";

  private final GrpcPeerNetworkFactory factory;
  private GrpcPeerNetwork network;
  private MessageConsumer<Object> status;

  @FunctionalInterface
  interface GrpcPeerNetworkFactory {
    GrpcPeerNetwork create(io.vertx.core.Vertx vertx);
  }

  public PeerGossipVerticle(Ed25519.KeyPair nodeKey, PeerOptions options, MeterRegistry registry) {
    this(nodeKey, options, registry, null);
  }

  /** With a {@link FaultInjector} (tests only). */
  public PeerGossipVerticle(Ed25519.KeyPair nodeKey, PeerOptions options, MeterRegistry registry, FaultInjector faults) {
    this.factory = v -> new GrpcPeerNetwork(v, nodeKey, options, registry, faults);
  }

  /** The network; available once the verticle is deployed. */
  public GrpcPeerNetwork network() {
    return network;
  }

  @Override
  public void start(Promise<Void> startPromise) {
    network = factory.create(vertx);
    status = vertx.eventBus().localConsumer(STATUS_ADDRESS, m -> network.status()
        .onSuccess(m::reply)
        .onFailure(e -> m.fail(500, e.getMessage())));
    network.start().onComplete(ar -> {
      if (ar.succeeded()) startPromise.complete();
      else startPromise.fail(ar.cause());
    });
  }

  @Override
  public void stop(Promise<Void> stopPromise) {
    if (status != null) status.unregister();
    network.close().onComplete(ar -> stopPromise.complete());
  }

}
