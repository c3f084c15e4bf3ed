package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.statecraft.node.runtime.DevSetup;
import io.statecraft.node.runtime.NodeRuntime;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code statecraft dev}: the embedded devchain and three nodes running the sample game channel. */
@Command(name = "dev",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts the embedded devchain and dev.nodes nodes (default 3) in one process: the local dev setup.",
        "Each member is funded by the dev faucet; with dev.demo-channel a publisher creates the sample grid game",
        "channel, every member joins it and its node serves it (the first node leads, the others follow).",
        "Prints per node the stream WebSocket URL and gRPC endpoint, the peer endpoint, the metrics, health and",
        "readiness URLs, and the channel id; Ctrl-C stops everything cleanly."})
final class DevCommand extends ServerCommand {
  @Mixin
  ConfigOptions config;

  @Mixin
  ConfigOptions.OpsFlags opsFlags;

  @Mixin
  ConfigOptions.NodeFlags nodeFlags;

  @Mixin
  ConfigOptions.DevchainFlags devchainFlags;

  @Override
  NodeConfig loadConfig() {
    return config.load(opsFlags, nodeFlags, devchainFlags);
  }

  @Override
  Future<Running> start(NodeConfig cfg) {
    return DevSetup.start(cfg).map(dev -> new Running() {
      @Override
      public List<String> banner() {
        List<String> lines = new ArrayList<>();
        lines.add("statecraft dev is up");
        lines.add("  chain rpc     " + dev.rpcUrl());
        for (NodeRuntime n : dev.nodes()) {
          lines.addAll(Banners.node(n));
        }
        for (String ch : dev.channels()) {
          lines.add("  channel       " + ch + " grid_game leader " + dev.nodes().get(0).config().get(ConfigKeys.NODE_ID));
        }
        return lines;
      }

      @Override
      public Future<Void> close() {
        return dev.close();
      }
    });
  }
}
