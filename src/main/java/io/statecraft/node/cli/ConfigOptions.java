package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigLoader;
import io.statecraft.node.config.ConfigLoader.CliValue;
import io.statecraft.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options every command takes: {@code --config}, {@code --set}, and the
 * explicit flags for common keys. Explicit flags override {@code --set} for the same key;
 * both override the environment, which overrides the file.
 */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML configuration file (see conf/statecraft.yaml for every key).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set any configuration key, for example --set watch.heartbeat-interval=3s. Repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "log.level: TRACE, DEBUG, INFO, WARN, ERROR.")
  String logLevel;

  static final class NodeFlags {
    @Option(names = "--node-id", paramLabel = "ID", description = "node.id")
    String nodeId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "node.data-dir")
    String dataDir;

    @Option(names = "--chain", paramLabel = "MODE", description = "chain.mode: embedded or rpc")
    String chainMode;

    @Option(names = "--chain-rpc-url", paramLabel = "URL", description = "chain.rpc-url")
    String chainRpcUrl;

    @Option(names = "--channel", paramLabel = "ID", split = ",",
        description = "watch.channels: a channel to watch and heartbeat (not served). Repeatable.")
    List<String> channels;

    @Option(names = "--serve", paramLabel = "ID", split = ",",
        description = "core.channels: a channel this node serves (opens as Leader or Follower). Repeatable.")
    List<String> serve;

    @Option(names = "--peer-host", paramLabel = "HOST", description = "peer.host")
    String peerHost;

    @Option(names = "--peer-port", paramLabel = "PORT", description = "peer.port (0 = a free port)")
    String peerPort;

    @Option(names = "--peer-endpoint", paramLabel = "URL", description = "peer.endpoint, e.g. grpc://node1.example:7600")
    String peerEndpoint;

    @Option(names = "--stream-host", paramLabel = "HOST", description = "stream.host")
    String streamHost;

    @Option(names = "--stream-port", paramLabel = "PORT", description = "stream.port (0 = a free port)")
    String streamPort;
  }

  static final class OpsFlags {
    @Option(names = "--ops-host", paramLabel = "HOST", description = "ops.host")
    String opsHost;

    @Option(names = "--ops-port", paramLabel = "PORT", description = "ops.port (0 = a free port)")
    String opsPort;
  }

  static final class DevchainFlags {
    @Option(names = "--devchain-data-dir", paramLabel = "DIR", description = "devchain.data-dir")
    String dataDir;

    @Option(names = "--rpc-host", paramLabel = "HOST", description = "devchain.rpc-host")
    String rpcHost;

    @Option(names = "--rpc-port", paramLabel = "PORT", description = "devchain.rpc-port (0 = a free port)")
    String rpcPort;

    @Option(names = "--block-interval", paramLabel = "DURATION", description = "devchain.block-interval, e.g. 1s")
    String blockInterval;
  }

  /** The command-line layer, by key, in the order it applies. */
  Map<String, CliValue> values(OpsFlags ops, NodeFlags node, DevchainFlags devchain) {
    Map<String, CliValue> out = new LinkedHashMap<>();
    set.forEach((k, v) -> out.put(k, new CliValue(v, "--set " + k)));
    put(out, "log.level", logLevel, "--log-level");
    if (ops != null) {
      put(out, "ops.host", ops.opsHost, "--ops-host");
      put(out, "ops.port", ops.opsPort, "--ops-port");
    }
    if (node != null) {
      put(out, "node.id", node.nodeId, "--node-id");
      put(out, "node.data-dir", node.dataDir, "--data-dir");
      put(out, "chain.mode", node.chainMode, "--chain");
      put(out, "chain.rpc-url", node.chainRpcUrl, "--chain-rpc-url");
      put(out, "watch.channels", node.channels == null ? null : String.join(",", node.channels), "--channel");
      put(out, "core.channels", node.serve == null ? null : String.join(",", node.serve), "--serve");
      put(out, "peer.host", node.peerHost, "--peer-host");
      put(out, "peer.port", node.peerPort, "--peer-port");
      put(out, "peer.endpoint", node.peerEndpoint, "--peer-endpoint");
      put(out, "stream.host", node.streamHost, "--stream-host");
      put(out, "stream.port", node.streamPort, "--stream-port");
    }
    if (devchain != null) {
      put(out, "devchain.data-dir", devchain.dataDir, "--devchain-data-dir");
      put(out, "devchain.rpc-host", devchain.rpcHost, "--rpc-host");
      put(out, "devchain.rpc-port", devchain.rpcPort, "--rpc-port");
      put(out, "devchain.block-interval", devchain.blockInterval, "--block-interval");
    }
    return out;
  }

  /**
   * Loads the configuration of a command.
   *
   * @param ops the ops flags, or null
   * @param node the node flags, or null
   * @param devchain the devchain flags, or null
   */
  NodeConfig load(OpsFlags ops, NodeFlags node, DevchainFlags devchain) {
    return ConfigLoader.load(config, System.getenv(), values(ops, node, devchain));
  }

  private static void put(Map<String, CliValue> out, String key, String value, String flag) {
    if (value != null) {
      out.remove(key); // keep the flag's position last, so it wins over --set
      out.put(key, new CliValue(value, flag));
    }
  }
}
