package io.statecraft.node.runtime;

import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.rpc.DevControl;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * SEAM: the one place the node opens the devchain's chain implementation
 * ({@code io.statecraft.chain.devchain.DevChain}). Everything around it (the JSON-RPC server,
 * the dev faucet and demo channel, readiness, shutdown) is wired and works against
 * {@link SettlementChain}; only {@link #open} has to call {@code DevChain.open} once that
 * class is in the build.
 */
final class DevchainSeam {
  private DevchainSeam() {}

  /** An opened chain, its dev controls (null unless dev mode) and how to close it. */
  interface Opened {
    SettlementChain chain();

    DevControl devControl();

    Future<Void> close();
  }

  static Future<Opened> open(Vertx vertx, NodeConfig config) {
    return Future.failedFuture(new IllegalStateException(
        "the embedded devchain is not in this build yet (io.statecraft.chain.devchain.DevChain); "
            + "run with chain.mode=rpc against a devchain started elsewhere"));
  }
}
