package io.statecraft.channel;

import io.statecraft.chain.ChainSubscription;
import io.statecraft.chain.SettlementChain;
import io.statecraft.channel.impl.ChainTxSender;
import io.statecraft.channel.impl.PeerMessages;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.verticle.peer.PeerNetwork;
import io.statecraft.verticle.sandbox.SandboxPool;
import io.statecraft.verticle.stream.ChannelGateway;
import io.statecraft.verticle.ticking.TickingVerticle;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel core of one node (SPEC §11, the "controller" verticle): hosts one
 * {@link ChannelController} per channel, routes peer messages and chain events to them, owns
 * the node's sandbox worker pool, ticking verticle and chain-transaction sender, and
 * implements the stream layer's {@link ChannelGateway}. Every gateway method may be called from
 * any context; the work hops onto this verticle's context.
 */
public final class ChannelNode extends AbstractVerticle implements ChannelGateway {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelNode.class);

  private final SettlementChain chain;
  private final PeerNetwork peers;
  private final ChannelNodeConfig cfg;
  private final Map<String, ChannelController> controllers = new ConcurrentHashMap<>();
  private final Map<String, Future<ChannelController>> opening = new TreeMap<>();
  private SandboxPool pool;
  private ChainTxSender sender;
  private ChainSubscription chainSub;
  private String tickingId;

  public ChannelNode(SettlementChain chain, PeerNetwork peers, ChannelNodeConfig cfg) {
    this.chain = chain;
    this.peers = peers;
    this.cfg = cfg;
  }

  @Override
  public void start(Promise<Void> started) {
    pool = SandboxPool.create(vertx, cfg.sandboxThreads);
    sender = new ChainTxSender(chain, cfg.memberKey, cfg.maxQueued);
    peers.onMessage(this::onPeer);
    vertx.deployVerticle(new TickingVerticle(cfg.clock, cfg.tickPollMillis)).compose(id -> {
      tickingId = id;
      return chain.status();
    }).onSuccess(st -> {
      chainSub = chain.subscribe(st.height() + 1, ev -> {
        if (ev.channelId() == null) return;
        ChannelController c = controllers.get(ev.channelId());
        if (c != null) c.onChainEvent(ev);
      });
      started.complete();
    }).onFailure(started::fail);
  }

  @Override
  public void stop(Promise<Void> stopped) {
    if (chainSub != null) chainSub.cancel();
    List<Future<Void>> fs = new ArrayList<>();
    for (ChannelController c : controllers.values()) fs.add(c.stop());
    controllers.clear();
    Future.join(fs).eventually(() -> pool.close()).onComplete(ar -> stopped.complete());
  }

  /** Opens (loads, recovers, joins the Leader/Follower protocol) a channel this member belongs to. */
  public Future<ChannelController> open(String channelId) {
    return onContext(() -> {
      ChannelController c = controllers.get(channelId);
      if (c != null) return Future.succeededFuture(c);
      Future<ChannelController> f = opening.get(channelId);
      if (f != null) return f;
      ChannelController nc = new ChannelController(vertx, context, chain, sender, peers, cfg, pool, channelId);
      f = nc.start().map(v -> {
        controllers.put(channelId, nc);
        return nc;
      }).eventually(() -> {
        opening.remove(channelId);
        return Future.succeededFuture();
      });
      opening.put(channelId, f);
      return f;
    });
  }

  public ChannelController controller(String channelId) {
    return controllers.get(channelId);
  }

  private void onPeer(PeerNetwork.PeerMessage m) {
    PeerMessages.Msg msg;
    try {
      msg = PeerMessages.decode(m.type(), m.payload());
    } catch (RuntimeException e) {
      LOG.debug("dropping malformed {} from {}: {}", m.type(), m.from(), e.getMessage());
      return;
    }
    ChannelController c = controllers.get(msg.channelId());
    if (c != null) c.onPeer(ChannelController.nk(m.from()), msg);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> s) {
    if (context == null) return Future.failedFuture(new IllegalStateException("node not started"));
    if (vertx.getOrCreateContext() == context) return s.get();
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> s.get().onComplete(p));
    return p.future();
  }

  private <T> Future<T> withChannel(String channelId, Function<ChannelController, Future<T>> f) {
    return onContext(() -> {
      ChannelController c = controllers.get(channelId);
      if (c == null || c.role() == ChannelController.Role.CLOSED) {
        return Future.failedFuture(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, "channel does not exist"));
      }
      return f.apply(c);
    });
  }

  private <T> Future<T> asMember(String channelId, Address member, Function<ChannelController, Future<T>> f) {
    return withChannel(channelId, c -> c.isMember(member) ? f.apply(c)
        : Future.failedFuture(new StreamException(StreamErrorCode.NOT_A_MEMBER, "not a member of the channel")));
  }

  // ------------------------------------------------------------------ ChannelGateway

  @Override
  public Future<Void> checkMember(String channelId, Address member) {
    return asMember(channelId, member, c -> Future.succeededFuture());
  }

  @Override
  public Future<ChannelSnapshot> join(String channelId, Address member) {
    return asMember(channelId, member, c -> c.snapshot(OptionalLong.empty()));
  }

  @Override
  public Future<CallProgress> call(String channelId, Transaction.Call call, ConfirmationLevel upTo) {
    return asMember(channelId, call.sender(), c -> c.call(call, upTo));
  }

  /** An atomic batch (same rules as {@link #call}). */
  public Future<CallProgress> batch(String channelId, Transaction.Batch batch) {
    return asMember(channelId, batch.sender(), c -> c.call(batch, ConfirmationLevel.ACCEPTED));
  }

  @Override
  public Future<ChannelSubscription> subscribe(String channelId, Address member, OptionalLong afterHeight,
      SubscriptionListener listener) {
    return asMember(channelId, member, c -> c.subscribe(afterHeight, listener));
  }

  @Override
  public Future<ChannelSnapshot> state(String channelId, OptionalLong height) {
    return withChannel(channelId, c -> c.snapshot(height));
  }

  @Override
  public Future<Entry> entry(String channelId, long height) {
    return withChannel(channelId, c -> c.entry(height));
  }

  @Override
  public Future<MemberResources> resources(String channelId, Address address, OptionalLong height) {
    return withChannel(channelId, c -> c.resources(address, height));
  }

  @Override
  public Future<Long> leave(String channelId, Address member) {
    return asMember(channelId, member, c -> c.leave(member));
  }

  @Override
  public Future<Long> close(String channelId, Address member) {
    return asMember(channelId, member, ChannelController::closeChannel);
  }
}
