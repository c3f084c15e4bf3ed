package io.statecraft.node.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.rpc.DevchainServer;
import io.statecraft.chain.rpc.JsonRpcServerOptions;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devchain inside this process ({@link DevchainServer}: the persistent chain and its
 * JSON-RPC server, so nodes in other processes can share it), configured from
 * {@code devchain.*}. Runs on a Vert.x instance the caller owns.
 */
public final class EmbeddedDevchain {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDevchain.class);

  private final DevchainServer server;
  private final String rpcUrl;

  private EmbeddedDevchain(DevchainServer server, String rpcUrl) {
    this.server = server;
    this.rpcUrl = rpcUrl;
  }

  /**
   * Opens the devchain in {@code devchain.data-dir} and serves it on {@code devchain.rpc-host}
   * and {@code devchain.rpc-port}.
   *
   * @param registry where the JSON-RPC server's meters go
   */
  public static Future<EmbeddedDevchain> start(Vertx vertx, NodeConfig config, MeterRegistry registry) {
    Objects.requireNonNull(registry);
    DevChainOptions chain = new DevChainOptions()
        .dataDir(Path.of(config.get(ConfigKeys.DEVCHAIN_DATA_DIR)))
        .devMode(config.get(ConfigKeys.DEVCHAIN_DEV_MODE))
        .blockIntervalMillis(config.get(ConfigKeys.DEVCHAIN_BLOCK_INTERVAL).toMillis());
    JsonRpcServerOptions rpc = new JsonRpcServerOptions()
        .setHost(config.get(ConfigKeys.DEVCHAIN_RPC_HOST))
        .setPort(config.get(ConfigKeys.DEVCHAIN_RPC_PORT));
    return DevchainServer.start(vertx, chain, rpc, registry).map(server -> {
      String url = "http://" + urlHost(rpc.getHost()) + ":" + server.port() + "/rpc";
      log.info("devchain serving url={} dataDir={} devMode={} blockInterval={}ms", url,
          chain.dataDir(), chain.devMode(), chain.blockIntervalMillis());
      return new EmbeddedDevchain(server, url);
    });
  }

  /** The chain itself, in process. */
  public SettlementChain chain() {
    return server.chain();
  }

  /** The JSON-RPC endpoint ({@code POST}) other processes use as {@code chain.rpc-url}. */
  public String rpcUrl() {
    return rpcUrl;
  }

  /** Stops serving, then closes the chain (which has persisted everything it committed). */
  public Future<Void> close() {
    return server.close();
  }

  static String urlHost(String host) {
    // A wildcard bind is reachable on loopback; print an address a browser can open.
    return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
  }
}
