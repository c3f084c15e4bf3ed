package io.statecraft.node.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.channel.ChannelController;
import io.statecraft.channel.ChannelController.Role;
import io.statecraft.codec.Ed25519;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigSource;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code statecraft dev}: a devchain (embedded, or the one at {@code chain.rpc-url} when
 * {@code chain.mode=rpc}) and {@code dev.nodes} nodes (default 3) in this process, each on its
 * own Vert.x, each member funded by the faucet; with {@code dev.demo-channel} a publisher
 * account creates the sample grid game channel, and one member after the other joins it (coins
 * brought in, its node key, its peer endpoint) and its node opens it: the first node becomes
 * the Leader, the others Followers.
 *
 * <p>Growing the setup is local to this class: node i derives its id, ports and data
 * directory in {@link #nodeConfig}; channels are added in {@link #bootstrap}.
 */
public final class DevSetup {
  /** Nodes the dev setup runs unless {@code dev.nodes} says otherwise. */
  public static final int NODES = 3;

  /** How long a node may take to take up its role in the dev channel. */
  static final long ROLE_TIMEOUT_MILLIS = 60_000;

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
    return start(base, base.get(ConfigKeys.DEV_NODES));
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
        .compose(chainFactory -> dev.startNodes(chainFactory)
            .compose(v -> dev.bootstrap(base, chainFactory.apply(dev.devVertx))))
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

  /**
   * Funds every member; with {@code dev.demo-channel} creates the grid game channel, then for
   * each node in turn: its member joins, its node opens the channel and takes its role (the
   * first leads), so the Leader is known before the Followers come.
   */
  private Future<Void> bootstrap(NodeConfig base, SettlementChain chain) {
    long amount = base.get(ConfigKeys.DEV_FUND_AMOUNT);
    Future<?> f = Future.succeededFuture();
    for (NodeRuntime n : nodes) {
      f = f.compose(x -> amount > 0 ? DevBootstrap.fund(chain, n.member(), amount) : Future.succeededFuture());
    }
    if (!base.get(ConfigKeys.DEV_DEMO_CHANNEL)) {
      return f.mapEmpty();
    }
    // A publisher account of its own, as a game studio would have.
    Ed25519.KeyPair publisher = Ed25519.generate();
    long coins = base.get(ConfigKeys.DEV_CHANNEL_COINS);
    return f.compose(x -> DevBootstrap.fund(chain, publisher, Math.max(amount, 1000)))
        .compose(x -> DevBootstrap.createGridGameChannel(chain, publisher, Math.max(5, nodes.size()),
            base.get(ConfigKeys.DEV_TICK_INTERVAL).toMillis(), base.get(ConfigKeys.DEV_SETTLE_EVERY)))
        .compose(channelId -> {
          channels.add(channelId);
          log.info("grid game channel created channel={} publisher={}", channelId, SignedTx.addressOf(publisher.publicKey()));
          Future<?> joins = Future.succeededFuture();
          for (int i = 0; i < nodes.size(); i++) {
            NodeRuntime n = nodes.get(i);
            Set<Role> want = i == 0 ? EnumSet.of(Role.LEADER) : EnumSet.of(Role.FOLLOWER);
            joins = joins
                .compose(y -> DevBootstrap.join(chain, n.member(), channelId, n.nodeKeyHex(), n.peerEndpoint(), coins))
                .compose(y -> n.channels().open(channelId, "statecraft dev channel"))
                .compose(y -> awaitRole(n, channelId, want));
          }
          return joins.onSuccess(y -> log.info("grid game channel running channel={} members={} leader={}",
              channelId, nodes.size(), nodes.get(0).config().get(ConfigKeys.NODE_ID))).mapEmpty();
        });
  }

  /** Completes once the node's controller of the channel has one of the roles (bounded). */
  private Future<Void> awaitRole(NodeRuntime n, String channelId, Set<Role> roles) {
    Promise<Void> p = Promise.promise();
    long deadline = System.currentTimeMillis() + ROLE_TIMEOUT_MILLIS;
    devVertx.setPeriodic(20, id -> {
      ChannelController c = n.core().controller(channelId);
      Role r = c == null ? null : c.role();
      if (r != null && roles.contains(r)) {
        devVertx.cancelTimer(id);
        log.info("node={} channel={} role={}", n.config().get(ConfigKeys.NODE_ID), channelId, r);
        p.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        devVertx.cancelTimer(id);
        p.tryFail(new IllegalStateException(n.config().get(ConfigKeys.NODE_ID) + " did not become " + roles
            + " of channel " + channelId + " within " + ROLE_TIMEOUT_MILLIS + " ms (role " + r + ")"));
      }
    });
    return p.future();
  }

  private Future<Void> startNodes(Function<Vertx, SettlementChain> chainFactory) {
    Future<Void> f = Future.succeededFuture();
    for (NodeRuntime n : nodes) {
      f = f.compose(v -> n.start(chainFactory).<Void>mapEmpty());
    }
    return f;
  }

  /**
   * The configuration of node {@code index} (1-based): node 1 is the configuration as given;
   * node i adds {@code -i} to the id and data directory and i-1 to the ops, peer and stream ports
   * (unless 0), and generates its own member and node keys.
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
    c = c.with(ConfigKeys.PEER_PORT, shifted(base.get(ConfigKeys.PEER_PORT), index), ConfigSource.DERIVED, origin)
        .with(ConfigKeys.STREAM_PORT, shifted(base.get(ConfigKeys.STREAM_PORT), index), ConfigSource.DERIVED, origin)
        .with(ConfigKeys.PEER_ENDPOINT, "", ConfigSource.DERIVED, origin);
    // One member key and one node key per node: only node 1 may use a configured seed or key file.
    return c.with(ConfigKeys.NODE_KEY_SEED, "", ConfigSource.DERIVED, origin)
        .with(ConfigKeys.NODE_KEY_FILE, "", ConfigSource.DERIVED, origin)
        .with(ConfigKeys.PEER_KEY_SEED, "", ConfigSource.DERIVED, origin)
        .with(ConfigKeys.PEER_KEY_FILE, "", ConfigSource.DERIVED, origin);
  }

  private static int shifted(int port, int index) {
    return port == 0 ? 0 : port + index - 1;
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
