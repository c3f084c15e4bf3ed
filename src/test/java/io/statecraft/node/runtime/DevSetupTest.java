package io.statecraft.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigLoader;
import io.statecraft.node.config.ConfigSource;
import io.statecraft.node.config.NodeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevSetupTest {
  @Test
  void laterNodesDeriveIdPortDataDirAndKeyFromTheFirst() {
    NodeConfig base = ConfigLoader.load(null, Map.of("STATECRAFT_NODE_KEY_SEED", "11".repeat(32)), Map.of());
    assertThat(DevSetup.nodeConfig(base, 1)).isSameAs(base);
    NodeConfig second = DevSetup.nodeConfig(base, 2);
    assertThat(second.get(ConfigKeys.NODE_ID)).isEqualTo("node-1-2");
    assertThat(second.get(ConfigKeys.OPS_PORT)).isEqualTo(8081);
    assertThat(second.get(ConfigKeys.NODE_DATA_DIR)).isEqualTo("data/node-2");
    assertThat(second.get(ConfigKeys.NODE_KEY_SEED)).isEmpty();
    assertThat(second.get(ConfigKeys.PEER_KEY_SEED)).isEmpty();
    assertThat(second.get(ConfigKeys.PEER_PORT)).isEqualTo(7601);
    assertThat(DevSetup.nodeConfig(base, 3).get(ConfigKeys.STREAM_PORT)).isEqualTo(7445);
    assertThat(second.source(ConfigKeys.NODE_ID)).isEqualTo(ConfigSource.DERIVED);
    NodeConfig ephemeral = ConfigLoader.load(null, Map.of("STATECRAFT_OPS_PORT", "0"), Map.of());
    assertThat(DevSetup.nodeConfig(ephemeral, 3).get(ConfigKeys.OPS_PORT)).isZero();
    NodeConfig allZero = ConfigLoader.load(null, Map.of("STATECRAFT_PEER_PORT", "0", "STATECRAFT_STREAM_PORT", "0"), Map.of());
    assertThat(DevSetup.nodeConfig(allZero, 2).get(ConfigKeys.PEER_PORT)).isZero();
    assertThat(DevSetup.nodeConfig(allZero, 2).get(ConfigKeys.STREAM_PORT)).isZero();
  }
}
