package io.statecraft.node.runtime;

import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SettlementChain;
import io.statecraft.channel.ChannelController;
import io.statecraft.channel.ChannelNode;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which channels the node's {@link ChannelNode} serves and opens them: the configured
 * ones ({@code core.channels}) at start, and with {@code core.discover} every channel whose
 * {@code channel.joined} event on chain names this node's member with this node's key (the
 * chain's events are read from the first block, so channels joined before a restart are
 * served again). The core itself adds the peers from the chain's member records and
 * heartbeats the chain for every channel it serves.
 *
 * <p>An open that fails for a reason other than "the channel is closed" is retried with
 * backoff (1 s doubling to 30 s). Event-bus address (local consumer) {@value #STATUS_ADDRESS}:
 * any request is answered with {@code {node, member, nodeKey, peerEndpoint, channels: [{channelId,
 * state, role?, term?, leader?, height?, verifiedHeight?, frozen?, stateRoot?, error?}]}}.
 */
public final class ChannelServiceVerticle extends AbstractVerticle {
  private static final Logger log = LoggerFactory.getLogger(ChannelServiceVerticle.class);

  public static final String STATUS_ADDRESS = "statecraft.node.channels";

  /** Where one channel stands in this node. */
  enum State { OPENING, OPEN, CLOSED, FAILED }

  private final SettlementChain chain;
  private final ChannelNode core;
  private final List<String> configured;
  private final boolean discover;
  private final String nodeId;
  private final String member;
  private final String nodeKey;
  private final String peerEndpoint;
  private final Consumer<String> readinessChange;
  private final Map<String, State> channels = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Promise<Void>> opening = new java.util.HashMap<>();
  private ChainSubscription subscription;
  private MessageConsumer<Object> status;
  private boolean stopped;

  /**
   * @param readinessChange called (on this verticle's context) with null when every configured
   *     channel is open (or closed on chain), else with the reason the node is not ready
   */
  public ChannelServiceVerticle(SettlementChain chain, ChannelNode core, List<String> configured, boolean discover,
      String nodeId, String member, String nodeKey, String peerEndpoint, Consumer<String> readinessChange) {
    this.chain = chain;
    this.core = core;
    this.configured = List.copyOf(configured);
    this.discover = discover;
    this.nodeId = nodeId;
    this.member = member.toLowerCase(Locale.ROOT);
    this.nodeKey = nodeKey.toLowerCase(Locale.ROOT);
    this.peerEndpoint = peerEndpoint;
    this.readinessChange = readinessChange;
  }

  @Override
  public void start() {
    status = vertx.eventBus().localConsumer(STATUS_ADDRESS, m -> status().onSuccess(m::reply)
        .onFailure(e -> m.fail(500, String.valueOf(e.getMessage()))));
    for (String id : configured) serve(id, "configured");
    reportReadiness();
    if (discover) {
      // From the first block: a restarted node finds every channel it joined.
      subscription = chain.subscribe(0, this::onChainEvent);
    }
  }

  @Override
  public void stop() {
    stopped = true;
    if (subscription != null) subscription.cancel();
    if (status != null) status.unregister();
  }

  private void onChainEvent(ChainEvent ev) {
    if (stopped || ev.channelId() == null || !"channel.joined".equals(ev.type()) || ev.data() == null) return;
    String who = ev.data().getString("member", "").toLowerCase(Locale.ROOT);
    String key = ev.data().getString("nodeKey", "").toLowerCase(Locale.ROOT);
    if (who.equals(member) && strip(key).equals(strip(nodeKey))) serve(ev.channelId(), "discovered on chain");
  }

  /**
   * Serves a channel (from any thread): completes once it is open or found closed on chain;
   * retries failed opens meanwhile.
   */
  public Future<Void> open(String channelId, String why) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> serve(channelId, why).onComplete(p));
    return p.future();
  }

  /** Opens a channel unless it is already open or being opened; idempotent. */
  private Future<Void> serve(String channelId, String why) {
    State s = channels.get(channelId);
    if (s == State.OPEN) return Future.succeededFuture();
    Promise<Void> inFlight = opening.get(channelId);
    if (inFlight != null) return inFlight.future();
    channels.put(channelId, State.OPENING);
    log.info("serving channel={} reason=\"{}\"", channelId, why);
    Promise<Void> done = Promise.promise();
    opening.put(channelId, done);
    done.future().onComplete(ar -> opening.remove(channelId));
    attempt(channelId, 1000, done);
    return done.future();
  }

  private void attempt(String channelId, long delay, Promise<Void> done) {
    if (stopped) {
      done.tryFail("stopped");
      return;
    }
    core.open(channelId).onComplete(ar -> {
      if (ar.succeeded()) {
        channels.put(channelId, State.OPEN);
        errors.remove(channelId);
        log.info("channel open channel={} role={}", channelId, ar.result().role());
        reportReadiness();
        done.tryComplete();
        return;
      }
      Throwable e = ar.cause();
      errors.put(channelId, String.valueOf(e.getMessage()));
      if (e instanceof StreamException se && se.code() == StreamErrorCode.CHANNEL_NOT_FOUND) {
        // Closed (or unknown) on chain: nothing to serve.
        channels.put(channelId, State.CLOSED);
        log.info("channel not served channel={} reason=\"{}\"", channelId, e.getMessage());
        reportReadiness();
        done.tryComplete();
        return;
      }
      channels.put(channelId, State.FAILED);
      log.warn("channel open failed channel={} retryInMillis={} error=\"{}\"", channelId, delay, e.getMessage());
      reportReadiness();
      if (!stopped) {
        vertx.setTimer(delay, t -> {
          if (channels.get(channelId) == State.FAILED) {
            channels.put(channelId, State.OPENING);
            attempt(channelId, Math.min(delay * 2, 30_000), done);
          }
        });
      }
    });
  }

  private void reportReadiness() {
    List<String> waiting = new ArrayList<>();
    for (String id : configured) {
      State s = channels.get(id);
      if (s != State.OPEN && s != State.CLOSED) waiting.add(id + " " + (s == null ? "not opened" : s.name().toLowerCase(Locale.ROOT))
          + (errors.containsKey(id) ? ": " + errors.get(id) : ""));
    }
    readinessChange.accept(waiting.isEmpty() ? null : "channels not open: " + String.join("; ", waiting));
  }

  /** The served channels and their controllers' state. */
  public Future<JsonObject> status() {
    List<Future<JsonObject>> rows = new ArrayList<>();
    for (Map.Entry<String, State> e : new LinkedHashMap<>(channels).entrySet()) {
      JsonObject row = new JsonObject().put("channelId", e.getKey()).put("state", e.getValue().name().toLowerCase(Locale.ROOT));
      if (errors.containsKey(e.getKey())) row.put("error", errors.get(e.getKey()));
      ChannelController c = core.controller(e.getKey());
      if (c == null) {
        rows.add(Future.succeededFuture(row));
        continue;
      }
      row.put("role", c.role().name()).put("term", c.term()).put("leader", c.leader()).put("height", c.height())
          .put("verifiedHeight", c.verifiedHeight()).put("frozen", c.frozen());
      rows.add(c.stateRoot().map(r -> row.put("stateRoot", r.toString())).otherwise(row));
    }
    return Future.all(rows).map(cf -> {
      JsonArray arr = new JsonArray();
      for (Future<JsonObject> f : rows) arr.add(f.result());
      return new JsonObject().put("node", nodeId).put("member", member).put("nodeKey", nodeKey)
          .put("peerEndpoint", peerEndpoint).put("channels", arr);
    });
  }

  /** Channel ids with their state (for the dev setup and tests). */
  public Map<String, State> channels() {
    return Map.copyOf(channels);
  }

  private static String strip(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}
