package io.statecraft.verticle.ops;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's operations HTTP server:
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format.
 *   <li>{@code GET /health}: liveness; 200 {@code {"status":"UP"}} while the event loop answers.
 *   <li>{@code GET /ready}: readiness; 200 when every {@link Readiness} check passes, else 503
 *       with each check's state and the reasons.
 * </ul>
 * Bind it to loopback or a cluster-internal interface: it is for probes and scrapers, it has
 * no authentication.
 */
public final class OpsHttpVerticle extends AbstractVerticle {
  /** Prometheus text exposition format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(OpsHttpVerticle.class);

  private final String host;
  private final int port;
  private final Supplier<String> metrics;
  private final Readiness readiness;
  private final Duration checkTimeout;
  private volatile int actualPort = -1;
  private HttpServer server;

  /**
   * @param metrics returns the Prometheus scrape (for example {@code registry::scrape})
   * @param checkTimeout how long /ready waits for each check
   */
  public OpsHttpVerticle(String host, int port, Supplier<String> metrics, Readiness readiness, Duration checkTimeout) {
    this.host = Objects.requireNonNull(host);
    this.port = port;
    this.metrics = Objects.requireNonNull(metrics);
    this.readiness = Objects.requireNonNull(readiness);
    this.checkTimeout = Objects.requireNonNull(checkTimeout);
  }

  /** The port the server listens on once deployed (useful when configured with 0). */
  public int actualPort() {
    return actualPort;
  }

  @Override
  public void start(Promise<Void> startPromise) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(this::metrics);
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
    vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> {
          server = s;
          actualPort = s.actualPort();
          log.info("ops http listening url=http://{}:{}/ endpoints=/metrics,/health,/ready", host, actualPort);
          startPromise.complete();
        })
        .onFailure(err -> startPromise.fail(new IllegalStateException(
            "cannot listen on " + host + ":" + port + " for the ops HTTP server: " + err.getMessage(), err)));
  }

  @Override
  public void stop(Promise<Void> stopPromise) {
    if (server == null) {
      stopPromise.complete();
    } else {
      server.close().onComplete(ar -> stopPromise.complete());
    }
  }

  private void metrics(RoutingContext ctx) {
    // Scraping walks every meter and reads JVM MXBeans: keep it off the event loop.
    vertx.executeBlocking(metrics::get, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(500).end("metrics scrape failed: " + ar.cause().getMessage());
      } else {
        ctx.response().putHeader("Content-Type", PROMETHEUS_CONTENT_TYPE).end(ar.result());
      }
    });
  }

  private void ready(RoutingContext ctx) {
    readiness.check(vertx, checkTimeout).onComplete(ar -> {
      if (ar.failed()) {
        json(ctx, 503, new JsonObject().put("status", "NOT_READY").put("reasons", ar.cause().getMessage()));
      } else {
        json(ctx, ar.result().ready() ? 200 : 503, ar.result().toJson());
      }
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
