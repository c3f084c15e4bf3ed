package io.statecraft.node.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Prometheus registry and the Vert.x instance that reports into it. Each node of a
 * process has its own pair, so a dev setup with several nodes serves each node's meters on
 * that node's /metrics without mixing them.
 */
public final class Observability {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private Observability() {}

  /** A registry whose every meter carries {@code node=<nodeId>}. */
  public static PrometheusMeterRegistry registry(String nodeId) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    return registry;
  }

  /**
   * A Vert.x instance with Micrometer metrics (event loops, event bus, HTTP servers and
   * clients, pools) and the JVM's meters (memory, GC, threads, class loading, CPU) in
   * {@code registry}.
   */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Vert.x keeps registries by name in a static map: a distinct name per instance keeps
        // two nodes of one process (and tests) from sharing one.
        .setRegistryName("statecraft-" + SEQ.incrementAndGet());
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
