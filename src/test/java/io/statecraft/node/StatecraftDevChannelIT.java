package io.statecraft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.LogEntry;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.codec.stream.proto.Snapshot;
import io.statecraft.game.GridGame;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.sdk.CallResult;
import io.statecraft.sdk.ClientOptions;
import io.statecraft.sdk.MemberKey;
import io.statecraft.sdk.StateChannelClient;
import io.statecraft.sdk.StreamSubscription;
import io.statecraft.sdk.SubscriptionItem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statecraft dev} from the fat jar ({@code java -jar}, no JVM flags, ephemeral ports):
 * three nodes (a Leader and two Followers) serve the sample grid game channel, and game
 * clients play it through the Java SDK on both transports, each member at its own node.
 * One dev process serves every test of the class (in order); each test bounds every wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatecraftDevChannelIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final long WAIT_SECONDS = 60;
  private static final int SIGTERM_EXIT = 143;
  private static final String GAME = GridGame.MODULE;

  private Path dir;

  private JarProcess dev;
  private Vertx vertx;
  private String channelId;
  private final List<NodeInfo> nodes = new ArrayList<>();
  private final List<StateChannelClient> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What the banner says about one node, and its member's key (generated into its data dir). */
  record NodeInfo(String id, String member, String ws, String grpc, String peer, String ready, MemberKey key) {
    int streamPort() {
      return URI.create(ws).getPort();
    }
  }

  @BeforeAll
  void startDev(@TempDir Path tmp) throws Exception {
    dir = tmp;
    vertx = Vertx.vertx();
    dev = JarProcess.start(dir, "dev", "--ops-port", "0", "--rpc-port", "0", "--peer-port", "0", "--stream-port", "0",
        "--data-dir", dir.resolve("node").toString(), "--devchain-data-dir", dir.resolve("chain").toString(),
        "--block-interval", "200ms", "--set", "dev.settle-every=20");
    dev.awaitLine(l -> l.equals("statecraft dev is up"), START);
    String[] dataDirs = {"node", "node-2", "node-3"};
    for (int i = 0; i < 3; i++) {
      String nodeLine = dev.awaitBanner("node", START);
      dev.awaitBanner("node key", START);
      String ws = dev.awaitBanner("stream ws", START);
      String grpc = dev.awaitBanner("stream grpc", START);
      String peer = dev.awaitBanner("peer", START);
      String ready = dev.awaitBanner("ready", START);
      String[] parts = nodeLine.split(" ");
      MemberKey key = MemberKey.load(dir.resolve(dataDirs[i]).resolve("member.key"));
      assertThat(key.address()).isEqualTo(parts[2]);
      nodes.add(new NodeInfo(parts[0], parts[2], ws, grpc, peer, ready, key));
    }
    channelId = dev.awaitBanner("channel", START).split(" ")[0];
  }

  @AfterAll
  void stopDev() throws Exception {
    try {
      for (StateChannelClient c : clients) c.close();
      if (dev != null) {
        assertThat(dev.stop(STOP)).as(dev.output()).isEqualTo(SIGTERM_EXIT);
        assertThat(dev.output()).contains("statecraft dev stopped cleanly");
      }
    } finally {
      if (dev != null) {
        // The whole dev log, for diagnosis (next to the failsafe reports).
        java.nio.file.Files.writeString(Path.of(System.getProperty("statecraft.jar")).resolveSibling("node")
            .resolve("StatecraftDevChannelIT-dev.log"), dev.output());
        dev.close();
      }
      if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void theBannerNamesThreeNodesOnLoopbackAndEveryNodeIsReady() throws Exception {
    assertThat(channelId).matches("0x[0-9a-f]{64}");
    assertThat(dev.output()).contains("grid_game leader node-1");
    for (NodeInfo n : nodes) {
      assertThat(n.ws()).matches("ws://127\\.0\\.0\\.1:\\d+/stream/v1");
      assertThat(n.grpc()).isEqualTo("grpc://127.0.0.1:" + n.streamPort());
      assertThat(n.peer()).matches("grpc://127\\.0\\.0\\.1:\\d+");
      HttpResponse<String> r = get(n.ready());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getJsonObject("checks").fieldNames()).contains("verticles", "chain", "channels");
    }
    assertThat(nodes).extracting(NodeInfo::id).containsExactly("node-1", "node-1-2", "node-1-3");
    // The Leader and both Followers took their roles in the grid game channel.
    assertThat(dev.output()).contains("node=node-1 channel=" + channelId + " role=LEADER")
        .contains("node=node-1-2 channel=" + channelId + " role=FOLLOWER")
        .contains("node=node-1-3 channel=" + channelId + " role=FOLLOWER");
  }

  @Test
  @Order(2)
  void playsTheGridGameOverWebSocketAtEveryConfirmationLevel() throws Exception {
    // Member 1 at the Leader, member 2 at a Follower (its calls are forwarded to the Leader).
    StateChannelClient a = connect(nodes.get(0), ClientOptions.Transport.WEBSOCKET);
    StateChannelClient b = connect(nodes.get(1), ClientOptions.Transport.WEBSOCKET);
    play(a, b);
  }

  @Test
  @Order(3)
  void playsTheGridGameOverGrpcAtEveryConfirmationLevel() throws Exception {
    // Member 3 at the other Follower, member 1 again at the Leader, both over gRPC.
    StateChannelClient c = connect(nodes.get(2), ClientOptions.Transport.GRPC);
    StateChannelClient a = connect(nodes.get(0), ClientOptions.Transport.GRPC);
    play(c, a);
  }

  @Test
  @Order(4)
  void followersAndTheLeaderAgreeOnTheStateRoots() throws Exception {
    List<StateChannelClient> cs = new ArrayList<>();
    for (NodeInfo n : nodes) cs.add(connect(n, ClientOptions.Transport.GRPC));
    for (StateChannelClient c : cs) await(c.join());
    // A height every node has verified: the lowest current height of the three.
    long h = Long.MAX_VALUE;
    for (StateChannelClient c : cs) h = Math.min(h, await(c.state(OptionalLong.empty())).getHeight());
    assertThat(h).isGreaterThan(10);
    // Recent heights: older ones may already be pruned after a settlement (SPEC §7).
    for (long at : new long[] {h - 1, h}) {
      List<LogEntry> entries = new ArrayList<>();
      for (StateChannelClient c : cs) entries.add(queryEntry(c, at));
      assertThat(entries).extracting(LogEntry::getHeight).containsOnly(at);
      assertThat(entries.get(1).getStateRoot()).as("Follower 1 at %d", at).isEqualTo(entries.get(0).getStateRoot());
      assertThat(entries.get(2).getStateRoot()).as("Follower 2 at %d", at).isEqualTo(entries.get(0).getStateRoot());
      assertThat(entries.get(0).getStateRoot().size()).isEqualTo(32);
    }
    // And each node's live state root (re-executed by the Followers) matches the Leader's
    // entry once they are at the same height.
    Snapshot s2 = await(cs.get(2).state(OptionalLong.empty()));
    assertThat(queryEntry(cs.get(0), s2.getHeight()).getStateRoot()).isEqualTo(s2.getStateRoot());
  }

  @Test
  @Order(5)
  void aMemberLeavesAndIsNoLongerServed() throws Exception {
    StateChannelClient c = connect(nodes.get(2), ClientOptions.Transport.WEBSOCKET);
    await(c.join());
    long height = await(c.leave());
    assertThat(height).isPositive();
    // Once the leave settled and the member is gone from the chain, its calls are refused.
    eventually("member 3 is no longer a member", () -> {
      try {
        await(c.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(1), GridGame.u8(0)), ConfirmationLevel.ACCEPTED));
        await(vertx.timer(100)); // paced: each poll is a call
        return false;
      } catch (StreamException e) {
        if (e.code() == StreamErrorCode.NOT_A_MEMBER) return true;
        await(vertx.timer(100)); // paced: each poll is a call
        return false;
      }
    });
    // The other two keep playing.
    StateChannelClient a = connect(nodes.get(0), ClientOptions.Transport.WEBSOCKET);
    CallResult r = await(a.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(0), GridGame.u8(1)),
        ConfirmationLevel.VERIFIED));
    assertThat(r.verified().getHeight()).isGreaterThan(height);
  }

  // ------------------------------------------------------------------ the game

  /** Joins, calls at each level, pays, subscribes and resumes; {@code p} and {@code q} are two members. */
  private void play(StateChannelClient p, StateChannelClient q) throws Exception {
    Snapshot snap = await(p.join());
    assertThat(snap.getHeight()).isPositive();
    assertThat(snap.getStateRoot().size()).isEqualTo(32);
    await(q.join());

    // Enter the game (idempotent across tests: a second join aborts E_ALREADY_JOINED).
    for (StateChannelClient c : List.of(p, q)) joinGame(c);

    // accepted: height and tx hash at once.
    CallResult accepted = await(p.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(1), GridGame.u8(0)),
        ConfirmationLevel.ACCEPTED));
    assertThat(accepted.accepted().getHeight()).isPositive();
    assertThat(accepted.accepted().getTxHash().size()).isEqualTo(32);
    assertThat(accepted.executed()).isNull();

    // executed: effects known.
    CallResult executed = await(p.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(0), GridGame.u8(1)),
        ConfirmationLevel.EXECUTED));
    assertThat(executed.executed().getHeight()).isEqualTo(executed.accepted().getHeight());
    assertThat(executed.verified()).isNull();

    // verified: 2/3 of the members re-executed and agreed.
    CallResult verified = await(q.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(255), GridGame.u8(1)),
        ConfirmationLevel.VERIFIED));
    assertThat(verified.verified().getHeight()).isEqualTo(verified.accepted().getHeight());
    assertThat(verified.verified().getStateRoot().size()).isEqualTo(32);

    // settled: on chain (the dev channel settles every 20 heights).
    CallResult settled = await(q.call(GAME + "::pay", List.of(),
        List.of(GridGame.address(AccountAddress.parse(p.member())), GridGame.u64(7)), ConfirmationLevel.SETTLED));
    assertThat(settled.settled().getSettledHeight()).isGreaterThanOrEqualTo(settled.accepted().getHeight());

    // A refused move: the abort code of the game comes back with the module.
    try {
      await(p.call(GAME + "::set_direction", List.of(), List.of(GridGame.u8(4), GridGame.u8(0)), ConfirmationLevel.EXECUTED));
      fail("a direction of 4 must abort");
    } catch (StreamException e) {
      assertThat(e.code()).isEqualTo(StreamErrorCode.ABORTED);
      assertThat(e.abortCode()).isEqualTo(GridGame.E_BAD_DIRECTION);
    }

    // Subscribe: a snapshot, then ticks in order; a dropped connection resumes with no gap
    // and no duplicate.
    StreamSubscription sub = await(q.subscribe(OptionalLong.empty(), SlowConsumerPolicy.CUT));
    SubscriptionItem first = await(sub.next());
    assertThat(first.isSnapshot()).isTrue();
    long last = first.height();
    int ticks = 0;
    for (int i = 0; i < 20; i++) {
      SubscriptionItem it = await(sub.next());
      assertThat(it.isSnapshot()).isFalse();
      assertThat(it.height()).isEqualTo(last + 1);
      if ("tick".equals(it.change().getKind())) ticks++;
      last = it.height();
    }
    assertThat(ticks).as("tick changes among 20").isPositive();
    q.simulateConnectionLoss();
    for (int i = 0; i < 20; i++) {
      SubscriptionItem it = await(sub.next());
      assertThat(it.isSnapshot()).as("resumed, not resynced").isFalse();
      assertThat(it.height()).as("no gap, no duplicate across the reconnect").isEqualTo(last + 1);
      last = it.height();
    }
    await(sub.cancel());

    // Resuming explicitly from a height on a new connection: the next change is the one after it.
    StateChannelClient again = connect(nodeOf(q), transportOf(q));
    StreamSubscription resumed = await(again.subscribe(OptionalLong.of(last), SlowConsumerPolicy.CUT));
    for (int i = 0; i < 5; i++) {
      SubscriptionItem it = await(resumed.next());
      assertThat(it.isSnapshot()).isFalse();
      assertThat(it.height()).isEqualTo(last + 1);
      last = it.height();
    }
    await(resumed.cancel());
  }

  private void joinGame(StateChannelClient c) throws Exception {
    try {
      CallResult r = await(c.call(GAME + "::join", List.of(), List.of(), ConfirmationLevel.EXECUTED));
      assertThat(r.executed()).isNotNull();
    } catch (StreamException e) {
      assertThat(e.code()).isEqualTo(StreamErrorCode.ABORTED);
      assertThat(e.abortCode()).isEqualTo(GridGame.E_ALREADY_JOINED);
    }
  }

  // ------------------------------------------------------------------ helpers

  private final java.util.Map<StateChannelClient, Object[]> origin = new java.util.HashMap<>();

  private StateChannelClient connect(NodeInfo n, ClientOptions.Transport t) throws Exception {
    ClientOptions o = new ClientOptions().transport(t).host("127.0.0.1").port(n.streamPort());
    o.requestTimeoutMs = TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
    StateChannelClient c = await(StateChannelClient.connect(vertx, o, n.key(), channelId));
    clients.add(c);
    origin.put(c, new Object[] {n, t});
    return c;
  }

  private NodeInfo nodeOf(StateChannelClient c) {
    return (NodeInfo) origin.get(c)[0];
  }

  private ClientOptions.Transport transportOf(StateChannelClient c) {
    return (ClientOptions.Transport) origin.get(c)[1];
  }

  /** An entry by height; a Follower may not have verified it yet: retried within the bound. */
  private LogEntry queryEntry(StateChannelClient c, long height) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      try {
        return await(c.entry(height));
      } catch (StreamException e) {
        if (e.code() != StreamErrorCode.HEIGHT_NOT_REACHED || System.nanoTime() > deadline) throw e;
        await(c.ping());
      }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) throw ex;
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
    }
  }

  /** Polls a condition (each poll is a round trip to the node) until it holds, within the bound. */
  private void eventually(String what, BooleanSupplierEx cond) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!cond.get()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
    }
  }

  @FunctionalInterface
  interface BooleanSupplierEx {
    boolean get() throws Exception;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
