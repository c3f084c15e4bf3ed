package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.node.runtime.Chains;
import io.statecraft.node.runtime.EmbeddedDevchain;
import io.statecraft.node.runtime.NodeRuntime;
import io.statecraft.node.runtime.Observability;
import io.statecraft.node.runtime.VertxCloser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code statecraft node}: one node, as a deployment runs it. */
@Command(name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs one node from its configuration file, environment and flags.",
        "With chain.mode=rpc (the usual case) it reaches the chain at chain.rpc-url over JSON-RPC;",
        "with chain.mode=embedded it runs the devchain in the same process."})
final class NodeCommand extends ServerCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  ConfigOptions.OpsFlags opsFlags;

  @Mixin
  ConfigOptions.NodeFlags nodeFlags;

  @Override
  NodeConfig loadConfig() {
    return config.load(opsFlags, nodeFlags, null);
  }

  @Override
  Future<Running> start(NodeConfig cfg) {
    if ("rpc".equals(cfg.get(ConfigKeys.CHAIN_MODE))) {
      return NodeRuntime.start(cfg, Chains.rpc(cfg)).map(node -> running(node, null, null));
    }
    // Built here, on the main thread: not from inside the chain's Vert.x context.
    NodeRuntime shell = NodeRuntime.create(cfg, Observability.registry(cfg.get(ConfigKeys.NODE_ID)));
    Vertx chainVertx = Vertx.vertx();
    return EmbeddedDevchain.start(chainVertx, cfg, shell.registry())
        .compose(devchain -> shell.start(Chains.embedded(devchain))
            .map(node -> running(node, devchain, chainVertx))
            .recover(err -> devchain.close().transform(x -> Future.failedFuture(err))))
        .recover(err -> shell.close().transform(x -> VertxCloser.close(chainVertx)).transform(x -> Future.failedFuture(err)));
  }

  private static Running running(NodeRuntime node, EmbeddedDevchain devchain, Vertx chainVertx) {
    return new Running() {
      @Override
      public List<String> banner() {
        List<String> lines = new ArrayList<>();
        lines.add("statecraft node is up");
        lines.add("  chain rpc     " + (devchain == null ? node.config().get(ConfigKeys.CHAIN_RPC_URL) : devchain.rpcUrl()));
        lines.addAll(Banners.node(node));
        return lines;
      }

      @Override
      public Future<Void> close() {
        Future<Void> f = node.close();
        if (devchain != null) {
          f = f.transform(x -> devchain.close()).transform(x -> VertxCloser.close(chainVertx));
        }
        return f;
      }
    };
  }
}
