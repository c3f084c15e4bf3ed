package io.statecraft.node.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.node.runtime.EmbeddedDevchain;
import io.statecraft.node.runtime.Observability;
import io.statecraft.node.runtime.VertxCloser;
import io.statecraft.verticle.ops.OpsHttpVerticle;
import io.statecraft.verticle.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code statecraft devchain}: the devchain alone, for nodes in other processes. */
@Command(name = "devchain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs the standalone devchain with its JSON-RPC server, for several node processes.",
        "Nodes reach it with chain.mode=rpc and chain.rpc-url; the chain persists in devchain.data-dir.",
        "Prints its RPC URL; serves /metrics, /health and /ready on ops.host:ops.port."})
final class DevchainCommand extends ServerCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  ConfigOptions.OpsFlags opsFlags;

  @Mixin
  ConfigOptions.DevchainFlags devchainFlags;

  @Override
  NodeConfig loadConfig() {
    return config.load(opsFlags, null, devchainFlags);
  }

  @Override
  Future<Running> start(NodeConfig cfg) {
    PrometheusMeterRegistry registry = Observability.registry("devchain");
    Vertx vertx = Observability.vertx(registry);
    Readiness readiness = new Readiness().flag("rpc", "the JSON-RPC server is starting");
    OpsHttpVerticle ops = new OpsHttpVerticle(cfg.get(ConfigKeys.OPS_HOST), cfg.get(ConfigKeys.OPS_PORT),
        registry::scrape, readiness, cfg.get(ConfigKeys.CHAIN_TIMEOUT));
    return vertx.deployVerticle(ops)
        .compose(id -> EmbeddedDevchain.start(vertx, cfg, registry))
        .map(devchain -> {
          readiness.register("chain", () -> devchain.chain().status());
          readiness.up("rpc");
          return (Running) new Running() {
            @Override
            public List<String> banner() {
              List<String> lines = new ArrayList<>();
              lines.add("statecraft devchain is up");
              lines.add("  chain rpc     " + devchain.rpcUrl());
              lines.addAll(Banners.ops("http://" + opsHostForUrl(cfg) + ":" + ops.actualPort()));
              return lines;
            }

            @Override
            public Future<Void> close() {
              // Start from a context-less future: a chain headed by a future of `vertx` would try
              // to complete on an event loop that the close has already shut down.
              return Future.<Void>succeededFuture()
                  .transform(x -> devchain.close())
                  .transform(x -> VertxCloser.close(vertx));
            }
          };
        })
        .recover(err -> VertxCloser.close(vertx).transform(x -> Future.failedFuture(err)));
  }

  private static String opsHostForUrl(NodeConfig cfg) {
    String h = cfg.get(ConfigKeys.OPS_HOST);
    return "0.0.0.0".equals(h) || "::".equals(h) ? "127.0.0.1" : h;
  }
}
