package io.statecraft.node.cli;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.runtime.NodeRuntime;
import java.util.List;

/** The lines a server command prints once it is up (stable: scripts and tests read them). */
final class Banners {
  private Banners() {}

  static List<String> node(NodeRuntime n) {
    String ops = n.opsUrl();
    return List.of(
        "  node          " + n.config().get(ConfigKeys.NODE_ID) + " member " + n.memberAddress(),
        "  node key      " + n.nodeKeyHex(),
        "  stream ws     " + n.streamWebSocketUrl(),
        "  stream grpc   " + n.streamGrpcEndpoint(),
        "  peer          " + n.peerEndpoint(),
        "  metrics       " + ops + "/metrics",
        "  health        " + ops + "/health",
        "  ready         " + ops + "/ready");
  }

  static List<String> ops(String opsUrl) {
    return List.of(
        "  metrics       " + opsUrl + "/metrics",
        "  health        " + opsUrl + "/health",
        "  ready         " + opsUrl + "/ready");
  }
}
