package io.statecraft.node.runtime;

import io.statecraft.chain.Block;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.devchain.DevChain;
import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.rpc.DevControl;
import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Opens the devchain ({@link DevChain}) the configuration describes ({@code devchain.*}). */
final class DevchainOpener {
  private DevchainOpener() {}

  /** An opened chain, its dev controls (null unless dev mode) and how to close it. */
  interface Opened {
    SettlementChain chain();

    DevControl devControl();

    Future<Void> close();
  }

  static Future<Opened> open(Vertx vertx, NodeConfig config) {
    boolean devMode = config.get(ConfigKeys.DEVCHAIN_DEV_MODE);
    DevChainOptions options = new DevChainOptions()
        .dataDir(Path.of(config.get(ConfigKeys.DEVCHAIN_DATA_DIR)))
        .devMode(devMode)
        .blockIntervalMillis(config.get(ConfigKeys.DEVCHAIN_BLOCK_INTERVAL).toMillis());
    return DevChain.open(vertx, options).map(chain -> new Opened() {
      @Override
      public SettlementChain chain() {
        return chain;
      }

      @Override
      public DevControl devControl() {
        return devMode ? new Control(chain) : null;
      }

      @Override
      public Future<Void> close() {
        return chain.close();
      }
    });
  }

  /** The dev_* RPC methods of a dev-mode devchain running on the system clock. */
  private record Control(DevChain chain) implements DevControl {
    @Override
    public Future<JsonObject> produceBlock() {
      return chain.produceBlock().map(Block::toJson);
    }

    @Override
    public Future<JsonObject> advanceTime(long millis) {
      // The standalone devchain follows the wall clock; tests that drive time use a
      // ManualClock in process instead.
      return Future.failedFuture(new IllegalStateException("this devchain follows the system clock; it cannot be advanced"));
    }
  }
}
