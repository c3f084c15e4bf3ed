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

  public static final ConfigKey<String> PEER_HOST = ConfigKey.string("peer.host");
  public static final ConfigKey<Integer> PEER_PORT = ConfigKey.port("peer.port");
  public static final ConfigKey<String> PEER_ENDPOINT = ConfigKey.string("peer.endpoint");
  public static final ConfigKey<String> PEER_KEY_FILE = ConfigKey.string("peer.key.file");
  public static final ConfigKey<String> PEER_KEY_SEED = ConfigKey.string("peer.key.seed").asSecret();
  public static final ConfigKey<String> PEER_TLS_CERT_FILE = ConfigKey.string("peer.tls.cert-file");
  public static final ConfigKey<String> PEER_TLS_KEY_FILE = ConfigKey.string("peer.tls.key-file");

  public static final ConfigKey<String> STREAM_HOST = ConfigKey.string("stream.host");
  public static final ConfigKey<Integer> STREAM_PORT = ConfigKey.port("stream.port");
  public static final ConfigKey<String> STREAM_TLS_CERT_FILE = ConfigKey.string("stream.tls.cert-file");
  public static final ConfigKey<String> STREAM_TLS_KEY_FILE = ConfigKey.string("stream.tls.key-file");
  public static final ConfigKey<Integer> STREAM_MAX_FRAME_BYTES = ConfigKey.integer("stream.max-frame-bytes", 1024, 16 * 1024 * 1024);
  public static final ConfigKey<Duration> STREAM_IDLE_TIMEOUT = ConfigKey.duration("stream.idle-timeout");
  public static final ConfigKey<Integer> STREAM_MEMBER_RATE = ConfigKey.integer("stream.member-rate", 1, 1_000_000);
  public static final ConfigKey<Integer> STREAM_MEMBER_BURST = ConfigKey.integer("stream.member-burst", 1, 1_000_000);
  public static final ConfigKey<Integer> STREAM_CONNECTION_RATE = ConfigKey.integer("stream.connection-rate", 1, 1_000_000);
  public static final ConfigKey<Integer> STREAM_CONNECTION_BURST = ConfigKey.integer("stream.connection-burst", 1, 1_000_000);
  public static final ConfigKey<Integer> STREAM_MAX_SUBSCRIPTIONS = ConfigKey.integer("stream.max-subscriptions", 1, 10_000);

  public static final ConfigKey<List<String>> CORE_CHANNELS = ConfigKey.stringList("core.channels");
  public static final ConfigKey<Boolean> CORE_DISCOVER = ConfigKey.bool("core.discover");
  public static final ConfigKey<Integer> CORE_SANDBOX_THREADS = ConfigKey.integer("core.sandbox-threads", 1, 256);
  public static final ConfigKey<Long> CORE_GAS_LIMIT = ConfigKey.longValue("core.gas-limit", 1);
  public static final ConfigKey<Long> CORE_SNAPSHOT_EVERY = ConfigKey.longValue("core.snapshot-every", 1);
  public static final ConfigKey<Integer> CORE_MAX_QUEUED = ConfigKey.integer("core.max-queued", 16, 1_000_000);

  public static final ConfigKey<Long> DEV_FUND_AMOUNT = ConfigKey.longValue("dev.fund-amount", 0);
  public static final ConfigKey<Boolean> DEV_DEMO_CHANNEL = ConfigKey.bool("dev.demo-channel");
  public static final ConfigKey<Integer> DEV_NODES = ConfigKey.integer("dev.nodes", 1, 5);
  public static final ConfigKey<Duration> DEV_TICK_INTERVAL = ConfigKey.duration("dev.tick-interval");
  public static final ConfigKey<Long> DEV_SETTLE_EVERY = ConfigKey.longValue("dev.settle-every", 1);
  public static final ConfigKey<Long> DEV_CHANNEL_COINS = ConfigKey.longValue("dev.channel-coins", 1);

  public static final ConfigKey<String> LOG_LEVEL = ConfigKey.oneOf("log.level", "TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private static final Map<String, ConfigKey<?>> ALL = index(
      NODE_ID, NODE_DATA_DIR, NODE_KEY_FILE, NODE_KEY_SEED,
      OPS_HOST, OPS_PORT,
      CHAIN_MODE, CHAIN_RPC_URL, CHAIN_TIMEOUT,
      DEVCHAIN_DATA_DIR, DEVCHAIN_RPC_HOST, DEVCHAIN_RPC_PORT, DEVCHAIN_BLOCK_INTERVAL, DEVCHAIN_DEV_MODE,
      WATCH_CHANNELS, WATCH_FROM_HEIGHT, WATCH_HEARTBEAT_INTERVAL, WATCH_RETRY_INITIAL, WATCH_RETRY_MAX,
      PEER_HOST, PEER_PORT, PEER_ENDPOINT, PEER_KEY_FILE, PEER_KEY_SEED, PEER_TLS_CERT_FILE, PEER_TLS_KEY_FILE,
      STREAM_HOST, STREAM_PORT, STREAM_TLS_CERT_FILE, STREAM_TLS_KEY_FILE, STREAM_MAX_FRAME_BYTES, STREAM_IDLE_TIMEOUT,
      STREAM_MEMBER_RATE, STREAM_MEMBER_BURST, STREAM_CONNECTION_RATE, STREAM_CONNECTION_BURST, STREAM_MAX_SUBSCRIPTIONS,
      CORE_CHANNELS, CORE_DISCOVER, CORE_SANDBOX_THREADS, CORE_GAS_LIMIT, CORE_SNAPSHOT_EVERY, CORE_MAX_QUEUED,
      DEV_FUND_AMOUNT, DEV_DEMO_CHANNEL, DEV_NODES, DEV_TICK_INTERVAL, DEV_SETTLE_EVERY, DEV_CHANNEL_COINS,
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
