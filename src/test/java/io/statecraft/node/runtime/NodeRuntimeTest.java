package io.statecraft.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.node.config.ConfigKeys;
import io.statecraft.node.config.ConfigLoader;
import io.statecraft.node.config.ConfigLoader.CliValue;
import io.statecraft.node.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRuntimeTest {
  @TempDir
  Path dir;

  private Vertx client;
  private WebClient web;
  private NodeRuntime node;

  @BeforeEach
  void setUp() {
    client = Vertx.vertx();
    web = WebClient.create(client);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) {
      await(node.close());
    }
    await(client.close());
  }

  private NodeConfig config() {
    Map<String, CliValue> cli = new LinkedHashMap<>();
    cli.put("ops.port", new CliValue("0", "test"));
    cli.put("node.data-dir", new CliValue(dir.toString(), "test"));
    cli.put("node.id", new CliValue("test-node", "test"));
    cli.put("chain.timeout", new CliValue("500ms", "test"));
    cli.put("peer.port", new CliValue("0", "test"));
    cli.put("stream.port", new CliValue("0", "test"));
    return ConfigLoader.load(null, Map.of(), cli);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(web.getAbs(node.opsUrl() + path).send());
  }

  @Test
  void servesHealthMetricsAndReadinessThatFollowsTheChain() throws Exception {
    StubChain chain = new StubChain();
    node = await(NodeRuntime.start(config(), v -> chain));
    assertThat(node.config().get(ConfigKeys.NODE_ID)).isEqualTo("test-node");
    assertThat(dir.resolve("member.key")).exists();

    HttpResponse<Buffer> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");

    HttpResponse<Buffer> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getMap())
        .containsEntry("chain", "UP").containsEntry("verticles", "UP");

    chain.up = false;
    HttpResponse<Buffer> notReady = get("/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.bodyAsJsonObject().getJsonArray("reasons").getList())
        .containsExactly("chain: stub chain is down");

    HttpResponse<Buffer> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    String text = metrics.bodyAsString();
    // Our meters, Vert.x's and the JVM's, all tagged with the node.
    assertThat(text).contains("statecraft_chainwatch_chain_reachable{node=\"test-node\"}");
    assertThat(text).contains("vertx_http_server_requests_total");
    assertThat(text).contains("jvm_memory_used_bytes");
  }

  @Test
  void theMemberKeyAndTheNodeKeySurviveARestart() throws Exception {
    node = await(NodeRuntime.start(config(), v -> new StubChain()));
    String first = node.memberAddress();
    String firstNodeKey = node.nodeKeyHex();
    await(node.close());
    node = await(NodeRuntime.start(config(), v -> new StubChain()));
    assertThat(node.memberAddress()).isEqualTo(first);
    assertThat(node.nodeKeyHex()).isEqualTo(firstNodeKey).isNotEqualTo(first);
    assertThat(dir.resolve("node.key")).exists();
  }

  @Test
  void deploysPeerGossipChannelCoreAndStreamOnTheirPortsAndAnswersTheChannelStatus() throws Exception {
    node = await(NodeRuntime.start(config(), v -> new StubChain()));
    assertThat(node.peerEndpoint()).matches("grpc://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
    assertThat(node.streamWebSocketUrl()).isEqualTo("ws://127.0.0.1:" + node.streamPort() + "/stream/v1");
    assertThat(node.streamGrpcEndpoint()).isEqualTo("grpc://127.0.0.1:" + node.streamPort());
    assertThat(node.core()).isNotNull();

    HttpResponse<Buffer> ready = get("/ready");
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getMap()).containsEntry("channels", "UP");

    io.vertx.core.json.JsonObject status = (io.vertx.core.json.JsonObject) await(node.vertx().eventBus()
        .request(ChannelServiceVerticle.STATUS_ADDRESS, new io.vertx.core.json.JsonObject())).body();
    assertThat(status.getString("nodeKey")).isEqualTo(node.nodeKeyHex());
    assertThat(status.getString("peerEndpoint")).isEqualTo(node.peerEndpoint());
    assertThat(status.getJsonArray("channels")).isEmpty();
    io.vertx.core.json.JsonObject peers = (io.vertx.core.json.JsonObject) await(node.vertx().eventBus()
        .request(io.statecraft.verticle.peer.PeerGossipVerticle.STATUS_ADDRESS, new io.vertx.core.json.JsonObject())).body();
    assertThat(peers.getString("nodeKey")).isEqualTo(node.nodeKeyHex());
  }
}
