package io.statecraft.node.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the node knows. conf/statecraft.yaml documents each one and holds
 * its default; a test checks the two agree. A new key is one constant here and one commented
 * entry there.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  public static final ConfigKey<String> NODE_ID = ConfigKey.string("node.id");
  public static final ConfigKey<String> NODE_DATA_DIR = ConfigKey.string("node.data-dir");
  public static final ConfigKey<String> NODE_KEY_FILE = ConfigKey.string("node.key.file");
  public static final ConfigKey<String> NODE_KEY_SEED = ConfigKey.string("node.key.seed").asSecret();

  public static final ConfigKey<String> OPS_HOST = ConfigKey.string("ops.host");
  public static final ConfigKey<Integer> OPS_PORT = ConfigKey.port("ops.port");

  public static final ConfigKey<String> CHAIN_MODE = ConfigKey.oneOf("chain.mode", "embedded", "rpc");
  public static final ConfigKey<String> CHAIN_RPC_URL = ConfigKey.string("chain.rpc-url");
  public static final ConfigKey<Duration> CHAIN_TIMEOUT = ConfigKey.duration("chain.timeout");

  public static final ConfigKey<String> DEVCHAIN_DATA_DIR = ConfigKey.string("devchain.data-dir");
  public static final ConfigKey<String> DEVCHAIN_RPC_HOST = ConfigKey.string("devchain.rpc-host");
  public static final ConfigKey<Integer> DEVCHAIN_RPC_PORT = ConfigKey.port("devchain.rpc-port");
  public static final ConfigKey<Duration> DEVCHAIN_BLOCK_INTERVAL = ConfigKey.duration("devchain.block-interval");
  public static final ConfigKey<Boolean> DEVCHAIN_DEV_MODE = ConfigKey.bool("devchain.dev-mode");

  public static final ConfigKey<List<String>> WATCH_CHANNELS = ConfigKey.stringList("watch.channels");
  public static final ConfigKey<Long> WATCH_FROM_HEIGHT = ConfigKey.longValue("watch.from-height", -1);
  public static final ConfigKey<Duration> WATCH_HEARTBEAT_INTERVAL = ConfigKey.duration("watch.heartbeat-interval");
  public static final ConfigKey<Duration> WATCH_RETRY_INITIAL = ConfigKey.duration("watch.retry-initial");
  public static final ConfigKey<Duration> WATCH_RETRY_MAX = ConfigKey.duration("watch.retry-max");

  public static final ConfigKey<Long> DEV_FUND_AMOUNT = ConfigKey.longValue("dev.fund-amount", 0);
  public static final ConfigKey<Boolean> DEV_DEMO_CHANNEL = ConfigKey.bool("dev.demo-channel");

  public static final ConfigKey<String> LOG_LEVEL = ConfigKey.oneOf("log.level", "TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private static final Map<String, ConfigKey<?>> ALL = index(
      NODE_ID, NODE_DATA_DIR, NODE_KEY_FILE, NODE_KEY_SEED,
      OPS_HOST, OPS_PORT,
      CHAIN_MODE, CHAIN_RPC_URL, CHAIN_TIMEOUT,
      DEVCHAIN_DATA_DIR, DEVCHAIN_RPC_HOST, DEVCHAIN_RPC_PORT, DEVCHAIN_BLOCK_INTERVAL, DEVCHAIN_DEV_MODE,
      WATCH_CHANNELS, WATCH_FROM_HEIGHT, WATCH_HEARTBEAT_INTERVAL, WATCH_RETRY_INITIAL, WATCH_RETRY_MAX,
      DEV_FUND_AMOUNT, DEV_DEMO_CHANNEL,
      LOG_LEVEL);

  /** Every key, in the order of the default file. */
  public static Map<String, ConfigKey<?>> all() {
    return ALL;
  }

  /** The key of a name, or null. */
  public static ConfigKey<?> byName(String name) {
    return ALL.get(name);
  }

  private static Map<String, ConfigKey<?>> index(ConfigKey<?>... keys) {
    Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (ConfigKey<?> k : keys) {
      if (m.put(k.name(), k) != null) {
        throw new IllegalStateException("duplicate configuration key " + k.name());
      }
      // '.' and '-' both become '_', so two names could share a variable: refuse at build time.
      String clash = env.put(k.envName(), k.name());
      if (clash != null) {
        throw new IllegalStateException(k.name() + " and " + clash + " share " + k.envName());
      }
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
