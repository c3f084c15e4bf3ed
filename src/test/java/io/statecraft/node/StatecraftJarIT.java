package io.statecraft.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the fat jar as a user would: {@code java -jar target/statecraft.jar …}, no JVM flags. */
class StatecraftJarIT {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STOP = Duration.ofSeconds(30);
  /** What a SIGTERM'd JVM exits with once its shutdown hooks are done. */
  private static final int SIGTERM_EXIT = 143;

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "dev", "node", "devchain", "move", "move check", "move disasm", "move asm", "move run", "bench", "bench devchain", "bench channel", "bench stream"})
  void helpOfEveryCommand(String sub) throws Exception {
    List<String> args = new ArrayList<>(sub.isEmpty() ? List.of() : List.of(sub.split(" ")));
    args.add("--help");
    try (JarProcess p = JarProcess.start(dir, args.toArray(String[]::new))) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
      assertThat(p.output()).startsWith(sub.isEmpty() ? "Usage: statecraft" : "Usage: statecraft " + sub);
      assertThat(p.output()).doesNotContain("WARNING"); // no illegal-access or module warnings
    }
  }

  /** A counter module in Move assembly: published under the signer, read back by {@code get}. */
  private static final String COUNTER = String.join("\n",
      "#[format(legacy, 6)]",
      "module 0x2::counter {",
      "  struct Counter has key { value: u64 }",
      "  public entry fun publish(account: &signer, start: u64) {",
      "    MoveLoc account",
      "    MoveLoc start",
      "    Pack Counter",
      "    MoveTo Counter",
      "    Ret",
      "  }",
      "  public fun add(a: u64, b: u64): u64 {",
      "    MoveLoc a",
      "    MoveLoc b",
      "    Add",
      "    Ret",
      "  }",
      "}",
      "");

  @Test
  void moveToolsAssembleCheckDisassembleAndRunAModule() throws Exception {
    Path src = dir.resolve("counter.masm");
    Path modules = Files.createDirectories(dir.resolve("modules"));
    Path mv = modules.resolve("counter.mv");
    Files.writeString(src, COUNTER);

    try (JarProcess p = JarProcess.start(dir, "move", "asm", src.toString(), "-o", mv.toString())) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
    }
    assertThat(mv).exists();

    try (JarProcess p = JarProcess.start(dir, "move", "check", modules.toString())) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
      assertThat(p.output()).contains("\"ok\":1").contains("0000000002::counter").contains("\"byteIdentical\":true").contains("\"failed\":0");
    }

    try (JarProcess p = JarProcess.start(dir, "move", "disasm", mv.toString())) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
      assertThat(p.output()).contains("module 0x2::counter").contains("struct Counter has key");
    }

    try (JarProcess p = JarProcess.start(dir, "move", "run", "--modules", modules.toString(),
        "--function", "0x2::counter::add", "--args", "40", "--args", "2")) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
      assertThat(p.output()).contains("42");
    }

    try (JarProcess p = JarProcess.start(dir, "move", "run", "--modules", modules.toString(),
        "--function", "0x2::counter::publish", "--signer", "0x7", "--args", "5")) {
      assertThat(p.waitFor(STOP)).as(p.output()).isZero();
      assertThat(p.output()).contains("Counter");
    }

    try (JarProcess p = JarProcess.start(dir, "move", "check", dir.resolve("missing.mv").toString())) {
      assertThat(p.waitFor(STOP)).as(p.output()).isNotZero();
    }
  }

  @Test
  void version() throws Exception {
    try (JarProcess p = JarProcess.start(dir, "--version")) {
      assertThat(p.waitFor(STOP)).isZero();
      assertThat(p.output()).startsWith("statecraft 0.");
    }
  }

  @Test
  void aConfigurationErrorExitsWithTwoAndSaysWhy() throws Exception {
    try (JarProcess p = JarProcess.start(dir, "node", "--set", "ops.prot=80")) {
      assertThat(p.waitFor(STOP)).isEqualTo(2);
      assertThat(p.output()).contains("unknown configuration key 'ops.prot'").contains("did you mean 'ops.port'");
    }
  }

  @Test
  void devRunsUntilReadyHeartbeatsAndStopsCleanly() throws Exception {
    try (JarProcess p = JarProcess.start(dir, "dev", "--ops-port", "0", "--rpc-port", "0", "--peer-port", "0",
        "--stream-port", "0", "--data-dir", dir.resolve("node").toString(), "--devchain-data-dir", dir.resolve("chain").toString(),
        "--log-level", "DEBUG")) {
      String rpc = p.awaitBanner("chain rpc", START);
      String ready = p.awaitBanner("ready", START);
      assertThat(rpc).startsWith("http://127.0.0.1:").endsWith("/rpc");

      // The banner comes after every verticle deployed and with the chain in process: ready now.
      HttpResponse<String> r = get(ready);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("READY");
      assertThat(get(ready.replace("/ready", "/health")).statusCode()).isEqualTo(200);

      // Every node's channel core heartbeats the grid game channel on chain; peers are linked.
      String channel = p.awaitBanner("channel", START).split(" ")[0];
      p.awaitLine(l -> l.contains("type=channel.heartbeat") && l.contains("channel=" + channel), START);
      String metrics = get(ready.replace("/ready", "/metrics")).body();
      assertThat(metrics).contains("statecraft_peer_links_up");
      assertThat(metrics).contains("statecraft_stream_");
      assertThat(metrics).contains("jvm_threads_live_threads");

      // The effective configuration was logged, one line per key.
      assertThat(p.output()).contains("msg=\"config key=ops.port value=0 source=cli origin=--ops-port\"");

      assertThat(p.stop(STOP)).isEqualTo(SIGTERM_EXIT);
      assertThat(p.output()).contains("statecraft dev stopped cleanly");
    }
  }

  @Test
  void aNodeReachesAStandaloneDevchainOverJsonRpc() throws Exception {
    try (JarProcess chain = JarProcess.start(dir, "devchain", "--rpc-port", "0", "--ops-port", "0",
        "--devchain-data-dir", dir.resolve("chain").toString())) {
      String rpc = chain.awaitBanner("chain rpc", START);
      String chainReady = chain.awaitBanner("ready", START);
      assertThat(get(chainReady).statusCode()).isEqualTo(200);

      try (JarProcess node = JarProcess.start(dir, "node", "--chain", "rpc", "--chain-rpc-url", rpc,
          "--ops-port", "0", "--peer-port", "0", "--stream-port", "0", "--data-dir", dir.resolve("node").toString())) {
        String ready = node.awaitBanner("ready", START);
        // Connected through another process: the first probe may race the client's first call.
        // (The line may come before or after the banner: output() holds every line read so far.)
        if (!node.output().contains("chain watcher connected")) {
          node.awaitLine(l -> node.output().contains("chain watcher connected"), START);
        }
        HttpResponse<String> r = get(ready);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(node.stop(STOP)).isEqualTo(SIGTERM_EXIT);
        assertThat(node.output()).contains("statecraft node stopped cleanly");
      }
      assertThat(chain.stop(STOP)).isEqualTo(SIGTERM_EXIT);
      assertThat(chain.output()).contains("statecraft devchain stopped cleanly");
    }
  }
}
