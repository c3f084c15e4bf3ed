package io.statecraft.node.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigSource;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.verticle.chainwatch.ChainWatcherOptions;
import io.statecraft.verticle.chainwatch.ChainWatcherVerticle;
import io.statecraft.verticle.ops.OpsHttpVerticle;
import io.statecraft.verticle.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: its own Vert.x (with its own metrics registry), the ops HTTP server, and
 * the node's verticles on the event bus. Today those are the chain watcher; the controller,
 * streaming, ticking, sandbox and gossip verticles deploy here too as they land (add them to
 * {@link #deployVerticles}).
 *
 * <p>Readiness ({@code /ready}): {@code verticles} turns UP once every verticle is deployed;
 * {@code chain} asks the chain for its status on each probe, within {@code chain.timeout}.
 */
public final class NodeRuntime {
  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  public static final String CHECK_VERTICLES = "verticles";
  public static final String CHECK_CHAIN = "chain";

  private NodeConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Ed25519.KeyPair member;
  private final Readiness readiness = new Readiness();
  private SettlementChain chain;
  private OpsHttpVerticle ops;

  private NodeRuntime(NodeConfig config, Vertx vertx, PrometheusMeterRegistry registry, Ed25519.KeyPair member) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.member = member;
  }

  /**
   * Starts a node.
   *
   * @param chainFactory gives the node's chain on the node's Vert.x (a JSON-RPC client, or the
   *     embedded devchain)
   */
  public static Future<NodeRuntime> start(NodeConfig config, Function<Vertx, SettlementChain> chainFactory) {
    return create(config, Observability.registry(config.get(ConfigKeys.NODE_ID))).start(chainFactory);
  }

  /**
   * Prepares a node without starting it: loads (or creates) the member key and builds the
   * node's Vert.x. Call it on a plain thread, not an event loop: key loading is blocking file
   * I/O, and a Vert.x instance is not built from inside another's context.
   *
   * @param registry where the node's meters go (the dev setup shares node 1's with the
   *     embedded devchain's JSON-RPC server, so one /metrics shows both)
   */
  public static NodeRuntime create(NodeConfig config, PrometheusMeterRegistry registry) {
    Ed25519.KeyPair member = MemberKeys.load(config);
    return new NodeRuntime(config, Observability.vertx(registry), registry, member);
  }

  /** Deploys the node's verticles; on failure closes the node. */
  public Future<NodeRuntime> start(Function<Vertx, SettlementChain> chainFactory) {
    return boot(chainFactory).recover(err -> close().transform(x -> Future.failedFuture(err)));
  }

  /**
   * Adds channels to watch from the start, before {@link #start} (the dev setup's demo
   * channel, created after the node's key is known).
   */
  public void watchAlso(List<String> channels, String origin) {
    List<String> watch = new ArrayList<>(config.get(ConfigKeys.WATCH_CHANNELS));
    channels.stream().filter(c -> !watch.contains(c)).forEach(watch::add);
    if (watch.size() != config.get(ConfigKeys.WATCH_CHANNELS).size()) {
      config = config.with(ConfigKeys.WATCH_CHANNELS, List.copyOf(watch), ConfigSource.DERIVED, origin);
      NodeConfig.Entry e = config.entry(ConfigKeys.WATCH_CHANNELS);
      log.info("config key={} value={} source={} origin=\"{}\"", e.key().name(), config.printable(e.key()),
          e.source().label(), e.origin());
    }
  }

  private Future<NodeRuntime> boot(Function<Vertx, SettlementChain> chainFactory) {
    chain = chainFactory.apply(vertx);
    Duration timeout = config.get(ConfigKeys.CHAIN_TIMEOUT);
    readiness.flag(CHECK_VERTICLES, "verticles are being deployed");
    readiness.register(CHECK_CHAIN, () -> chain.status());
    ops = new OpsHttpVerticle(config.get(ConfigKeys.OPS_HOST), config.get(ConfigKeys.OPS_PORT), registry::scrape,
        readiness, timeout);
    // Ops first, so /health answers and /ready explains itself while the rest deploys.
    return vertx.deployVerticle(ops)
        .compose(id -> deployVerticles())
        .map(v -> {
          readiness.up(CHECK_VERTICLES);
          log.info("node started id={} member={} ops=http://{}:{}/", config.get(ConfigKeys.NODE_ID), memberAddress(),
              EmbeddedDevchain.urlHost(config.get(ConfigKeys.OPS_HOST)), ops.actualPort());
          return this;
        });
  }

  private Future<Void> deployVerticles() {
    ChainWatcherOptions watch = new ChainWatcherOptions()
        .setNodeId(config.get(ConfigKeys.NODE_ID))
        .setChannels(config.get(ConfigKeys.WATCH_CHANNELS))
        .setFromHeight(config.get(ConfigKeys.WATCH_FROM_HEIGHT))
        .setHeartbeatInterval(config.get(ConfigKeys.WATCH_HEARTBEAT_INTERVAL))
        .setRetryInitial(config.get(ConfigKeys.WATCH_RETRY_INITIAL))
        .setRetryMax(config.get(ConfigKeys.WATCH_RETRY_MAX));
    return vertx.deployVerticle(new ChainWatcherVerticle(chain, member, watch, registry)).mapEmpty();
  }

  public NodeConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public SettlementChain chain() {
    return chain;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }

  public Ed25519.KeyPair member() {
    return member;
  }

  public String memberAddress() {
    return SignedTx.addressOf(member.publicKey());
  }

  /** Base URL of the ops HTTP server, for example {@code http://127.0.0.1:8080}. */
  public String opsUrl() {
    return "http://" + EmbeddedDevchain.urlHost(config.get(ConfigKeys.OPS_HOST)) + ":" + ops.actualPort();
  }

  /** Undeploys every verticle (each stops its timers and subscriptions) and closes Vert.x. */
  public Future<Void> close() {
    return VertxCloser.close(vertx).onComplete(ar -> registry.close());
  }
}
