package io.statecraft.verticle.chainwatch.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The chain watcher's meters; names are documented in the README (Observability). */
public final class ChainWatchMeters {
  private final MeterRegistry registry;
  private final String nodeId;
  private final AtomicLong lastEventHeight = new AtomicLong(-1);
  private final AtomicLong reachable = new AtomicLong(0);

  public ChainWatchMeters(MeterRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
    Gauge.builder("statecraft.chainwatch.last.event.height", lastEventHeight, AtomicLong::doubleValue)
        .description("Height of the last chain event the watcher delivered (-1 before the first)")
        .tag("node", nodeId)
        .register(registry);
    Gauge.builder("statecraft.chainwatch.chain.reachable", reachable, AtomicLong::doubleValue)
        .description("1 while the last chain call succeeded, 0 after a failure that was not the contract's refusal")
        .tag("node", nodeId)
        .register(registry);
  }

  public void heartbeatSent(String channel) {
    counter("statecraft.chainwatch.heartbeats.sent", "On-chain heartbeats committed", channel).increment();
  }

  public void heartbeatFailed(String channel) {
    counter("statecraft.chainwatch.heartbeats.failed", "On-chain heartbeats refused or not delivered", channel).increment();
  }

  public void event(String type, long height) {
    Counter.builder("statecraft.chainwatch.events")
        .description("Chain events delivered to the watcher")
        .tag("node", nodeId)
        .tag("type", type == null ? "unknown" : type)
        .register(registry)
        .increment();
    lastEventHeight.accumulateAndGet(height, Math::max);
  }

  public void reachable(boolean up) {
    reachable.set(up ? 1 : 0);
  }

  public long lastEventHeight() {
    return lastEventHeight.get();
  }

  private Counter counter(String name, String description, String channel) {
    return Counter.builder(name).description(description).tag("node", nodeId).tag("channel", channel).register(registry);
  }
}
