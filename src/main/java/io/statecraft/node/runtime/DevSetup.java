package io.statecraft.node.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigSource;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code statecraft dev}: a devchain (embedded, or the one at {@code chain.rpc-url} when
 * {@code chain.mode=rpc}) and {@link #NODES} nodes, each member funded by the faucet, and
 * optionally a demo channel that every member joins and watches.
 *
 * <p>Growing the setup is local to this class: raise {@link #NODES} (each extra node derives
 * its id, ops port and data directory in {@link #nodeConfig}), and add channels in
 * {@link #bootstrap}.
 */
public final class DevSetup {
  /** Nodes the dev setup runs. Later work runs a sample game channel across three. */
  public static final int NODES = 1;

  private static final Logger log = LoggerFactory.getLogger(DevSetup.class);

  private final Vertx devVertx;
  private EmbeddedDevchain devchain;
  private String rpcUrl;
  private final List<NodeRuntime> nodes = new ArrayList<>();
  private final List<String> channels = new ArrayList<>();

  private DevSetup(Vertx devVertx) {
    this.devVertx = devVertx;
  }

  public static Future<DevSetup> start(NodeConfig base) {
    return start(base, NODES);
  }

  /**
   * Starts the setup. Call it from a plain thread (the CLI's main thread), not an event loop:
   * it loads member keys and builds the nodes' Vert.x instances before anything runs.
   */
  public static Future<DevSetup> start(NodeConfig base, int nodeCount) {
    // The dev tooling and the embedded devchain share a Vert.x of their own, apart from the
    // nodes', as a devchain in another process would be.
    DevSetup dev = new DevSetup(Vertx.vertx());
    try {
      for (int i = 1; i <= nodeCount; i++) {
        NodeConfig cfg = nodeConfig(base, i);
        dev.nodes.add(NodeRuntime.create(cfg, Observability.registry(cfg.get(ConfigKeys.NODE_ID))));
      }
    } catch (RuntimeException e) {
      return dev.close().transform(x -> Future.failedFuture(e));
    }
    return dev.startChain(base, dev.nodes.get(0).registry())
        .compose(chainFactory -> dev.bootstrap(base, chainFactory.apply(dev.devVertx))
            .compose(v -> dev.startNodes(chainFactory)))
        .map(v -> dev)
        .recover(err -> dev.close().transform(x -> Future.failedFuture(err)));
  }

  private Future<Function<Vertx, SettlementChain>> startChain(NodeConfig base, MeterRegistry registry) {
    if ("rpc".equals(base.get(ConfigKeys.CHAIN_MODE))) {
      rpcUrl = base.get(ConfigKeys.CHAIN_RPC_URL);
      return Future.succeededFuture(Chains.rpc(base));
    }
    return EmbeddedDevchain.start(devVertx, base, registry).map(d -> {
      devchain = d;
      rpcUrl = d.rpcUrl();
      return Chains.embedded(d);
    });
  }

  /** Funds every member; creates and joins the demo channel if {@code dev.demo-channel}. */
  private Future<Void> bootstrap(NodeConfig base, SettlementChain chain) {
    long amount = base.get(ConfigKeys.DEV_FUND_AMOUNT);
    Future<?> f = Future.succeededFuture();
    for (NodeRuntime n : nodes) {
      f = f.compose(x -> amount > 0 ? DevBootstrap.fund(chain, n.member(), amount) : Future.succeededFuture());
    }
    if (!base.get(ConfigKeys.DEV_DEMO_CHANNEL)) {
      return f.mapEmpty();
    }
    return f.compose(x -> DevBootstrap.createDemoChannel(chain, nodes.get(0).member(), Math.max(5, nodes.size())))
        .compose(channelId -> {
          channels.add(channelId);
          Future<?> joins = Future.succeededFuture();
          for (NodeRuntime n : nodes) {
            String endpoint = "dev://" + n.config().get(ConfigKeys.NODE_ID);
            joins = joins.compose(y -> DevBootstrap.join(chain, n.member(), channelId, endpoint));
          }
          return joins.onSuccess(y -> log.info("demo channel created and joined channel={} members={}",
              channelId, nodes.size())).mapEmpty();
        });
  }

  private Future<Void> startNodes(Function<Vertx, SettlementChain> chainFactory) {
    Future<Void> f = Future.succeededFuture();
    for (NodeRuntime n : nodes) {
      n.watchAlso(channels, "statecraft dev demo channel");
      f = f.compose(v -> n.start(chainFactory).<Void>mapEmpty());
    }
    return f;
  }

  /**
   * The configuration of node {@code index} (1-based): node 1 is the configuration as given;
   * node i adds {@code -i} to the id and data directory and i-1 to the ops port (unless 0).
   */
  static NodeConfig nodeConfig(NodeConfig base, int index) {
    if (index == 1) {
      return base;
    }
    String origin = "statecraft dev node " + index;
    int port = base.get(ConfigKeys.OPS_PORT);
    NodeConfig c = base
        .with(ConfigKeys.NODE_ID, base.get(ConfigKeys.NODE_ID) + "-" + index, ConfigSource.DERIVED, origin)
        .with(ConfigKeys.NODE_DATA_DIR, base.get(ConfigKeys.NODE_DATA_DIR) + "-" + index, ConfigSource.DERIVED, origin)
        .with(ConfigKeys.OPS_PORT, port == 0 ? 0 : port + index - 1, ConfigSource.DERIVED, origin);
    // One member key per node: only node 1 may use a configured seed or key file.
    return c.with(ConfigKeys.NODE_KEY_SEED, "", ConfigSource.DERIVED, origin)
        .with(ConfigKeys.NODE_KEY_FILE, "", ConfigSource.DERIVED, origin);
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public List<NodeRuntime> nodes() {
    return List.copyOf(nodes);
  }

  public List<String> channels() {
    return List.copyOf(channels);
  }

  /** Stops the nodes first (their last heartbeats may still be in flight), then the chain. */
  public Future<Void> close() {
    Future<Void> f = Future.succeededFuture();
    for (NodeRuntime n : nodes) {
      f = f.transform(x -> n.close());
    }
    return f.transform(x -> devchain == null ? Future.succeededFuture() : devchain.close())
        .transform(x -> VertxCloser.close(devVertx));
  }
}
