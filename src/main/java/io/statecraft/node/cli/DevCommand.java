package io.statecraft.node.cli;

import io.statecraft.node.config.NodeConfig;
import io.statecraft.node.runtime.DevSetup;
import io.statecraft.node.runtime.NodeRuntime;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code statecraft dev}: the embedded devchain and a node, ready to play with. */
@Command(name = "dev",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts the embedded devchain and a node watching it: the local dev setup.",
        "The member is funded by the dev faucet and, with dev.demo-channel, joins a demo channel it heartbeats.",
        "Prints the chain RPC, metrics, health and readiness URLs; Ctrl-C stops everything cleanly."})
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
          lines.add("  demo channel  " + ch);
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
