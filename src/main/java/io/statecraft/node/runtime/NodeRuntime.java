package io.statecraft.node.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.verticle.chainwatch.ChainWatcherOptions;
import io.statecraft.verticle.chainwatch.ChainWatcherVerticle;
import io.statecraft.verticle.ops.OpsHttpVerticle;
import io.statecraft.verticle.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
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

  private final NodeConfig config;
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
    // Key loading is blocking file I/O; it runs on the caller's thread before any event loop.
    Ed25519.KeyPair member = MemberKeys.load(config);
    PrometheusMeterRegistry registry = Observability.registry(config.get(ConfigKeys.NODE_ID));
    Vertx vertx = Observability.vertx(registry);
    NodeRuntime node = new NodeRuntime(config, vertx, registry, member);
    return node.boot(chainFactory).recover(err -> node.close().transform(x -> Future.failedFuture(err)));
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
    return vertx.close().onComplete(ar -> registry.close());
  }
}
