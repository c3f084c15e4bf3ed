package io.statecraft.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key: its dotted name, what its values look like, and whether it is a
 * secret (masked wherever the configuration is printed).
 *
 * <p>A value arrives either as text (environment, command line) or as a YAML scalar or
 * sequence (files); {@link #parse(Object)} accepts both and returns the typed value.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final String name;
  private final Class<T> type;
  private final String expected;
  private final Parser<T> parser;
  private final boolean secret;

  @FunctionalInterface
  interface Parser<T> {
    /** Returns the typed value, or throws IllegalArgumentException if it does not fit. */
    T parse(Object raw);
  }

  private ConfigKey(String name, Class<T> type, String expected, Parser<T> parser, boolean secret) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad configuration key name: " + name);
    }
    this.name = name;
    this.type = type;
    this.expected = expected;
    this.parser = parser;
    this.secret = secret;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** What a valid value looks like, for error messages and the README. */
  public String expected() {
    return expected;
  }

  public boolean secret() {
    return secret;
  }

  /** The environment variable that overrides this key: STATECRAFT_ and the name upper-cased. */
  public String envName() {
    return envName(name);
  }

  static String envName(String key) {
    return "STATECRAFT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** A copy of this key that is masked when printed. */
  public ConfigKey<T> asSecret() {
    return new ConfigKey<>(name, type, expected, parser, true);
  }

  /**
   * Converts a raw value (text, or what the YAML parser produced) to this key's type.
   *
   * @throws IllegalArgumentException with a message saying what was expected
   */
  public T parse(Object raw) {
    Objects.requireNonNull(raw, "raw");
    try {
      return parser.parse(raw);
    } catch (IllegalArgumentException | ClassCastException e) {
      // A secret that does not parse is still a secret: say what was expected, never the value.
      throw new IllegalArgumentException("expected " + expected + " but got " + (secret ? "a value that does not fit (not shown: secret)" : describe(raw)), e);
    }
  }

  /** The value as text, the way it would be written in the environment or with --set. */
  public String format(Object value) {
    if (value instanceof Duration d) {
      return formatDuration(d);
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return name;
  }

  // ---- Factories -------------------------------------------------------------------------

  public static ConfigKey<String> string(String name) {
    return new ConfigKey<>(name, String.class, "a string", raw -> {
      if (raw instanceof Map<?, ?> || raw instanceof Collection<?>) {
        throw new IllegalArgumentException();
      }
      return String.valueOf(raw);
    }, false);
  }

  public static ConfigKey<Integer> integer(String name, int min, int max) {
    return new ConfigKey<>(name, Integer.class, "an integer from " + min + " to " + max, raw -> {
      long v = toLong(raw);
      if (v < min || v > max) {
        throw new IllegalArgumentException();
      }
      return (int) v;
    }, false);
  }

  public static ConfigKey<Integer> port(String name) {
    return integer(name, 0, 65535);
  }

  public static ConfigKey<Long> longValue(String name, long min) {
    return new ConfigKey<>(name, Long.class, "an integer of at least " + min, raw -> {
      long v = toLong(raw);
      if (v < min) {
        throw new IllegalArgumentException();
      }
      return v;
    }, false);
  }

  public static ConfigKey<Boolean> bool(String name) {
    return new ConfigKey<>(name, Boolean.class, "true or false", raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      if (raw instanceof String s) {
        // Only the two words: "yes", "1" or "on" are more likely typos than intentions.
        switch (s.trim().toLowerCase(Locale.ROOT)) {
          case "true":
            return true;
          case "false":
            return false;
          default:
            break;
        }
      }
      throw new IllegalArgumentException();
    }, false);
  }

  /** A positive duration written as a number and a unit: 250ms, 5s, 2m, 1h. */
  public static ConfigKey<Duration> duration(String name) {
    return new ConfigKey<>(name, Duration.class, "a positive duration such as 250ms, 5s, 2m or 1h", raw -> {
      if (!(raw instanceof String s)) {
        throw new IllegalArgumentException();
      }
      Matcher m = DURATION.matcher(s.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException();
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
      if (d.isZero()) {
        throw new IllegalArgumentException();
      }
      return d;
    }, false);
  }

  /** One of a fixed set of words, compared without regard to case, returned as written in the set. */
  public static ConfigKey<String> oneOf(String name, String... choices) {
    List<String> allowed = List.of(choices);
    return new ConfigKey<>(name, String.class, "one of " + String.join(", ", allowed), raw -> {
      if (!(raw instanceof String s)) {
        throw new IllegalArgumentException();
      }
      for (String c : allowed) {
        if (c.equalsIgnoreCase(s.trim())) {
          return c;
        }
      }
      throw new IllegalArgumentException();
    }, false);
  }

  /** A list of non-empty strings: a YAML sequence, or comma-separated text. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static ConfigKey<List<String>> stringList(String name) {
    Class<List<String>> type = (Class) List.class;
    return new ConfigKey<>(name, type, "a list of strings (comma-separated outside a file)", raw -> {
      List<String> out = new ArrayList<>();
      if (raw instanceof String s) {
        for (String part : s.split(",", -1)) {
          String t = part.trim();
          if (!t.isEmpty()) {
            out.add(t);
          }
        }
      } else if (raw instanceof List<?> list) {
        for (Object o : list) {
          if (o == null || o instanceof Map<?, ?> || o instanceof Collection<?>) {
            throw new IllegalArgumentException();
          }
          String t = String.valueOf(o).trim();
          if (t.isEmpty()) {
            throw new IllegalArgumentException();
          }
          out.add(t);
        }
      } else {
        throw new IllegalArgumentException();
      }
      return List.copyOf(out);
    }, false);
  }

  // ---- Helpers ---------------------------------------------------------------------------

  private static long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof java.math.BigInteger) {
      throw new IllegalArgumentException();
    }
    if (raw instanceof String s) {
      return Long.parseLong(s.trim());
    }
    throw new IllegalArgumentException();
  }

  private static String describe(Object raw) {
    if (raw instanceof String s) {
      return "\"" + s + "\"";
    }
    if (raw instanceof Map<?, ?>) {
      return "a nested section";
    }
    if (raw instanceof List<?>) {
      return "a list";
    }
    return raw + " (" + raw.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
  }

  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
