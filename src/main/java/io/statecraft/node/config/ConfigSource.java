package io.statecraft.node.config;

/** The layers a configuration value can come from, lowest precedence first. */
public enum ConfigSource {
  /** The commented default file shipped inside the jar (conf/statecraft.yaml). */
  DEFAULT,
  /** The file given with {@code --config}. */
  FILE,
  /** A {@code STATECRAFT_*} environment variable. */
  ENV,
  /** A command-line flag or {@code --set key=value}. */
  CLI,
  /** Set by the command itself from other values (for example the dev setup's demo channel). */
  DERIVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
