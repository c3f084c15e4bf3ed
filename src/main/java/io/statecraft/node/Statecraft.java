package io.statecraft.node;

/**
 * The fat jar's entry point. It sets the process-wide switches that libraries read once, when
 * their classes first load, and only then hands over to the command line: this class must not
 * reference any other class before those lines run (no static fields, no imports used
 * earlier), which is why the CLI lives in {@code io.statecraft.node.cli}.
 */
public final class Statecraft {
  private Statecraft() {}

  public static void main(String[] args) {
    // No usage reports to third parties from a node: Chronicle and Hazelcast both phone home
    // by default, and read these properties in static initialisers.
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x picks its log delegate once; route it (and so Netty's) to SLF4J/logback.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    int code = io.statecraft.node.cli.Cli.run(args);
    if (code != io.statecraft.node.cli.Cli.KEEP_RUNNING) {
      System.exit(code);
    }
    // A server command returned: its non-daemon Vert.x threads keep the process alive until
    // Ctrl-C / SIGTERM, when its shutdown hook closes everything cleanly.
  }
}
