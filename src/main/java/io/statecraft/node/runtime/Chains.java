package io.statecraft.node.runtime;

import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.rpc.JsonRpcChainClient;
import io.statecraft.chain.rpc.JsonRpcClientOptions;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Vertx;
import java.util.function.Function;

/** How a node gets its {@link SettlementChain}, per {@code chain.mode}. */
public final class Chains {
  private Chains() {}

  /** A JSON-RPC client of the chain at {@code url}, on {@code vertx}. */
  public static SettlementChain rpc(Vertx vertx, String url) {
    return new JsonRpcChainClient(vertx, JsonRpcClientOptions.fromUrl(url));
  }

  /** For a node reaching the chain at {@code chain.rpc-url}. */
  public static Function<Vertx, SettlementChain> rpc(NodeConfig config) {
    String url = config.get(ConfigKeys.CHAIN_RPC_URL);
    return vertx -> rpc(vertx, url);
  }

  /** For a node using a devchain that runs in this process on another Vert.x instance. */
  public static Function<Vertx, SettlementChain> embedded(EmbeddedDevchain devchain) {
    return vertx -> new ContextBoundChain(devchain.chain(), vertx);
  }
}
