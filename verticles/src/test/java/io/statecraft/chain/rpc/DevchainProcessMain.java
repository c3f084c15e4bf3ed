package io.statecraft.chain.rpc;

import io.statecraft.chain.devchain.DevChainOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A devchain with its JSON-RPC server in its own JVM, for the crash test. Arguments: data
 * directory, block interval in ms, optionally the port (default: any free one). Prints {@code DEVCHAIN_URL <url>} once serving. Exits when
 * its stdin closes, so it never outlives the test JVM that started it.
 */
public final class DevchainProcessMain {
  public static final String READY = "DEVCHAIN_URL ";

  private DevchainProcessMain() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    long interval = Long.parseLong(args[1]);
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Vertx vertx = Vertx.vertx();
    DevchainServer.start(vertx, new DevChainOptions().dataDir(dataDir).blockIntervalMillis(interval),
            new JsonRpcServerOptions().setHost("127.0.0.1").setPort(port), null)
        .onSuccess(s -> {
          System.out.println(READY + s.url());
          System.out.flush();
        })
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(2);
        });
    // Vert.x threads do not keep a JVM alive: the main thread waits here, for stdin's EOF.
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // Only EOF matters.
      }
    } catch (IOException ignored) {
      // Parent gone.
    }
    System.exit(0);
  }
}
