package io.statecraft.bench;

import io.statecraft.chain.devchain.DevChainOptions;
import io.statecraft.chain.rpc.DevchainServer;
import io.statecraft.chain.rpc.JsonRpcServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/**
 * One devchain process for the multi-process crash test and the benchmarks: serves a devchain
 * on 127.0.0.1 and writes {@code {"url": …}} to the ready file once it listens.
 *
 * <pre>DevchainMain --data DIR --ready FILE [--port 0] [--block-ms 50]</pre>
 */
public final class DevchainMain {
  private DevchainMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = BenchProcs.parseArgs(args);
    Vertx vertx = Vertx.vertx();
    DevChainOptions co = new DevChainOptions().dataDir(Path.of(o.get("data")))
        .blockIntervalMillis(Long.parseLong(o.getOrDefault("block-ms", "50"))).devMode(true);
    JsonRpcServerOptions ro = new JsonRpcServerOptions().setHost("127.0.0.1")
        .setPort(Integer.parseInt(o.getOrDefault("port", "0")));
    DevchainServer s = DevchainServer.start(vertx, co, ro, null).toCompletionStage().toCompletableFuture().get();
    BenchProcs.writeReady(Path.of(o.get("ready")), new JsonObject().put("url", s.url()).put("pid", ProcessHandle.current().pid()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        s.close().toCompletionStage().toCompletableFuture().get();
      } catch (Exception ignored) {
        // exiting
      }
    }));
  }
}
