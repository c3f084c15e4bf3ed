package io.statecraft.node.config;

/**
 * A configuration that cannot be used: an unknown key, a value of the wrong type, an
 * unreadable file. The message names the key, the value and where it came from, so the CLI
 * prints it as is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
