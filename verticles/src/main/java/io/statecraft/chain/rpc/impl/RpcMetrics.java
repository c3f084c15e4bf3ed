package io.statecraft.chain.rpc.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the JSON-RPC server:
 * <ul>
 *   <li>{@code statecraft.rpc.requests} (timer) tagged {@code method}, {@code transport}
 *   ({@code http}/{@code ws}) and {@code outcome} ({@code ok} or the error code);</li>
 *   <li>{@code statecraft.rpc.rejected} (counter) tagged {@code reason}: bodies refused before
 *   any method ran (too large, unparsable, invalid);</li>
 *   <li>{@code statecraft.rpc.subscriptions} (gauge): live WebSocket subscriptions.</li>
 * </ul>
 * The method tag only ever takes a known method name, or {@code unknown}: callers choose
 * method names, and a tag per arbitrary name would let them grow the registry without bound.
 */
public final class RpcMetrics {
  private final MeterRegistry registry;
  private final Set<String> knownMethods;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final AtomicInteger subscriptions = new AtomicInteger();

  public RpcMetrics(MeterRegistry registry, Set<String> knownMethods) {
    this.registry = registry;
    this.knownMethods = Set.copyOf(knownMethods);
    registry.gauge("statecraft.rpc.subscriptions", subscriptions);
  }

  public void record(String method, String transport, String outcome, long nanos) {
    String m = method != null && knownMethods.contains(method) ? method : "unknown";
    String key = m + '|' + transport + '|' + outcome;
    timers.computeIfAbsent(key, k -> Timer.builder("statecraft.rpc.requests")
        .description("JSON-RPC requests handled")
        .tag("method", m).tag("transport", transport).tag("outcome", outcome)
        .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void rejected(String reason) {
    Counter.builder("statecraft.rpc.rejected").tag("reason", reason).register(registry).increment();
  }

  public void subscriptionOpened() {
    subscriptions.incrementAndGet();
  }

  public void subscriptionClosed() {
    subscriptions.decrementAndGet();
  }

  public int liveSubscriptions() {
    return subscriptions.get();
  }
}
