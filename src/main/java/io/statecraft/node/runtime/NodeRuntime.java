package io.statecraft.node.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.statecraft.channel.ChannelNode;
import io.statecraft.channel.ChannelNodeConfig;
import io.statecraft.node.config.ConfigException;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigSource;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.verticle.chainwatch.ChainWatcherOptions;
import io.statecraft.verticle.chainwatch.ChainWatcherVerticle;
import io.statecraft.verticle.ops.OpsHttpVerticle;
import io.statecraft.verticle.ops.Readiness;
import io.statecraft.verticle.peer.PeerGossipVerticle;
import io.statecraft.verticle.peer.PeerOptions;
import io.statecraft.verticle.stream.StreamOptions;
import io.statecraft.verticle.stream.StreamVerticle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the node's verticles on the event bus, deployed in this order: the chain watcher, the peer
 * gossip verticle (gRPC server, node key), the channel core {@link ChannelNode} (controller per
 * channel, sandbox worker pool, ticking), the client stream verticle (WebSocket + gRPC, with the
 * channel core as its gateway) and the {@link ChannelServiceVerticle} that opens the channels
 * the node serves (configured and discovered on chain).
 *
 * <p>Readiness ({@code /ready}): {@code verticles} turns UP once every verticle is deployed;
 * {@code chain} asks the chain for its status on each probe, within {@code chain.timeout};
 * {@code channels} is UP once every configured channel is open (or found closed on chain).
 */
public final class NodeRuntime {
  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  public static final String CHECK_VERTICLES = "verticles";
  public static final String CHECK_CHAIN = "chain";
  public static final String CHECK_CHANNELS = "channels";

  private NodeConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Ed25519.KeyPair member;
  private final Ed25519.KeyPair nodeKey;
  private final PeerTls peerTls;
  private final Readiness readiness = new Readiness();
  private SettlementChain chain;
  private OpsHttpVerticle ops;
  private PeerGossipVerticle peer;
  private ChannelNode core;
  private StreamVerticle stream;
  private ChannelServiceVerticle service;
  private String peerEndpoint;

  /** PEM text of the peer server's TLS certificate and key, read before Vert.x runs; null when off. */
  private record PeerTls(String certPem, String keyPem) {}

  private NodeRuntime(NodeConfig config, Vertx vertx, PrometheusMeterRegistry registry, Ed25519.KeyPair member,
      Ed25519.KeyPair nodeKey, PeerTls peerTls) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.member = member;
    this.nodeKey = nodeKey;
    this.peerTls = peerTls;
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
    Ed25519.KeyPair nodeKey = MemberKeys.loadNodeKey(config);
    PeerTls tls = readPeerTls(config);
    return new NodeRuntime(config, Observability.vertx(registry), registry, member, nodeKey, tls);
  }

  private static PeerTls readPeerTls(NodeConfig config) {
    String cert = config.get(ConfigKeys.PEER_TLS_CERT_FILE);
    String key = config.get(ConfigKeys.PEER_TLS_KEY_FILE);
    if (cert.isEmpty() && key.isEmpty()) return null;
    if (cert.isEmpty() || key.isEmpty()) {
      throw new ConfigException("peer.tls.cert-file and peer.tls.key-file go together: set both or neither");
    }
    try {
      return new PeerTls(Files.readString(Path.of(cert)), Files.readString(Path.of(key)));
    } catch (IOException e) {
      throw new ConfigException("cannot read the peer TLS certificate or key: " + e.getMessage(), e);
    }
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
    readiness.flag(CHECK_CHANNELS, "channels are not opened yet");
    ops = new OpsHttpVerticle(config.get(ConfigKeys.OPS_HOST), config.get(ConfigKeys.OPS_PORT), registry::scrape,
        readiness, timeout);
    // Ops first, so /health answers and /ready explains itself while the rest deploys.
    return vertx.deployVerticle(ops)
        .compose(id -> deployVerticles())
        .map(v -> {
          readiness.up(CHECK_VERTICLES);
          log.info("node started id={} member={} nodeKey={} ops={}/ stream={} peer={}", config.get(ConfigKeys.NODE_ID),
              memberAddress(), nodeKeyHex(), opsUrl(), streamWebSocketUrl(), peerEndpoint);
          return this;
        });
  }

  private Future<Void> deployVerticles() {
    // The channel core heartbeats the channels it serves with the member's key; the watcher
    // must not heartbeat them too (the two would race for the account nonce).
    List<String> served = config.get(ConfigKeys.CORE_CHANNELS);
    List<String> watched = new ArrayList<>();
    for (String c : config.get(ConfigKeys.WATCH_CHANNELS)) {
      if (served.contains(c)) {
        log.warn("channel={} is in core.channels: the channel core heartbeats it, the chain watcher does not", c);
      } else {
        watched.add(c);
      }
    }
    ChainWatcherOptions watch = new ChainWatcherOptions()
        .setNodeId(config.get(ConfigKeys.NODE_ID))
        .setChannels(watched)
        .setFromHeight(config.get(ConfigKeys.WATCH_FROM_HEIGHT))
        .setHeartbeatInterval(config.get(ConfigKeys.WATCH_HEARTBEAT_INTERVAL))
        .setRetryInitial(config.get(ConfigKeys.WATCH_RETRY_INITIAL))
        .setRetryMax(config.get(ConfigKeys.WATCH_RETRY_MAX));
    peer = new PeerGossipVerticle(nodeKey, peerOptions(), registry);
    return vertx.deployVerticle(new ChainWatcherVerticle(chain, member, watch, registry))
        .compose(id -> vertx.deployVerticle(peer))
        .compose(id -> {
          String configured = config.get(ConfigKeys.PEER_ENDPOINT);
          peerEndpoint = configured.isEmpty()
              ? (peerTls == null ? "grpc://" : "grpcs://") + EmbeddedDevchain.urlHost(config.get(ConfigKeys.PEER_HOST)) + ":"
                  + peer.network().port()
              : configured;
          core = new ChannelNode(chain, peer.network(), coreConfig());
          return vertx.deployVerticle(core);
        })
        .compose(id -> {
          stream = new StreamVerticle(core, streamOptions(), registry);
          return vertx.deployVerticle(stream);
        })
        .compose(id -> {
          service = new ChannelServiceVerticle(chain, core, served, config.get(ConfigKeys.CORE_DISCOVER),
              config.get(ConfigKeys.NODE_ID), memberAddress(), nodeKeyHex(), peerEndpoint, why -> {
                if (why == null) readiness.up(CHECK_CHANNELS);
                else readiness.down(CHECK_CHANNELS, why);
              });
          return vertx.deployVerticle(service);
        })
        .mapEmpty();
  }

  private PeerOptions peerOptions() {
    PeerOptions o = new PeerOptions();
    o.host = config.get(ConfigKeys.PEER_HOST);
    o.port = config.get(ConfigKeys.PEER_PORT);
    if (peerTls != null) {
      o.tlsCertPem = peerTls.certPem();
      o.tlsKeyPem = peerTls.keyPem();
    }
    return o;
  }

  private ChannelNodeConfig coreConfig() {
    ChannelNodeConfig c = new ChannelNodeConfig(member, nodeKey, Path.of(config.get(ConfigKeys.NODE_DATA_DIR)));
    c.sandboxThreads = config.get(ConfigKeys.CORE_SANDBOX_THREADS);
    c.gasLimit = config.get(ConfigKeys.CORE_GAS_LIMIT);
    c.snapshotEvery = config.get(ConfigKeys.CORE_SNAPSHOT_EVERY);
    c.maxQueued = config.get(ConfigKeys.CORE_MAX_QUEUED);
    return c;
  }

  private StreamOptions streamOptions() {
    StreamOptions o = new StreamOptions();
    o.host = config.get(ConfigKeys.STREAM_HOST);
    o.port = config.get(ConfigKeys.STREAM_PORT);
    String cert = config.get(ConfigKeys.STREAM_TLS_CERT_FILE);
    String key = config.get(ConfigKeys.STREAM_TLS_KEY_FILE);
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException("stream.tls.cert-file and stream.tls.key-file go together: set both or neither");
    }
    if (!cert.isEmpty()) {
      o.tlsCertPath = cert;
      o.tlsKeyPath = key;
    }
    o.maxFrameBytes = config.get(ConfigKeys.STREAM_MAX_FRAME_BYTES);
    o.idleTimeoutMs = config.get(ConfigKeys.STREAM_IDLE_TIMEOUT).toMillis();
    o.memberRatePerSecond = config.get(ConfigKeys.STREAM_MEMBER_RATE);
    o.memberBurst = config.get(ConfigKeys.STREAM_MEMBER_BURST);
    o.connectionRatePerSecond = config.get(ConfigKeys.STREAM_CONNECTION_RATE);
    o.connectionBurst = config.get(ConfigKeys.STREAM_CONNECTION_BURST);
    o.maxSubscriptionsPerConnection = config.get(ConfigKeys.STREAM_MAX_SUBSCRIPTIONS);
    return o;
  }

  /** The channel core; available once started. */
  public ChannelNode core() {
    return core;
  }

  /** The verticle that opens served channels; available once started. */
  public ChannelServiceVerticle channels() {
    return service;
  }

  /** This node's key ({@code 0x}-hex), registered on chain as the member's nodeKey. */
  public String nodeKeyHex() {
    return "0x" + nodeKey.publicKeyHex();
  }

  public Ed25519.KeyPair nodeKey() {
    return nodeKey;
  }

  /** The endpoint other members' nodes dial (registered on chain when joining). */
  public String peerEndpoint() {
    return peerEndpoint;
  }

  /** Bound port of the client stream server. */
  public int streamPort() {
    return stream.actualPort();
  }

  private String streamHost() {
    return EmbeddedDevchain.urlHost(config.get(ConfigKeys.STREAM_HOST));
  }

  private boolean streamTls() {
    return !config.get(ConfigKeys.STREAM_TLS_CERT_FILE).isEmpty();
  }

  /** For example {@code ws://127.0.0.1:7443/stream/v1} ({@code wss://} with TLS). */
  public String streamWebSocketUrl() {
    return (streamTls() ? "wss://" : "ws://") + streamHost() + ":" + streamPort() + new StreamOptions().path;
  }

  /** The gRPC endpoint of the stream API (same port), for example {@code grpc://127.0.0.1:7443}. */
  public String streamGrpcEndpoint() {
    return (streamTls() ? "grpcs://" : "grpc://") + streamHost() + ":" + streamPort();
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
