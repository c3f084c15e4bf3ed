package io.statecraft.verticle.peer.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters of peer gossip, all tagged {@code node} (this node's key, short form):
 * <ul>
 *   <li>{@code statecraft.peer.links.up} gauge;
 *   <li>{@code statecraft.peer.messages.in|out} counters (application messages delivered to the
 *       handler / accepted by {@code send} with this node as origin), {@code statecraft.peer.messages.relayed},
 *       {@code statecraft.peer.messages.retransmitted} (sent again: link closed or replaced, or not acknowledged in time);
 *   <li>{@code statecraft.peer.signatures.bad} (link, handshake and end-to-end signatures),
 *       {@code statecraft.peer.frames.malformed}, {@code statecraft.peer.frames.out_of_sequence},
 *       {@code statecraft.peer.messages.replayed} (end-to-end replays and late duplicates, dropped);
 *   <li>{@code statecraft.peer.handshakes.refused} by reason, {@code statecraft.peer.handshake} timer;
 *   <li>{@code statecraft.peer.sends.failed} by reason;
 *   <li>{@code statecraft.peer.rtt} gauge per peer (smoothed direct RTT in ms; NaN until measured).
 * </ul>
 */
public final class PeerMetrics {
  private final MeterRegistry registry;
  private final String node;
  public final AtomicInteger linksUp = new AtomicInteger();
  public final Counter messagesIn;
  public final Counter messagesOut;
  public final Counter relayed;
  public final Counter badSignatures;
  public final Counter malformed;
  public final Counter outOfSequence;
  public final Counter replayed;
  public final Counter retransmitted;
  public final Timer handshake;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> sendFailures = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rttMicros = new ConcurrentHashMap<>();
  private final Map<String, Gauge> rttGauges = new ConcurrentHashMap<>();

  public PeerMetrics(MeterRegistry registry, String nodeKey) {
    this.registry = registry;
    this.node = shortKey(nodeKey);
    Gauge.builder("statecraft.peer.links.up", linksUp, AtomicInteger::get).tag("node", node).register(registry);
    messagesIn = Counter.builder("statecraft.peer.messages.in").tag("node", node).register(registry);
    messagesOut = Counter.builder("statecraft.peer.messages.out").tag("node", node).register(registry);
    relayed = Counter.builder("statecraft.peer.messages.relayed").tag("node", node).register(registry);
    badSignatures = Counter.builder("statecraft.peer.signatures.bad").tag("node", node).register(registry);
    malformed = Counter.builder("statecraft.peer.frames.malformed").tag("node", node).register(registry);
    outOfSequence = Counter.builder("statecraft.peer.frames.out_of_sequence").tag("node", node).register(registry);
    replayed = Counter.builder("statecraft.peer.messages.replayed").tag("node", node).register(registry);
    retransmitted = Counter.builder("statecraft.peer.messages.retransmitted").tag("node", node).register(registry);
    handshake = Timer.builder("statecraft.peer.handshake").tag("node", node).register(registry);
  }

  public static String shortKey(String key) {
    return key.length() > 18 ? key.substring(0, 18) : key;
  }

  public void refused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder("statecraft.peer.handshakes.refused")
        .tag("node", node).tag("reason", r).register(registry)).increment();
  }

  public double refusedCount(String reason) {
    Counter c = refused.get(reason);
    return c == null ? 0 : c.count();
  }

  public void sendFailed(String reason) {
    sendFailures.computeIfAbsent(reason, r -> Counter.builder("statecraft.peer.sends.failed")
        .tag("node", node).tag("reason", r).register(registry)).increment();
  }

  public void peerAdded(String peer) {
    rttGauges.computeIfAbsent(peer, p -> {
      AtomicLong v = rttMicros.computeIfAbsent(p, k -> new AtomicLong(-1));
      return Gauge.builder("statecraft.peer.rtt", v, a -> a.get() < 0 ? Double.NaN : a.get() / 1000.0)
          .tag("node", node).tag("peer", shortKey(p)).baseUnit("milliseconds").register(registry);
    });
  }

  public void peerRemoved(String peer) {
    Gauge g = rttGauges.remove(peer);
    if (g != null) registry.remove(g);
    rttMicros.remove(peer);
  }

  public void rtt(String peer, long micros) {
    AtomicLong v = rttMicros.get(peer);
    if (v != null) v.set(micros);
  }
}
