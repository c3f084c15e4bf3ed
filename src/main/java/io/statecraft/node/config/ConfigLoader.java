package io.statecraft.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Builds a {@link NodeConfig} from its four layers, highest precedence last:
 * the defaults shipped in the jar, the {@code --config} file, {@code STATECRAFT_*}
 * environment variables, and command-line values.
 *
 * <p>Every layer is checked against {@link ConfigKeys}: an unknown key or a value that does
 * not parse stops the load with a {@link ConfigException} naming the key, the value and its
 * origin. Nothing is silently ignored, because a typo in a production config that falls back
 * to a default is worse than a node that refuses to start.
 */
public final class ConfigLoader {
  /** Where the default file (conf/statecraft.yaml) sits inside the jar. */
  public static final String DEFAULTS_RESOURCE = "/io/statecraft/node/config/statecraft.yaml";

  public static final String ENV_PREFIX = "STATECRAFT_";

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param file the {@code --config} file, or null
   * @param env the process environment (only {@code STATECRAFT_*} variables are read)
   * @param cli command-line values by key name, in the order given; the map's value for a key
   *     is the text, its origin the flag that set it (see {@link CliValue})
   */
  public static NodeConfig load(Path file, Map<String, String> env, Map<String, CliValue> cli) {
    Map<String, NodeConfig.Entry> entries = new LinkedHashMap<>();
    applyTree(entries, readDefaults(), ConfigSource.DEFAULT, "built-in");
    if (file != null) {
      applyTree(entries, readFile(file), ConfigSource.FILE, file.toString());
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      ConfigKey<?> key = keyOfEnv(e.getKey());
      if (key == null) {
        throw new ConfigException("unknown environment variable " + e.getKey()
            + ": no configuration key maps to it" + suggestion(envToKeyGuess(e.getKey()))
            + " (every STATECRAFT_* variable must name a key)");
      }
      put(entries, key, e.getValue(), ConfigSource.ENV, e.getKey());
    }
    for (Map.Entry<String, CliValue> e : cli.entrySet()) {
      ConfigKey<?> key = ConfigKeys.byName(e.getKey());
      if (key == null) {
        throw new ConfigException("unknown configuration key '" + e.getKey() + "' given with "
            + e.getValue().flag() + suggestion(e.getKey()));
      }
      put(entries, key, e.getValue().text(), ConfigSource.CLI, e.getValue().flag());
    }
    NodeConfig config = new NodeConfig(entries);
    config.validate();
    return config;
  }

  /** Only the built-in defaults; what tests and embedded uses start from. */
  public static NodeConfig defaults() {
    return load(null, Map.of(), Map.of());
  }

  /** A command-line value and the flag that gave it (for example {@code --ops-port}). */
  public record CliValue(String text, String flag) {}

  // ---- Layers ----------------------------------------------------------------------------

  static Object readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("the built-in defaults " + DEFAULTS_RESOURCE + " are missing from the jar");
      }
      return parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in defaults");
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in defaults: " + e.getMessage(), e);
    }
  }

  static Object readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    return parseYaml(text, file.toString());
  }

  static Object parseYaml(String text, String origin) {
    // YAML 1.2 core schema: `on`, `yes` and `0777` stay what they look like, duplicate keys
    // are refused rather than the last one silently winning.
    LoadSettings settings = LoadSettings.builder().setLabel(origin).setAllowDuplicateKeys(false).build();
    try {
      return new Load(settings).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException("configuration file " + origin + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  private static void applyTree(Map<String, NodeConfig.Entry> entries, Object doc, ConfigSource source, String origin) {
    if (doc == null) {
      return; // an empty file sets nothing
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException("configuration file " + origin + " must hold a mapping of keys at its top level");
    }
    flatten(entries, "", map, source, origin);
  }

  private static void flatten(Map<String, NodeConfig.Entry> entries, String prefix, Map<?, ?> map,
      ConfigSource source, String origin) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException("configuration file " + origin + ": key " + e.getKey() + " under '"
            + prefix + "' is not a string");
      }
      String name = prefix.isEmpty() ? k : prefix + "." + k;
      ConfigKey<?> key = ConfigKeys.byName(name);
      Object value = e.getValue();
      if (key == null && value instanceof Map<?, ?> sub && isSection(name)) {
        flatten(entries, name, sub, source, origin);
      } else if (key == null) {
        throw new ConfigException("unknown configuration key '" + name + "' in " + origin + suggestion(name));
      } else if (value != null) {
        // A key left empty (`key:`) sets nothing in this layer.
        put(entries, key, value, source, origin);
      }
    }
  }

  private static boolean isSection(String name) {
    return ConfigKeys.all().keySet().stream().anyMatch(k -> k.startsWith(name + "."));
  }

  private static void put(Map<String, NodeConfig.Entry> entries, ConfigKey<?> key, Object raw,
      ConfigSource source, String origin) {
    try {
      entries.put(key.name(), new NodeConfig.Entry(key, key.parse(raw), source, origin));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key.name() + " (from " + source.label() + " " + origin + "): " + e.getMessage(), e);
    }
  }

  // ---- Names -----------------------------------------------------------------------------

  static ConfigKey<?> keyOfEnv(String env) {
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      if (k.envName().equals(env)) {
        return k;
      }
    }
    return null;
  }

  private static String envToKeyGuess(String env) {
    return env.substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }

  /** ", did you mean 'x'?" for the nearest known key, or nothing if none is near. */
  static String suggestion(String name) {
    return ConfigKeys.all().keySet().stream()
        .min(Comparator.comparingInt(k -> distance(normalize(k), normalize(name))))
        .filter(k -> distance(normalize(k), normalize(name)) <= Math.max(2, name.length() / 4))
        .map(k -> " (did you mean '" + k + "'?)")
        .orElse("");
  }

  private static String normalize(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replace('-', '.').replace('_', '.');
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
