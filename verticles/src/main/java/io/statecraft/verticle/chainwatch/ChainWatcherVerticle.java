package io.statecraft.verticle.chainwatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.statecraft.verticle.chainwatch.impl.Backoff;
import io.statecraft.verticle.chainwatch.impl.ChainWatchMeters;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Watches the settlement chain for one member (SPEC §11, "chain watching"): delivers every
 * chain event from a start height onto the event bus, and keeps the member valid in each
 * watched channel by sending {@code channel.heartbeat} transactions at a fixed interval.
 *
 * <h2>Event-bus addresses</h2>
 * <ul>
 *   <li>{@value #EVENTS_ADDRESS} (publish): every chain event, as {@link ChainEvent#toJson()}.
 *   <li>{@value #CHANNEL_EVENTS_PREFIX}{@code <channelId>} (publish): the events of one channel.
 *   <li>{@value #HEARTBEATS_ADDRESS} (publish): the outcome of each heartbeat:
 *       {@code {channelId, nonce, ok, height?, error?}}.
 *   <li>{@value #WATCH_ADDRESS} (request): {@code {channelId}} adds a channel to heartbeat;
 *       replies {@code {channels:[…]}}.
 *   <li>{@value #UNWATCH_ADDRESS} (request): {@code {channelId}} stops heartbeating it;
 *       replies {@code {channels:[…]}}.
 *   <li>{@value #STATUS_ADDRESS} (request): replies the watcher's state (member, chain id,
 *       channels, next nonce, last event height, whether the chain is reachable).
 * </ul>
 *
 * <h2>Behaviour</h2>
 * Nothing here blocks: every chain call is asynchronous and all state is confined to this
 * verticle's context. The watcher starts even when the chain is down (so the node can report
 * "not ready" rather than fail) and connects with exponential backoff. Heartbeats of one
 * round go out one after the other, because each uses the next account nonce; a refused or
 * undelivered one makes the watcher re-read the nonce from the chain before the next. When the
 * chain is unreachable the next round comes after the backoff delay instead of the interval.
 */
public final class ChainWatcherVerticle extends AbstractVerticle {
  public static final String EVENTS_ADDRESS = "statecraft.chain.events";
  public static final String CHANNEL_EVENTS_PREFIX = "statecraft.chain.events.";
  public static final String HEARTBEATS_ADDRESS = "statecraft.chainwatch.heartbeats";
  public static final String WATCH_ADDRESS = "statecraft.chainwatch.watch";
  public static final String UNWATCH_ADDRESS = "statecraft.chainwatch.unwatch";
  public static final String STATUS_ADDRESS = "statecraft.chainwatch.status";

  /** The settlement-chain transaction kind of a member heartbeat; args {@code {channelId}}. */
  public static final String HEARTBEAT_KIND = "channel.heartbeat";

  private static final Logger log = LoggerFactory.getLogger(ChainWatcherVerticle.class);

  private final SettlementChain chain;
  private final Ed25519.KeyPair member;
  private final String address;
  private final ChainWatcherOptions options;
  private final MeterRegistry registry;

  // Confined to this verticle's context.
  private final Set<String> channels = new LinkedHashSet<>();
  private final Map<String, Long> lastHeartbeatMillis = new LinkedHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private ChainWatchMeters meters;
  private Backoff connectBackoff;
  private Backoff heartbeatBackoff;
  private String chainId;
  private Long nextNonce;
  private ChainSubscription subscription;
  private long timerId = -1;
  private boolean reachable;
  private boolean stopped;

  public ChainWatcherVerticle(SettlementChain chain, Ed25519.KeyPair member, ChainWatcherOptions options,
      MeterRegistry registry) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.member = Objects.requireNonNull(member, "member");
    this.address = SignedTx.addressOf(member.publicKey());
    this.options = Objects.requireNonNull(options, "options");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The member's account address. */
  public String memberAddress() {
    return address;
  }

  @Override
  public void start(Promise<Void> startPromise) {
    meters = new ChainWatchMeters(registry, options.getNodeId());
    connectBackoff = new Backoff(options.getRetryInitial(), options.getRetryMax());
    heartbeatBackoff = new Backoff(options.getRetryInitial(), options.getRetryMax());
    channels.addAll(options.getChannels());

    var bus = vertx.eventBus();
    consumers.add(bus.<JsonObject>consumer(WATCH_ADDRESS, msg -> changeChannels(msg, true)));
    consumers.add(bus.<JsonObject>consumer(UNWATCH_ADDRESS, msg -> changeChannels(msg, false)));
    consumers.add(bus.consumer(STATUS_ADDRESS, msg -> msg.reply(status())));

    mdc(null, -1);
    log.info("chain watcher starting member={} channels={} fromHeight={} heartbeatInterval={}ms",
        address, channels, options.getFromHeight(), options.getHeartbeatInterval().toMillis());
    clearMdc();
    // The chain may be down now; connect() retries, so the verticle deploys regardless.
    connect();
    startPromise.complete();
  }

  @Override
  public void stop(Promise<Void> stopPromise) {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    List<Future<?>> all = new ArrayList<>();
    consumers.forEach(c -> all.add(c.unregister()));
    if (subscription != null) {
      all.add(subscription.cancel());
    }
    Future.join(all).<Void>mapEmpty().onComplete(ar -> stopPromise.complete());
  }

  // ---- Connecting and events ------------------------------------------------------------

  private void connect() {
    if (stopped) {
      return;
    }
    chain.status().onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        setReachable(false, ar.cause());
        schedule(connectBackoff.nextDelayMs(), this::connect);
        return;
      }
      ChainStatus st = ar.result();
      setReachable(true, null);
      connectBackoff.reset();
      chainId = st.chainId();
      long from = options.getFromHeight() == ChainWatcherOptions.FROM_HEAD ? st.height() : options.getFromHeight();
      try {
        subscription = chain.subscribe(from, this::onEvent);
      } catch (RuntimeException e) {
        mdc(null, -1);
        log.warn("chain subscription failed, retrying", e);
        clearMdc();
        schedule(connectBackoff.nextDelayMs(), this::connect);
        return;
      }
      mdc(null, -1);
      log.info("chain watcher connected chainId={} head={} subscribedFrom={}", chainId, st.height(), from);
      clearMdc();
      heartbeatRound();
    });
  }

  private void onEvent(ChainEvent ev) {
    if (stopped) {
      return;
    }
    meters.event(ev.type(), ev.height());
    mdc(ev.channelId(), ev.height());
    try {
      // Heartbeats are every member's background noise; the rest is what an operator reads.
      if (ev.type() != null && ev.type().endsWith("heartbeat")) {
        log.debug("chain event type={} tx={} index={} data={}", ev.type(), ev.txIndex(), ev.eventIndex(), ev.data());
      } else {
        log.info("chain event type={} tx={} index={} data={}", ev.type(), ev.txIndex(), ev.eventIndex(), ev.data());
      }
    } finally {
      clearMdc();
    }
    JsonObject json = ev.toJson();
    vertx.eventBus().publish(EVENTS_ADDRESS, json);
    if (ev.channelId() != null) {
      vertx.eventBus().publish(CHANNEL_EVENTS_PREFIX + ev.channelId(), json);
    }
  }

  // ---- Heartbeats -----------------------------------------------------------------------

  private void heartbeatRound() {
    timerId = -1;
    if (stopped) {
      return;
    }
    long started = System.nanoTime();
    Future<Boolean> round = Future.succeededFuture(true);
    for (String ch : List.copyOf(channels)) {
      // Sequential on purpose: each heartbeat takes the nonce after the previous one's.
      round = round.compose(ok -> ok && channels.contains(ch) ? heartbeat(ch) : Future.succeededFuture(ok));
    }
    round.onComplete(ar -> {
      boolean ok = ar.succeeded() && ar.result();
      long delay;
      if (ok) {
        heartbeatBackoff.reset();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        delay = Math.max(1, options.getHeartbeatInterval().toMillis() - elapsedMs);
      } else {
        delay = Math.min(heartbeatBackoff.nextDelayMs(), options.getHeartbeatInterval().toMillis());
      }
      schedule(delay, this::heartbeatRound);
    });
  }

  /** Sends one heartbeat; completes with false only if the chain could not be reached. */
  private Future<Boolean> heartbeat(String channelId) {
    return nonce().compose(n -> {
      SignedTx tx = SignedTx.sign(member, chainId, n, HEARTBEAT_KIND, new JsonObject().put("channelId", channelId));
      return chain.submit(tx).map(receipt -> {
        nextNonce = n + 1;
        lastHeartbeatMillis.put(channelId, System.currentTimeMillis());
        setReachable(true, null);
        meters.heartbeatSent(channelId);
        mdc(channelId, receipt.height());
        log.debug("heartbeat committed nonce={} tx={}", n, receipt.txHash());
        clearMdc();
        vertx.eventBus().publish(HEARTBEATS_ADDRESS, new JsonObject().put("channelId", channelId)
            .put("nonce", n).put("ok", true).put("height", receipt.height()));
        return true;
      });
    }).recover(err -> {
      // Whatever happened, the nonce the chain expects is no longer certain: re-read it.
      nextNonce = null;
      meters.heartbeatFailed(channelId);
      boolean refused = err instanceof ChainException;
      if (!refused) {
        setReachable(false, err);
      }
      mdc(channelId, -1);
      if (refused) {
        log.warn("heartbeat refused by the chain: {}", err.getMessage());
      } else {
        log.warn("heartbeat not delivered, chain unreachable: {}", String.valueOf(err));
      }
      clearMdc();
      vertx.eventBus().publish(HEARTBEATS_ADDRESS, new JsonObject().put("channelId", channelId)
          .put("ok", false).put("error", String.valueOf(err.getMessage())));
      return Future.succeededFuture(refused);
    });
  }

  private Future<Long> nonce() {
    if (nextNonce != null) {
      return Future.succeededFuture(nextNonce);
    }
    return chain.account(address).map(acc -> {
      nextNonce = AccountNonce.of(acc);
      return nextNonce;
    });
  }

  // ---- Control --------------------------------------------------------------------------

  private void changeChannels(Message<JsonObject> msg, boolean add) {
    String ch = msg.body() == null ? null : msg.body().getString("channelId");
    if (ch == null || ch.isBlank()) {
      msg.fail(400, "channelId is required");
      return;
    }
    boolean changed = add ? channels.add(ch) : channels.remove(ch);
    if (changed) {
      mdc(ch, -1);
      log.info(add ? "channel watched" : "channel no longer watched");
      clearMdc();
    }
    msg.reply(new JsonObject().put("channels", new JsonArray(List.copyOf(channels))));
  }

  private JsonObject status() {
    JsonObject hb = new JsonObject();
    lastHeartbeatMillis.forEach(hb::put);
    return new JsonObject()
        .put("node", options.getNodeId())
        .put("member", address)
        .put("chainId", chainId)
        .put("reachable", reachable)
        .put("connected", subscription != null)
        .put("channels", new JsonArray(List.copyOf(channels)))
        .put("nextNonce", nextNonce)
        .put("lastEventHeight", meters.lastEventHeight())
        .put("lastHeartbeatMillis", hb);
  }

  private void setReachable(boolean up, Throwable cause) {
    if (up != reachable) {
      mdc(null, -1);
      if (up) {
        log.info("settlement chain reachable");
      } else {
        log.warn("settlement chain unreachable: {}", String.valueOf(cause));
      }
      clearMdc();
    }
    reachable = up;
    meters.reachable(up);
  }

  private void schedule(long delayMs, Runnable r) {
    if (!stopped) {
      timerId = vertx.setTimer(Math.max(1, delayMs), id -> r.run());
    }
  }

  private void mdc(String channel, long height) {
    MDC.put("node", options.getNodeId());
    if (channel != null) {
      MDC.put("channel", channel);
    }
    if (height >= 0) {
      MDC.put("height", Long.toString(height));
    }
  }

  private static void clearMdc() {
    MDC.remove("node");
    MDC.remove("channel");
    MDC.remove("height");
  }
}
