package io.statecraft.node.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.rpc.JsonRpcServerOptions;
import io.statecraft.chain.rpc.JsonRpcServerVerticle;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devchain inside this process: the persistent chain itself and its JSON-RPC server, so
 * nodes in other processes can share it. Runs on a Vert.x instance the caller owns.
 */
public final class EmbeddedDevchain {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDevchain.class);

  private final Vertx vertx;
  private final SettlementChain chain;
  private final DevchainOpener.Opened opened;
  private final String deploymentId;
  private final String rpcUrl;

  private EmbeddedDevchain(Vertx vertx, DevchainOpener.Opened opened, String deploymentId, String rpcUrl) {
    this.vertx = vertx;
    this.opened = opened;
    this.chain = opened.chain();
    this.deploymentId = deploymentId;
    this.rpcUrl = rpcUrl;
  }

  /**
   * Opens the devchain from {@code devchain.*} and serves it on {@code devchain.rpc-host} and
   * {@code devchain.rpc-port}.
   *
   * @param registry where the JSON-RPC server's meters go
   */
  public static Future<EmbeddedDevchain> start(Vertx vertx, NodeConfig config, MeterRegistry registry) {
    Objects.requireNonNull(registry);
    return DevchainOpener.open(vertx, config).compose(opened -> {
      JsonRpcServerOptions rpc = new JsonRpcServerOptions()
          .setHost(config.get(ConfigKeys.DEVCHAIN_RPC_HOST))
          .setPort(config.get(ConfigKeys.DEVCHAIN_RPC_PORT));
      JsonRpcServerVerticle server = new JsonRpcServerVerticle(opened.chain(), rpc, opened.devControl(), registry);
      return vertx.deployVerticle(server)
          .map(id -> {
            String url = "http://" + urlHost(rpc.getHost()) + ":" + server.actualPort() + "/rpc";
            log.info("devchain serving url={} dataDir={} devMode={}", url, config.get(ConfigKeys.DEVCHAIN_DATA_DIR),
                config.get(ConfigKeys.DEVCHAIN_DEV_MODE));
            return new EmbeddedDevchain(vertx, opened, id, url);
          })
          .recover(err -> opened.close().transform(x -> Future.failedFuture(err)));
    });
  }

  /** The chain itself, in process. */
  public SettlementChain chain() {
    return chain;
  }

  /** The JSON-RPC endpoint other processes use ({@code chain.rpc-url}). */
  public String rpcUrl() {
    return rpcUrl;
  }

  /** Stops serving, then closes the chain (which persists everything it committed). */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId).transform(x -> opened.close());
  }

  static String urlHost(String host) {
    // A wildcard bind is reachable on loopback; print an address a browser can open.
    return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
  }
}
