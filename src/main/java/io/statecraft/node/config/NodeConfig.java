package io.statecraft.node.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A resolved configuration: a typed value for every key of {@link ConfigKeys}, with the layer
 * and place it came from. Immutable; {@link #with} derives a changed copy (the dev setup
 * gives each of its nodes its own id, port and data directory this way).
 */
public final class NodeConfig {
  /** Printed instead of a secret's value. */
  public static final String MASK = "****";

  // user:password@ in a URL is a secret even when the key is not.
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]+:)[^/@\\s]+@");

  /** A key's value, the layer it came from, and where exactly (file path, variable, flag). */
  public record Entry(ConfigKey<?> key, Object value, ConfigSource source, String origin) {
    public Entry {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
      Objects.requireNonNull(source);
      Objects.requireNonNull(origin);
    }
  }

  private final Map<String, Entry> entries;

  NodeConfig(Map<String, Entry> entries) {
    for (String name : ConfigKeys.all().keySet()) {
      if (!entries.containsKey(name)) {
        throw new ConfigException("configuration key " + name + " has no value (the built-in defaults lack it)");
      }
    }
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public <T> T get(ConfigKey<T> key) {
    Entry e = entries.get(key.name());
    if (e == null) {
      throw new IllegalArgumentException("not a configuration key: " + key.name());
    }
    return key.type().cast(e.value());
  }

  public Entry entry(ConfigKey<?> key) {
    return entries.get(key.name());
  }

  public ConfigSource source(ConfigKey<?> key) {
    return entry(key).source();
  }

  /** A copy with one value replaced (already typed), recorded as coming from {@code source}. */
  public <T> NodeConfig with(ConfigKey<T> key, T value, ConfigSource source, String origin) {
    Map<String, Entry> copy = new LinkedHashMap<>(entries);
    copy.put(key.name(), new Entry(key, key.type().cast(value), source, origin));
    return new NodeConfig(copy);
  }

  /** The value as it may be printed: secrets masked, passwords in URLs masked. */
  public String printable(ConfigKey<?> key) {
    Entry e = entry(key);
    String text = key.format(e.value());
    if (key.secret()) {
      return text.isEmpty() ? "" : MASK;
    }
    return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
  }

  /**
   * The effective configuration, one logfmt fragment per key in the default file's order:
   * {@code key=ops.port value=8080 source=env origin=STATECRAFT_OPS_PORT}. Secrets masked.
   */
  public List<String> effectiveLines() {
    List<String> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      out.add("key=" + e.key().name()
          + " value=" + quote(printable(e.key()))
          + " source=" + e.source().label()
          + " origin=" + quote(e.origin()));
    }
    return out;
  }

  /** Cross-key checks that one key's type cannot express. */
  void validate() {
    if (get(ConfigKeys.WATCH_RETRY_INITIAL).compareTo(get(ConfigKeys.WATCH_RETRY_MAX)) > 0) {
      throw new ConfigException("watch.retry-initial (" + printable(ConfigKeys.WATCH_RETRY_INITIAL)
          + ") must not exceed watch.retry-max (" + printable(ConfigKeys.WATCH_RETRY_MAX) + ")");
    }
    String url = get(ConfigKeys.CHAIN_RPC_URL);
    try {
      java.net.URI uri = new java.net.URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new java.net.URISyntaxException(url, "not http(s)://host[:port]");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException("chain.rpc-url: expected an http(s)://host[:port]/ URL but got \"" + printable(ConfigKeys.CHAIN_RPC_URL) + "\"");
    }
    for (ConfigKey<String> k : java.util.List.of(ConfigKeys.NODE_KEY_SEED, ConfigKeys.PEER_KEY_SEED)) {
      String seed = get(k);
      if (!seed.isEmpty() && !seed.matches("(0x)?[0-9a-fA-F]{64}")) {
        throw new ConfigException(k.name() + ": expected 64 hex characters (a 32-byte Ed25519 seed); value not shown: secret");
      }
    }
    for (String side : java.util.List.of("peer", "stream")) {
      String cert = get(side.equals("peer") ? ConfigKeys.PEER_TLS_CERT_FILE : ConfigKeys.STREAM_TLS_CERT_FILE);
      String key = get(side.equals("peer") ? ConfigKeys.PEER_TLS_KEY_FILE : ConfigKeys.STREAM_TLS_KEY_FILE);
      if (cert.isEmpty() != key.isEmpty()) {
        throw new ConfigException(side + ".tls.cert-file and " + side + ".tls.key-file go together: set both or neither");
      }
    }
  }

  /** Quotes a logfmt value when it needs it. */
  static String quote(String v) {
    if (!v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\')) {
      return v;
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
