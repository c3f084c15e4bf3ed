package io.statecraft.chain.rpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.rpc.impl.ChainMethods;
import io.statecraft.chain.rpc.impl.HttpRpcHandler;
import io.statecraft.chain.rpc.impl.RpcDispatcher;
import io.statecraft.chain.rpc.impl.RpcMetrics;
import io.statecraft.chain.rpc.impl.RpcMethod;
import io.statecraft.chain.rpc.impl.WebSocketSession;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Serves a {@link SettlementChain} over JSON-RPC 2.0, so several node processes share one
 * devchain: {@code POST /rpc} (single and batch requests) and the WebSocket {@code /rpc/ws}
 * (the same methods plus {@code chain_subscribe}/{@code chain_unsubscribe} with
 * {@code chain_event} notifications).
 *
 * <p>Methods and error codes are listed in {@code verticles/DEVCHAIN-RPC.md}. Chain calls are
 * asynchronous, so every request is handled on the event loop without blocking it.
 *
 * <p>Deploy one instance: subscriptions and metrics are per instance. The bound port is
 * {@link #actualPort()} once deployed (bind port 0 to pick a free one).
 */
public final class JsonRpcServerVerticle extends VerticleBase {
  public static final String WEBSOCKET_PATH = "/rpc/ws";

  private final SettlementChain chain;
  private final JsonRpcServerOptions options;
  private final DevControl dev;
  private final MeterRegistry registry;
  private HttpServer server;
  private RpcMetrics metrics;

  /**
   * @param chain the chain to serve
   * @param options host, port and limits
   * @param dev dev controls to expose as {@code dev_*} methods, or null (none exposed)
   * @param registry where request metrics go, or null for Micrometer's global registry
   */
  public JsonRpcServerVerticle(SettlementChain chain, JsonRpcServerOptions options, DevControl dev, MeterRegistry registry) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.options = Objects.requireNonNull(options, "options");
    this.dev = dev;
    this.registry = registry == null ? Metrics.globalRegistry : registry;
  }

  public JsonRpcServerVerticle(SettlementChain chain, JsonRpcServerOptions options) {
    this(chain, options, null, null);
  }

  @Override
  public Future<?> start() {
    Map<String, RpcMethod> methods = ChainMethods.of(chain, dev, options.getMaxEventsPerCall());
    Set<String> known = new HashSet<>(methods.keySet());
    known.add(ChainMethods.SUBSCRIBE);
    known.add(ChainMethods.UNSUBSCRIBE);
    metrics = new RpcMetrics(registry, known);
    RpcDispatcher dispatcher = new RpcDispatcher(methods, Set.of(ChainMethods.SUBSCRIBE, ChainMethods.UNSUBSCRIBE),
        metrics, options.getMaxBatchSize());
    HttpServerOptions httpOptions = new HttpServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        // A WebSocket message over the limit closes the connection (status 1009) before it is
        // assembled in memory.
        .setMaxWebSocketMessageSize(options.getMaxBodyBytes())
        .setMaxWebSocketFrameSize(Math.min(options.getMaxBodyBytes(), 65536))
        .setRegisterWebSocketWriteHandlers(false);
    server = vertx.createHttpServer(httpOptions)
        .requestHandler(new HttpRpcHandler(vertx, dispatcher, metrics, options.getMaxBodyBytes(),
            options.getBodyTimeoutMillis()))
        .webSocketHandshakeHandler(hs -> {
          if (WEBSOCKET_PATH.equals(hs.path())) {
            hs.accept();
          } else {
            hs.reject(404);
          }
        })
        .webSocketHandler(ws -> new WebSocketSession(ws, context, chain, dispatcher, metrics, options).start());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port bound, once deployed. */
  public int actualPort() {
    if (server == null) throw new IllegalStateException("not deployed");
    return server.actualPort();
  }

  /** Live WebSocket subscriptions (for tests and monitoring). */
  public int liveSubscriptions() {
    return metrics == null ? 0 : metrics.liveSubscriptions();
  }
}
