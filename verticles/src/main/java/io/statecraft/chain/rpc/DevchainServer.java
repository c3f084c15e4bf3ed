package io.statecraft.chain.rpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.devchain.DevChain;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.rpc.impl.DevChainControl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A devchain with its JSON-RPC server: what {@code statecraft devchain} (standalone, for
 * several node processes) and {@code statecraft dev} (embedded) run.
 *
 * <pre>{@code
 * DevchainServer.start(vertx, new DevChainOptions().dataDir(dir).blockIntervalMillis(1000),
 *     new JsonRpcServerOptions().setHost("127.0.0.1").setPort(8645))
 *   .onSuccess(s -> System.out.println("devchain at " + s.url()));
 * ...
 * server.close();   // stops serving, then closes the chain (final snapshot, log closed)
 * }</pre>
 *
 * <p>In dev mode ({@link DevChainOptions#devMode()}, the default) the faucet is enabled and the
 * server also answers {@code dev_produceBlock}, plus {@code dev_advanceTime} when the chain
 * runs on a {@link io.statecraft.chain.devchain.ManualClock}. Every committed block is on disk
 * before the server reports it, so a crash loses nothing that a client was told is committed.
 */
public final class DevchainServer {
  private final Vertx vertx;
  private final DevChain chain;
  private final JsonRpcServerVerticle verticle;
  private final String deploymentId;
  private final String host;
  private Future<Void> closing;

  private DevchainServer(Vertx vertx, DevChain chain, JsonRpcServerVerticle verticle, String deploymentId, String host) {
    this.vertx = vertx;
    this.chain = chain;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.host = host;
  }

  /**
   * Opens the devchain (replaying its data directory) and starts serving it.
   *
   * @param chainOptions data directory (required), block interval, dev mode, clock, limits
   * @param rpcOptions host and port (port 0 picks a free one, see {@link #port()}), limits
   * @param registry where request metrics go, or null for Micrometer's global registry
   */
  public static Future<DevchainServer> start(Vertx vertx, DevChainOptions chainOptions, JsonRpcServerOptions rpcOptions,
      MeterRegistry registry) {
    Objects.requireNonNull(chainOptions.dataDir(), "a data directory is required");
    return DevChain.open(vertx, chainOptions).compose(chain -> {
      DevControl dev = chainOptions.devMode() ? new DevChainControl(chain) : null;
      JsonRpcServerVerticle verticle = new JsonRpcServerVerticle(chain, rpcOptions, dev, registry);
      return vertx.deployVerticle(verticle)
          .map(id -> new DevchainServer(vertx, chain, verticle, id, rpcOptions.getHost()))
          // A chain opened but not served must not keep its data directory busy.
          .recover(err -> chain.close().transform(x -> Future.failedFuture(err)));
    });
  }

  /** {@link #start(Vertx, DevChainOptions, JsonRpcServerOptions, MeterRegistry)} with the usual knobs. */
  public static Future<DevchainServer> start(Vertx vertx, Path dataDir, String host, int port, long blockIntervalMillis,
      boolean devMode) {
    return start(vertx,
        new DevChainOptions().dataDir(dataDir).blockIntervalMillis(blockIntervalMillis).devMode(devMode),
        new JsonRpcServerOptions().setHost(host).setPort(port), null);
  }

  /** The chain, for in-process use (the embedded {@code statecraft dev} node talks to it directly). */
  public DevChain chain() {
    return chain;
  }

  /** The port the JSON-RPC server listens on. */
  public int port() {
    return verticle.actualPort();
  }

  /**
   * {@code http://host:port}: what nodes in other processes pass to
   * {@link JsonRpcClientOptions#fromUrl}. A wildcard bind address is given as loopback.
   */
  public String url() {
    String h = switch (host) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "[::]", "0:0:0:0:0:0:0:0" -> "[::1]";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
    return "http://" + h + ":" + port();
  }

  /** Stops serving, then closes the chain. Idempotent. */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = vertx.undeploy(deploymentId)
          .transform(ar -> chain.close());
    }
    return closing;
  }
}
