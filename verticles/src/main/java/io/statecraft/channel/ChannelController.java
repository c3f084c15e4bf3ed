package io.statecraft.channel;

import io.statecraft.chain.ChainErrorCode;
import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.channel.impl.ChainTxSender;
import io.statecraft.channel.impl.PeerMessages;
import io.statecraft.channel.impl.PeerMessages.Msg;
import io.statecraft.channel.impl.Sandbox;
import io.statecraft.channel.log.ChannelLog;
import io.statecraft.channel.log.ChannelLogConfig;
import io.statecraft.channel.log.SnapshotInfo;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.CheatEvidence;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryCodec;
import io.statecraft.codec.channel.EntryHeader;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MalformedEntryException;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.verticle.peer.PeerNetwork;
import io.statecraft.verticle.sandbox.SandboxPool;
import io.statecraft.verticle.stream.ChannelGateway;
import io.statecraft.verticle.stream.ChannelGateway.CallProgress;
import io.statecraft.verticle.stream.ChannelGateway.ChannelSnapshot;
import io.statecraft.verticle.stream.ChannelGateway.MemberResources;
import io.statecraft.verticle.stream.ChannelGateway.ResourceValue;
import io.statecraft.verticle.stream.ChannelGateway.VerifiedChange;
import io.statecraft.verticle.ticking.TickingVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-channel state machine of one node (SPEC §4–§6, seed 000 §2.3.1): Leader or Follower.
 * See {@code verticles/CHANNEL-CORE.md}.
 *
 * <p>Threading: every field not marked "lane" is confined to the node's context (an event
 * loop); Move execution, log appends and snapshots run on the channel's {@link SandboxPool.Lane}
 * (one task at a time, in order) and report back to the context.
 */
public final class ChannelController {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelController.class);
  public static final String ADDRESS_PREFIX = "statecraft.channel.";

  /** The controller's role. */
  public enum Role { STARTING, LEADER_SYNCING, LEADER, FOLLOWER, ELECTING, REMOVED, CLOSED }

  private final Vertx vertx;
  private final Context ctx;
  private final SettlementChain chain;
  private final ChainTxSender sender;
  private final PeerNetwork peers;
  private final ChannelNodeConfig cfg;
  private final SandboxPool.Lane lane;
  private final String channelId;
  private final String me; // member address 0x…
  private final String myNodeKey; // 0x…
  private final LeaderFaults faults;

  // ---- lane-confined
  private Sandbox sandbox;
  private ChannelLog log;
  private Path logDir;
  private List<byte[]> chainModules;
  private Hash32 laneLastHash;
  private long laneHeight;

  // ---- context-confined
  private ChannelView view;
  private volatile Role role = Role.STARTING;
  private volatile long term;
  private volatile String leader; // address
  private volatile boolean frozen;
  private String frozenReason;
  private volatile long lastHeight; // applied and logged here
  private volatile long verifiedHeight; // known 2/3-verified height
  private long seqHeight; // Leader: last height handed out
  private long followNext = 1; // Follower: next height to verify
  private boolean verifying;
  private final TreeMap<Long, Entry> buffer = new TreeMap<>();
  private final Map<String, Long> nonces = new HashMap<>(); // address → last nonce applied
  private final Map<String, Long> acceptedNonces = new HashMap<>(); // Leader: incl. in flight
  private final Set<String> joined = new HashSet<>();
  private long highestJoinSeq;
  private long joinSequenced;
  private long tickNumber;
  private long lastTickTime;
  private final Map<String, Long> ackedUpTo = new HashMap<>(); // Leader: follower node key → highest acked height
  private long syncAskedAtNanos = Long.MIN_VALUE / 2;
  private final LinkedHashMap<Long, Entry> recent = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Entry> e) {
      return size() > 4096;
    }
  };
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private final Map<Long, Promise<long[]>> forwarded = new HashMap<>();
  private final Map<Long, Hash32> forwardedHash = new HashMap<>();
  private long nextRequestId = 1;
  private final Map<Hash32, long[]> censorshipWatch = new LinkedHashMap<>(); // txHash → {submittedAt}
  private final Map<Hash32, byte[]> censorshipTx = new HashMap<>();
  private boolean censorshipFiled;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final List<Delayed> delayed = new ArrayList<>();
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private final List<PendingVote> pendingVotes = new ArrayList<>();
  private final Set<Long> votedProposals = new HashSet<>();
  private long lastLeaderContact;
  private long lastChainHeartbeat = Long.MIN_VALUE / 2;
  private long lastPeerHeartbeat = Long.MIN_VALUE / 2;
  private long lastSyncAsk = Long.MIN_VALUE / 2;
  private boolean electionInFlight;
  private boolean refreshInFlight;
  private boolean refreshAgain;
  private long housekeepingTimer = -1;
  private volatile long housekeepingRuns;
  private MessageConsumer<JsonObject> tickConsumer;
  private final Set<String> syncWaiting = new HashSet<>();
  private long leaderSyncTimer = -1;
  private Entry cheatEntry;
  private volatile long settledHeight;
  private boolean settleInFlight;
  private final TreeMap<Long, List<Promise<Long>>> settleWaiters = new TreeMap<>();
  private final Set<String> leaveSequenced = new HashSet<>();
  /** This node's open leave/close proposals by id, with the arguments to propose them again. */
  private final Map<Long, JsonObject> myExitProposals = new HashMap<>();
  private static final String EXIT_ATTEMPT = "_attempt";
  private static final int MAX_EXIT_ATTEMPTS = 8;

  private record Held(Transaction tx, Promise<CallProgress> promise) {}

  private record Delayed(long due, Transaction tx, Promise<CallProgress> promise) {}

  private record PendingVote(long proposalId, CheatEvidence evidence, int attempts) {}

  ChannelController(Vertx vertx, Context ctx, SettlementChain chain, ChainTxSender sender, PeerNetwork peers,
      ChannelNodeConfig cfg, SandboxPool pool, String channelId) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.chain = chain;
    this.sender = sender;
    this.peers = peers;
    this.cfg = cfg;
    this.lane = pool.lane(cfg.maxQueued);
    this.channelId = channelId;
    this.me = "0x" + Hex.encode(cfg.memberKey.publicKey());
    this.myNodeKey = "0x" + Hex.encode(cfg.nodeKey.publicKey());
    this.faults = cfg.faults == null ? LeaderFaults.NONE : cfg.faults;
  }

  // ================================================================== public view (for tests, ops)

  public String channelId() {
    return channelId;
  }

  public Role role() {
    return role;
  }

  public long term() {
    return term;
  }

  public boolean frozen() {
    return frozen;
  }

  public String frozenReason() {
    return frozenReason;
  }

  public long height() {
    return lastHeight;
  }

  public long verifiedHeight() {
    return verifiedHeight;
  }

  public long housekeepingRuns() {
    return housekeepingRuns;
  }

  public String leader() {
    return leader;
  }

  /** The state root after the last applied entry (read on the lane). */
  public Future<Hash32> stateRoot() {
    return onLane(() -> sandbox.stateRoot());
  }

  // ================================================================== start

  Future<Void> start() {
    return chain.channel(channelId).compose(v -> {
      this.view = v;
      if (!ChannelView.OPEN.equals(v.status())) {
        return Future.failedFuture(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, "channel is closed"));
      }
      for (ChannelView.MemberView m : v.members()) {
        if (m.nodeKey() != null && !nk(m.nodeKey()).equals(myNodeKey)) peers.addPeer(nk(m.nodeKey()), m.endpoint());
      }
      List<byte[]> modules = new ArrayList<>();
      for (String h : v.modules()) modules.add(Hex.decode(strip(h)));
      return onLane(() -> load(v, modules));
    }).compose(r -> {
      lastHeight = r.height;
      verifiedHeight = 0;
      followNext = r.height + 1;
      seqHeight = r.height;
      nonces.putAll(r.nonces);
      joined.addAll(r.joined);
      highestJoinSeq = r.highestJoinSeq;
      joinSequenced = r.highestJoinSeq;
      tickNumber = r.tick[0];
      lastTickTime = r.tick[1];
      for (Entry e : r.tail) recent.put(e.height(), e);
      lastLeaderContact = now();
      housekeepingTimer = vertx.setPeriodic(cfg.housekeepingMillis, t -> housekeeping());
      tickConsumer = vertx.eventBus().consumer(TickingVerticle.TICK_PREFIX + channelId, m -> onTick(m.body().getLong("timeMs")));
      heartbeatChain();
      adoptView(view, true);
      return Future.<Void>succeededFuture();
    });
  }

  private record Loaded(long height, Map<String, Long> nonces, Set<String> joined, long highestJoinSeq, long[] tick,
      List<Entry> tail) {}

  /** On the lane: code, genesis, log, snapshot + replay (crash recovery). */
  private Loaded load(ChannelView v, List<byte[]> chainModules) {
    this.chainModules = chainModules;
    List<byte[]> modules = faults.alterModules(chainModules);
    sandbox = new Sandbox(channelId, cfg.modulesLoader.apply(modules), cfg.gasLimit, v.tickFunction());
    sandbox.genesis(v.initFunction());
    Hash32 genesis = Hash32.sha256("statecraft/channel-genesis/v1\n".getBytes(StandardCharsets.UTF_8),
        channelId.getBytes(StandardCharsets.UTF_8), v.codeHash().getBytes(StandardCharsets.UTF_8),
        sandbox.stateRoot().toByteArray());
    Path dir = cfg.dataDir.resolve("channels").resolve(Hex.encode(Hash32.sha256(channelId.getBytes(StandardCharsets.UTF_8))
        .toByteArray()).substring(0, 32));
    logDir = dir;
    log = ChannelLog.open(ChannelLogConfig.builder(dir, channelId, genesis).build());
    Map<String, Long> ns = new HashMap<>();
    Set<String> js = new HashSet<>();
    long from = log.firstHeight();
    var snap = log.latestSnapshot();
    if (snap.isPresent()) {
      SnapshotInfo s = snap.get();
      sandbox.restore(log.readSnapshot(s));
      if (!sandbox.stateRoot().equals(s.stateRoot())) throw new IllegalStateException("snapshot root mismatch");
      from = s.height() + 1;
    }
    for (long h = from; h <= log.lastHeight(); h++) {
      Entry e = log.get(h).orElseThrow();
      Hash32 root = sandbox.applyWriteSet(e.effects());
      if (!root.equals(e.stateRoot())) throw new IllegalStateException("replay of height " + h + " gives another root");
    }
    laneLastHash = log.lastHash();
    laneHeight = log.lastHeight();
    // Rebuild the context's mirrors from the state itself.
    for (Sandbox.ResourceView r : sandbox.resources(null)) {
      String t = r.type().name();
      if (!"statecraft".equals(r.type().module()) || !r.type().address().equals(Address.ofShort(0))) continue;
      if (t.equals("Nonce")) ns.put(r.address().toHex(), java.nio.ByteBuffer.wrap(r.value().toByteArray())
          .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
      if (t.equals("Member")) js.add(r.address().toHex());
    }
    List<Entry> tail = new ArrayList<>();
    for (long h = Math.max(log.firstHeight(), laneHeight - 1023); h <= laneHeight; h++) log.get(h).ifPresent(tail::add);
    return new Loaded(laneHeight, ns, js, sandbox.highestJoinSeq(), sandbox.clock(), tail);
  }

  Future<Void> stop() {
    if (housekeepingTimer >= 0) vertx.cancelTimer(housekeepingTimer);
    if (tickConsumer != null) tickConsumer.unregister();
    vertx.eventBus().request(TickingVerticle.UNREGISTER, new JsonObject().put("channelId", channelId));
    return onLane(() -> {
      if (log != null) log.close();
      return null;
    });
  }

  // ================================================================== chain view, roles, elections

  void onChainEvent(ChainEvent e) {
    if (role == Role.CLOSED) return;
    switch (e.type()) {
      case "channel.heartbeat", "proposal.voted" -> {
        return;
      }
      case "proposal.failed" -> {
        retryExitIfOvertaken(e.data());
        refreshView();
      }
      default -> refreshView();
    }
  }

  /**
   * A leave or close this node proposed carries a settle part from the settled height at the
   * time; a settlement executed in between (the Leader's periodic one, proposed before it saw
   * ours) moves the settled height and the contract fails our proposal as out of range. The
   * member still wants out, so propose again from the new settled height, a bounded number of
   * times.
   */
  private void retryExitIfOvertaken(JsonObject data) {
    JsonObject args = myExitProposals.remove(data.getLong("proposalId", -1L));
    if (args == null) return;
    JsonObject error = data.getJsonObject("error", new JsonObject());
    if (error.getInteger("code", 0) != ChainErrorCode.SETTLE_RANGE_INVALID.code()) return;
    int attempt = args.getInteger(EXIT_ATTEMPT, 0) + 1;
    if (attempt > MAX_EXIT_ATTEMPTS) {
      LOG.warn("{} proposal failed {} times as overtaken by other settlements; giving up", args.getString("type"), attempt);
      return;
    }
    JsonObject again = args.copy().put(EXIT_ATTEMPT, attempt);
    // Read the chain first, so the new settle part starts at the settled height that beat ours.
    chain.channel(channelId).onSuccess(v -> {
      adoptView(v, false);
      withSettle(again).onFailure(t -> LOG.warn("re-proposing {} failed: {}", args.getString("type"), t.getMessage()));
    });
  }

  private void refreshView() {
    if (refreshInFlight) {
      // An event arrived while a read was under way: read again after it, or the view may miss
      // it (e.g. a settlement, after which nothing else would trigger a read).
      refreshAgain = true;
      return;
    }
    refreshInFlight = true;
    chain.channel(channelId).onComplete(ar -> {
      refreshInFlight = false;
      if (ar.succeeded()) adoptView(ar.result(), false);
      if (refreshAgain) {
        refreshAgain = false;
        if (role != Role.CLOSED) refreshView();
      }
    });
  }

  private void adoptView(ChannelView v, boolean initial) {
    this.view = v;
    if (!ChannelView.OPEN.equals(v.status())) {
      close("channel closed on chain (" + v.closedReason() + ")");
      return;
    }
    if (v.member(me).isEmpty()) {
      setRole(Role.REMOVED);
      endSubscriptions(new StreamException(StreamErrorCode.NOT_A_MEMBER, "this member is no longer in the channel"));
      failAllPending(new StreamException(StreamErrorCode.NOT_A_MEMBER, "this member left the channel"));
      return;
    }
    for (ChannelView.MemberView m : v.members()) {
      if (m.nodeKey() != null && !nk(m.nodeKey()).equals(myNodeKey)) peers.addPeer(nk(m.nodeKey()), m.endpoint());
    }
    onSettled(v.settledHeight());
    reviewProposals(v);
    candidacy(v);
    boolean leaderValid = v.leader() != null && v.member(v.leader()).map(ChannelView.MemberView::valid).orElse(false);
    if (v.leader() != null && (v.term() > term || initial || !v.leader().equals(leader))) {
      boolean newTerm = v.term() != term || !v.leader().equals(leader);
      term = v.term();
      leader = v.leader();
      if (newTerm && frozen && cheatEntry != null) {
        // A new term resolves the dispute: the cheating Leader is out; continue from the verified log.
        frozen = false;
        frozenReason = null;
        cheatEntry = null;
        buffer.clear();
      }
      if (leader.equals(me)) {
        if (role != Role.LEADER && role != Role.LEADER_SYNCING) becomeLeader();
      } else {
        becomeFollower();
      }
    } else if (role == Role.LEADER || role == Role.LEADER_SYNCING) {
      if (v.leader() == null || !v.leader().equals(me)) becomeFollower();
      else {
        sequenceJoins();
        sequenceLeaves();
      }
    }
    if ((v.leader() == null || (!leaderValid && !me.equals(v.leader()))) && role != Role.LEADER) {
      if (role == Role.FOLLOWER || role == Role.STARTING) setRole(Role.ELECTING);
      applyLeader();
    }
  }

  private void becomeFollower() {
    ackedUpTo.clear();
    setRole(Role.FOLLOWER);
    unregisterTicks();
    lastLeaderContact = now();
    followNext = Math.max(followNext, lastHeight + 1);
    askSync(leaderNodeKey(), true);
    Entry last = recent.get(lastHeight);
    if (last != null && leaderNodeKey() != null) {
      send(leaderNodeKey(), new PeerMessages.Ack(channelId, last.height(), last.entryHash()));
    }
    replayHeld();
  }

  private void becomeLeader() {
    setRole(Role.LEADER_SYNCING);
    ackedUpTo.clear();
    // Continue from the highest verified height any member holds (SPEC §5): ask everyone.
    syncWaiting.clear();
    for (String p : peerKeys()) {
      syncWaiting.add(p);
      send(p, new PeerMessages.SyncReq(channelId, lastHeight + 1, PeerMessages.MAX_SYNC_ENTRIES));
    }
    if (syncWaiting.isEmpty()) {
      finishLeaderSync();
    } else {
      leaderSyncTimer = vertx.setTimer(cfg.leaderSyncMillis, t -> finishLeaderSync());
    }
  }

  private void finishLeaderSync() {
    if (role != Role.LEADER_SYNCING) return;
    if (verifying || buffer.containsKey(followNext)) {
      leaderSyncTimer = vertx.setTimer(10, t -> finishLeaderSync());
      return;
    }
    if (leaderSyncTimer >= 0) vertx.cancelTimer(leaderSyncTimer);
    buffer.clear();
    setRole(Role.LEADER);
    seqHeight = lastHeight;
    acceptedNonces.clear();
    acceptedNonces.putAll(nonces);
    joinSequenced = highestJoinSeq;
    if (view.tickFunction() != null && view.tickIntervalMillis() > 0) {
      vertx.eventBus().request(TickingVerticle.REGISTER,
          new JsonObject().put("channelId", channelId).put("intervalMillis", view.tickIntervalMillis()));
    }
    sequenceJoins();
    sequenceLeaves();
    checkVerified();
    replayHeld();
    LOG.info("{} leads channel {} at term {} from height {}", me, channelId, term, lastHeight);
  }

  private void unregisterTicks() {
    vertx.eventBus().request(TickingVerticle.UNREGISTER, new JsonObject().put("channelId", channelId));
  }

  private boolean candidacyInFlight;

  /** More than 5 members (SPEC §3): stand as a candidate while seats are free, else delegate. */
  private void candidacy(ChannelView v) {
    if (candidacyInFlight || v.members().size() <= v.params().candidateCount()) return;
    ChannelView.MemberView mine = v.member(me).orElse(null);
    if (mine == null || mine.candidate() || mine.delegateTo() != null) return;
    JsonObject args = new JsonObject().put("channelId", channelId);
    if (v.candidates().size() < v.params().candidateCount()) {
      candidacyInFlight = true;
      sender.submit("channel.standCandidate", args).onComplete(ar -> {
        candidacyInFlight = false;
        refreshView();
      });
      return;
    }
    ChannelView.MemberView best = null;
    for (ChannelView.MemberView m : v.members()) {
      if (m.candidate() && (best == null || m.delegations() < best.delegations())) best = m;
    }
    if (best == null) return;
    candidacyInFlight = true;
    sender.submit("channel.delegate", args.put("candidate", best.address())).onComplete(ar -> {
      candidacyInFlight = false;
      refreshView();
    });
  }

  private boolean mayLead() {
    if (view.members().size() <= view.params().candidateCount()) return true;
    return view.member(me).map(ChannelView.MemberView::candidate).orElse(false);
  }

  private void applyLeader() {
    if (electionInFlight || role == Role.CLOSED || role == Role.REMOVED) return;
    if (!mayLead()) return; // above 5 members only candidates lead; the others wait for one
    if (frozen && cheatEntry != null && leader != null && view.member(leader).isPresent()) return; // dispute open
    electionInFlight = true;
    JsonObject args = new JsonObject().put("channelId", channelId);
    sender.submit("channel.heartbeat", args.copy()).transform(ar -> sender.submit("channel.applyLeader", args.copy()))
        .onComplete(ar -> {
          electionInFlight = false;
          lastChainHeartbeat = now();
          refreshView();
        });
  }

  private void setRole(Role r) {
    if (role == r) return;
    role = r;
    publishStatus();
  }

  private void publishStatus() {
    vertx.eventBus().publish(ADDRESS_PREFIX + channelId + ".status", new JsonObject().put("channelId", channelId)
        .put("role", role.name()).put("term", term).put("frozen", frozen).put("height", lastHeight)
        .put("verifiedHeight", verifiedHeight));
  }

  private void close(String why) {
    if (role == Role.CLOSED) return;
    setRole(Role.CLOSED);
    unregisterTicks();
    endSubscriptions(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, why));
    failAllPending(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, why));
  }

  // ================================================================== housekeeping (clock-driven)

  private void housekeeping() {
    housekeepingRuns++;
    if (role == Role.CLOSED || role == Role.REMOVED) return;
    long now = now();
    long window = view.params().heartbeatWindowMillis();
    if (now - lastChainHeartbeat >= window / 3) heartbeatChain();
    if (now - lastPeerHeartbeat >= Math.max(1, window / 5)) {
      lastPeerHeartbeat = now;
      PeerMessages.Heartbeat hb = new PeerMessages.Heartbeat(channelId, term, lastHeight, verifiedHeight);
      if (role == Role.LEADER) {
        for (String p : peerKeys()) send(p, hb);
      } else if (role == Role.FOLLOWER && leaderNodeKey() != null) {
        send(leaderNodeKey(), hb);
      }
    }
    if (role == Role.FOLLOWER && now - lastLeaderContact > window) {
      refreshViewThenElect();
    }
    if (role == Role.ELECTING) applyLeader();
    if (role == Role.LEADER && !delayed.isEmpty()) {
      for (Iterator<Delayed> it = delayed.iterator(); it.hasNext();) {
        Delayed d = it.next();
        if (now >= d.due()) {
          it.remove();
          d.promise().handle(sequenceCall(d.tx()));
        }
      }
    }
    if (role == Role.FOLLOWER && !censorshipFiled && !frozen) {
      long timeout = view.params().censorshipTimeoutMillis();
      for (Map.Entry<Hash32, long[]> w : censorshipWatch.entrySet()) {
        if (now - w.getValue()[0] >= timeout) {
          fileCensorship(w.getKey(), w.getValue()[0]);
          break;
        }
      }
    }
    if (!pendingVotes.isEmpty()) retryVotes();
    // A gap in the reorder buffer whose sync request was rate-limited or lost: ask again.
    if ((role == Role.FOLLOWER || role == Role.LEADER_SYNCING) && !verifying && !frozen && !buffer.isEmpty()
        && !buffer.containsKey(followNext)) {
      askSync(role == Role.FOLLOWER ? leaderNodeKey() : peerKeys().isEmpty() ? null : peerKeys().get(0), false);
    }
    maybeProposeSettle();
    if (!held.isEmpty() && (role == Role.LEADER || role == Role.FOLLOWER && now - lastLeaderContact <= window)) replayHeld();
  }

  private void refreshViewThenElect() {
    if (electionInFlight || refreshInFlight) return;
    refreshInFlight = true;
    chain.channel(channelId).onComplete(ar -> {
      refreshInFlight = false;
      if (refreshAgain) {
        refreshAgain = false;
        refreshView();
      }
      if (ar.failed()) return;
      adoptView(ar.result(), false);
      ChannelView v = ar.result();
      boolean leaderValid = v.leader() != null && v.member(v.leader()).map(ChannelView.MemberView::valid).orElse(false);
      if (!leaderValid && role == Role.FOLLOWER) {
        setRole(Role.ELECTING);
        applyLeader();
      }
    });
  }

  private void heartbeatChain() {
    lastChainHeartbeat = now();
    sender.submit("channel.heartbeat", new JsonObject().put("channelId", channelId)).onFailure(e -> {
      if (e instanceof io.statecraft.chain.ChainException ce && ce.code() == io.statecraft.chain.ChainErrorCode.CHANNEL_CLOSED) {
        refreshView();
      }
    });
  }

  // ================================================================== calls (gateway)

  /** Hands a member-signed call or batch to the channel; completes when the Leader sequenced it. */
  public Future<CallProgress> call(Transaction tx, ConfirmationLevel upTo) {
    if (upTo == ConfirmationLevel.UNRECOGNIZED) {
      return Future.failedFuture(new StreamException(StreamErrorCode.UNSUPPORTED_CONFIRMATION_LEVEL, "unknown level"));
    }
    if (!(tx instanceof Transaction.Call) && !(tx instanceof Transaction.Batch)) {
      return Future.failedFuture(new StreamException(StreamErrorCode.MALFORMED_REQUEST, "not a member transaction"));
    }
    if (role == Role.CLOSED) return Future.failedFuture(new StreamException(StreamErrorCode.CHANNEL_NOT_FOUND, "closed"));
    if (role == Role.REMOVED) return Future.failedFuture(new StreamException(StreamErrorCode.NOT_A_MEMBER, "left"));
    if (frozen) return Future.failedFuture(new StreamException(StreamErrorCode.CHANNEL_FROZEN, frozenReason));
    if (!checkSignature(tx)) return Future.failedFuture(new StreamException(StreamErrorCode.BAD_SIGNATURE, "bad signature"));
    return switch (role) {
      case LEADER -> leaderAccept(tx);
      case FOLLOWER -> forward(tx);
      default -> hold(tx);
    };
  }

  private Future<CallProgress> hold(Transaction tx) {
    if (held.size() >= cfg.maxHeldWrites) {
      return Future.failedFuture(new StreamException(StreamErrorCode.LEADER_UNREACHABLE,
          "a Leader election is in progress; retry later"));
    }
    Promise<CallProgress> p = Promise.promise();
    held.add(new Held(tx, p));
    return p.future();
  }

  private void replayHeld() {
    if (role != Role.LEADER && role != Role.FOLLOWER) return;
    List<Held> batch = new ArrayList<>(held);
    held.clear();
    for (Held h : batch) call(h.tx(), ConfirmationLevel.ACCEPTED).onComplete(h.promise());
  }

  private boolean checkSignature(Transaction tx) {
    if (tx instanceof Transaction.Call c) return c.verifySignature(channelId);
    return ((Transaction.Batch) tx).verifySignature(channelId);
  }

  private static Address senderOf(Transaction tx) {
    return tx instanceof Transaction.Call c ? c.sender() : ((Transaction.Batch) tx).sender();
  }

  private static long nonceOf(Transaction tx) {
    return tx instanceof Transaction.Call c ? c.nonce() : ((Transaction.Batch) tx).nonce();
  }

  private Future<CallProgress> leaderAccept(Transaction tx) {
    String s = senderOf(tx).toHex();
    if (!joined.contains(s)) return Future.failedFuture(new StreamException(StreamErrorCode.NOT_A_MEMBER, "not a member"));
    if (nonceOf(tx) <= acceptedNonces.getOrDefault(s, -1L)) {
      return Future.failedFuture(new StreamException(StreamErrorCode.REPLAYED_NONCE, "nonce already used"));
    }
    if (faults.drop(tx)) {
      acceptedNonces.put(s, nonceOf(tx));
      return Promise.<CallProgress>promise().future(); // never answered: censorship
    }
    long delay = faults.delayMillis(tx);
    if (delay > 0) {
      acceptedNonces.put(s, nonceOf(tx));
      Promise<CallProgress> p = Promise.promise();
      delayed.add(new Delayed(now() + delay, tx, p));
      return p.future();
    }
    return sequenceCall(tx);
  }

  private Future<CallProgress> sequenceCall(Transaction tx) {
    acceptedNonces.merge(senderOf(tx).toHex(), nonceOf(tx), Math::max);
    Pending p = sequence(tx);
    return Future.succeededFuture(p);
  }

  /** Leader: hands out the next height at once, executes on the lane, logs, then broadcasts. */
  private Pending sequence(Transaction tx) {
    long height = ++seqHeight;
    long ts = now();
    long t = term;
    Pending p = new Pending(height, tx.hash());
    pending.put(height, p);
    while (pending.size() > 16 * cfg.maxQueued) pending.pollFirstEntry(); // bounded: the oldest never hear of settlement
    Map<String, Long> deposits = deposits(view);
    Future<Entry> f = onLane(() -> leaderExecute(height, t, ts, tx, deposits));
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        afterApplied(ar.result(), null);
        for (String peer : peerKeys()) send(peer, new PeerMessages.EntryMsg(channelId, ar.result()));
        checkVerified();
      } else {
        LOG.error("channel {}: Leader could not execute/log height {}", channelId, height, ar.cause());
        freeze("Leader failed to log an entry: " + ar.cause());
      }
    });
    return p;
  }

  private Entry leaderExecute(long height, long t, long ts, Transaction tx, Map<String, Long> deposits) {
    Sandbox.Outcome o = sandbox.execute(tx, height, a -> deposits.getOrDefault(a.toHex(), 0L));
    Effects effects = faults.alterEffects(height, o.effects());
    Hash32 root = faults.alterStateRoot(height, o.stateRoot());
    Entry e = Entry.sign(new EntryHeader(channelId, height, laneLastHash, t, ts), tx, effects, root, cfg.nodeKey);
    log.append(e); // durable before anyone hears of it
    sandbox.apply(o);
    laneLastHash = e.entryHash();
    laneHeight = height;
    maybeSnapshot(e);
    return e;
  }

  private void maybeSnapshot(Entry e) {
    if (cfg.snapshotEvery > 0 && e.height() % cfg.snapshotEvery == 0) log.saveSnapshot(e.height(), sandbox.snapshot());
  }

  private Future<CallProgress> forward(Transaction tx) {
    String lk = leaderNodeKey();
    if (lk == null) return hold(tx);
    long id = nextRequestId++;
    Promise<long[]> accepted = Promise.promise();
    forwarded.put(id, accepted);
    Hash32 h = tx.hash();
    forwardedHash.put(id, h);
    censorshipWatch.putIfAbsent(h, new long[] {now()});
    censorshipTx.put(h, tx.encode());
    Promise<CallProgress> outer = Promise.promise();
    peers.send(lk, PeerMessages.CALL, PeerMessages.encode(new PeerMessages.Call(channelId, id, tx.encode())))
        .onFailure(e -> {
          forwarded.remove(id);
          forwardedHash.remove(id);
          // The Leader cannot be reached: hold the write for the next Leader (bounded), SPEC §5.
          hold(tx).onComplete(outer);
        });
    accepted.future().onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof StreamException se && se.code() == StreamErrorCode.LEADER_UNREACHABLE) {
          refreshView(); // the Leader we knew is not leading: hold for the one the chain names
          hold(tx).onComplete(outer);
        } else {
          outer.tryFail(ar.cause());
        }
        return;
      }
      long height = ar.result()[0];
      Pending p = pending.computeIfAbsent(height, k -> new Pending(height, h));
      Entry e = recent.get(height);
      if (e != null && height <= lastHeight) p.executed(e.effects());
      if (height <= Math.min(verifiedHeight, lastHeight)) p.verified(e != null ? e.stateRoot() : null);
      outer.tryComplete(p);
    });
    return outer.future();
  }

  // ================================================================== ticks and joins (Leader)

  private void onTick(long timeMs) {
    if (role != Role.LEADER || frozen) return;
    long number = ++tickNumber;
    long time = Math.max(faults.tickTime(number, timeMs), lastTickTime);
    lastTickTime = time;
    sequence(new Transaction.Tick(number, time));
  }

  private void sequenceJoins() {
    if (role != Role.LEADER || frozen) return;
    List<ChannelView.MemberView> ms = new ArrayList<>(view.members());
    ms.sort((a, b) -> Long.compare(a.joinSeq(), b.joinSeq()));
    for (ChannelView.MemberView m : ms) {
      if (m.joinSeq() > joinSequenced) {
        joinSequenced = m.joinSeq();
        sequence(new Transaction.Join(Address.parse(m.address()), m.joinSeq()));
      }
    }
  }

  private void sequenceLeaves() {
    if (role != Role.LEADER || frozen) return;
    for (String a : new java.util.TreeSet<>(joined)) {
      if (view.member(a).isEmpty() && leaveSequenced.add(a)) sequence(new Transaction.Leave(Address.parse(a)));
    }
  }

  // ================================================================== settlement (SPEC §7)

  private void onSettled(long h) {
    if (h <= settledHeight) return;
    settledHeight = h;
    var done = settleWaiters.headMap(h, true);
    for (List<Promise<Long>> ps : done.values()) for (Promise<Long> p : ps) p.tryComplete(h);
    done.clear();
    for (Pending p : pending.values()) if (p.height <= h) p.settled.tryComplete(h);
    pending.headMap(h, true).entrySet().removeIf(en -> en.getValue().isDone());
    // Every member may now snapshot at the settled height and prune what lies before it.
    onLane(() -> {
      var snap = log.latestSnapshot();
      if (snap.isPresent()) log.pruneBefore(Math.min(h, snap.get().height()));
      return null;
    });
  }

  private void maybeProposeSettle() {
    long period = Math.max(1, view.params().settlePeriodBlocks());
    if (role != Role.LEADER || frozen || settleInFlight || verifiedHeight - settledHeight < period) return;
    for (ChannelView.ProposalView p : view.proposals()) {
      if ("open".equals(p.status()) && ("settle".equals(p.type()) || p.body().containsKey("settle"))) return;
    }
    settleInFlight = true;
    long start = settledHeight;
    long end = verifiedHeight;
    settlePart(start, end).compose(part -> sender.submit("channel.propose", part.copy().put("channelId", channelId)
        .put("type", "settle"))).onComplete(ar -> {
          settleInFlight = false;
          if (ar.failed()) LOG.debug("settle proposal refused: {}", ar.cause().getMessage());
          refreshView();
        });
  }

  /** {startHeight, endHeight, changeSet, stateRoot} from this node's verified log. */
  private Future<JsonObject> settlePart(long start, long end) {
    Map<String, java.math.BigInteger> deposits = new TreeMap<>();
    for (ChannelView.MemberView m : view.members()) {
      deposits.put(m.address(), m.deposit() == null || m.deposit().coin() == null ? java.math.BigInteger.ZERO : m.deposit().coin());
    }
    return onLane(() -> {
      Entry e = log.get(end).orElseThrow(() -> new IllegalStateException("no entry " + end));
      return new JsonObject().put("startHeight", start).put("endHeight", end)
          .put("changeSet", cfg.changeSets.derive(log, start, end, deposits)).put("stateRoot", e.stateRoot().toString());
    });
  }

  /** Votes on open settle / leave / close proposals of others after recomputing their settle part. */
  private void reviewProposals(ChannelView v) {
    for (ChannelView.ProposalView p : v.proposals()) {
      if (!"open".equals(p.status()) || p.votes().containsKey(me) || votedProposals.contains(p.id())) continue;
      JsonObject settle = "settle".equals(p.type()) ? p.body() : p.body().getJsonObject("settle");
      if (!"settle".equals(p.type()) && !"leave".equals(p.type()) && !"close".equals(p.type())) continue;
      if (settle == null) {
        vote(p.id(), true); // a leave or close without a settle part settles nothing
        continue;
      }
      long end = settle.getLong("endHeight");
      long start = settle.getLong("startHeight");
      if (end > lastHeight) continue; // judged again on a later view, once verified that far
      settlePart(start, end).onComplete(ar -> {
        boolean yes = ar.succeeded() && ar.result().getString("stateRoot").equalsIgnoreCase(settle.getString("stateRoot"))
            && normalized(ar.result().getJsonObject("changeSet")).equals(normalized(settle.getJsonObject("changeSet")));
        vote(p.id(), yes);
      });
    }
  }

  private static JsonObject normalized(JsonObject cs) {
    JsonObject c = cs == null ? new JsonObject() : cs;
    return new JsonObject().put("coin", c.getJsonObject("coin", new JsonObject()))
        .put("fungible", c.getJsonObject("fungible", new JsonObject()))
        .put("nfts", c.getJsonArray("nfts", new io.vertx.core.json.JsonArray()));
  }

  // ================================================================== peer messages

  void onPeer(String from, Msg m) {
    if (role == Role.CLOSED) return;
    if (m instanceof PeerMessages.EntryMsg e) {
      onEntry(from, e.entry(), true);
    } else if (m instanceof PeerMessages.Ack a) {
      onAck(from, a);
    } else if (m instanceof PeerMessages.Verified v) {
      if (from.equals(leaderNodeKey())) {
        lastLeaderContact = now();
        advanceVerified(v.height());
      }
    } else if (m instanceof PeerMessages.Call c) {
      onForwardedCall(from, c);
    } else if (m instanceof PeerMessages.CallReply r) {
      Promise<long[]> p = forwarded.remove(r.requestId());
      Hash32 h = forwardedHash.remove(r.requestId());
      if (p != null) {
        if (r.accepted()) {
          p.tryComplete(new long[] {r.height()});
        } else {
          StreamErrorCode code = StreamErrorCode.of(r.errorCode());
          // The Leader answered: a refusal (replayed nonce, bad signature, …) is not
          // censorship. Only "I am not the Leader" leaves the call waiting for sequencing.
          if (h != null && code != StreamErrorCode.LEADER_UNREACHABLE) {
            censorshipWatch.remove(h);
            censorshipTx.remove(h);
          }
          p.tryFail(new StreamException(code, r.message()));
        }
      }
    } else if (m instanceof PeerMessages.SyncReq s) {
      onSyncReq(from, s);
    } else if (m instanceof PeerMessages.SyncResp s) {
      onSyncResp(from, s);
    } else if (m instanceof PeerMessages.Heartbeat hb) {
      if (from.equals(leaderNodeKey())) {
        lastLeaderContact = now();
        advanceVerified(hb.verifiedHeight());
        if (hb.lastHeight() >= followNext && buffer.isEmpty() && !verifying) askSync(from, true);
      }
      if (hb.term() > term) refreshView();
    } else if (m instanceof PeerMessages.Punish p) {
      onPunishNotice(p);
    }
  }

  private void onForwardedCall(String from, PeerMessages.Call c) {
    Transaction tx;
    try {
      tx = EntryCodec.decodeTransaction(c.tx());
    } catch (MalformedEntryException e) {
      reply(from, c.requestId(), null, StreamErrorCode.MALFORMED_REQUEST, e.getMessage());
      return;
    }
    if (role == Role.FOLLOWER || role == Role.REMOVED) {
      reply(from, c.requestId(), null, StreamErrorCode.LEADER_UNREACHABLE, "not the Leader");
      return;
    }
    call(tx, ConfirmationLevel.ACCEPTED).onComplete(ar -> {
      if (ar.succeeded()) reply(from, c.requestId(), ar.result(), null, null);
      else {
        StreamException se = StreamException.of(ar.cause());
        reply(from, c.requestId(), null, se.code(), se.getMessage());
      }
    });
  }

  private void reply(String to, long id, CallProgress p, StreamErrorCode code, String msg) {
    send(to, p != null ? new PeerMessages.CallReply(channelId, id, true, p.height(), p.txHash(), 0, null)
        : new PeerMessages.CallReply(channelId, id, false, 0, null, code.code(), msg));
  }

  /** Acks are cumulative: a matching entry hash at h proves the follower holds this log up to h. */
  private void onAck(String from, PeerMessages.Ack a) {
    if (role != Role.LEADER && role != Role.LEADER_SYNCING) return;
    Entry e = recent.get(a.height());
    if (e == null || !e.entryHash().equals(a.entryHash())) return;
    ackedUpTo.merge(from, a.height(), Math::max);
    checkVerified();
  }

  private int quorum() {
    int n = Math.max(1, view.members().size());
    return (2 * n + 2) / 3;
  }

  private void checkVerified() {
    if (role != Role.LEADER) return;
    List<Long> heights = new ArrayList<>();
    heights.add(lastHeight);
    for (String p : peerKeys()) heights.add(ackedUpTo.getOrDefault(p, 0L));
    heights.sort(java.util.Comparator.reverseOrder());
    int q = quorum();
    long v = q <= heights.size() ? Math.min(heights.get(q - 1), lastHeight) : 0;
    if (v > verifiedHeight) {
      advanceVerified(v);
      for (String p : peerKeys()) send(p, new PeerMessages.Verified(channelId, v));
    }
  }

  private void advanceVerified(long v) {
    if (v <= verifiedHeight) return;
    verifiedHeight = v;
    long upTo = Math.min(verifiedHeight, lastHeight);
    for (Pending p : new ArrayList<>(pending.headMap(upTo, true).values())) {
      Entry e = recent.get(p.height);
      p.verified(e != null ? e.stateRoot() : null);
    }
    pending.headMap(upTo, true).entrySet().removeIf(en -> en.getValue().isDone());
  }

  // ---------------------------------------------------------------- Follower path

  private void onEntry(String from, Entry e, boolean live) {
    if (!channelId.equals(e.channelId())) return;
    if (live) {
      if (!from.equals(leaderNodeKey())) return;
      lastLeaderContact = now();
      if (e.term() > term) {
        refreshView();
        return;
      }
      if (e.term() != term || !e.verifyLeaderSignature(leaderPublicKey())) return;
    }
    if (role != Role.FOLLOWER && role != Role.LEADER_SYNCING && role != Role.ELECTING) return;
    if (frozen) return;
    long h = e.height();
    if (h < followNext || buffer.containsKey(h)) return;
    if (buffer.size() >= cfg.maxQueued) return; // bounded: a flood is dropped, the gap is re-synced later
    buffer.put(h, e);
    if (h > followNext && !buffer.containsKey(followNext)) askSync(from, false);
    pump();
  }

  private void askSync(String to, boolean force) {
    if (to == null) return;
    long t = System.nanoTime();
    if (!force && t - syncAskedAtNanos < 100_000_000L) return;
    syncAskedAtNanos = t;
    send(to, new PeerMessages.SyncReq(channelId, followNext, PeerMessages.MAX_SYNC_ENTRIES));
  }

  private void pump() {
    if (verifying || frozen) return;
    Entry e = buffer.remove(followNext);
    if (e == null) return;
    verifying = true;
    preCheck(e).onComplete(pre -> {
      if (pre.failed()) {
        verifying = false;
        freeze("entry " + e.height() + " refused: " + pre.cause().getMessage());
        return;
      }
      Map<String, Long> deposits = deposits(view);
      onLane(() -> verifyOnLane(e, deposits)).onComplete(ar -> {
        verifying = false;
        if (ar.failed()) {
          freeze("verification failed: " + ar.cause());
          return;
        }
        Verdict v = ar.result();
        if (v.ok) {
          followNext = e.height() + 1;
          afterApplied(e, null);
          if (e.term() == term && role == Role.FOLLOWER && leaderNodeKey() != null) {
            send(leaderNodeKey(), new PeerMessages.Ack(channelId, e.height(), e.entryHash()));
          }
          pump();
          if (role == Role.LEADER_SYNCING && buffer.isEmpty()) askMoreDuringLeaderSync();
        } else if (v.forked) {
          buffer.clear(); // does not extend my verified log: not evidence
          // A Leader of a newer term, signed, whose entry does not extend my log: my tail above
          // the cluster-verified height was never verified (I led and crashed, or followed a
          // deposed Leader). Cut it and re-sync (SPEC §5: an unverified tail may be dropped).
          if (e.term() == term && e.term() > termAt(e.height() - 1) && e.height() <= lastHeight + 1) {
            truncateAndResync(Math.min(verifiedHeight, e.height() - 1));
          }
        } else {
          onCheat(new CheatEvidence(e, v.effectsHash, v.stateRoot));
        }
      });
    });
  }

  private long termAt(long h) {
    Entry mine = recent.get(h);
    return mine == null ? Long.MAX_VALUE : mine.term();
  }

  private boolean truncating;

  private void truncateAndResync(long keep) {
    if (truncating) return;
    truncating = true;
    LOG.warn("channel {} on {}: dropping the unverified log tail above height {}", channelId, me, keep);
    ChannelView v = view;
    onLane(() -> truncateOnLane(v, keep)).onComplete(ar -> {
      truncating = false;
      if (ar.failed()) {
        freeze("could not drop the unverified tail: " + ar.cause());
        return;
      }
      Loaded r = ar.result();
      recent.clear();
      for (Entry x : r.tail) recent.put(x.height(), x);
      lastHeight = r.height;
      followNext = r.height + 1;
      seqHeight = r.height;
      nonces.clear();
      nonces.putAll(r.nonces);
      acceptedNonces.clear();
      acceptedNonces.putAll(r.nonces);
      joined.clear();
      joined.addAll(r.joined);
      highestJoinSeq = r.highestJoinSeq;
      joinSequenced = r.highestJoinSeq;
      tickNumber = r.tick[0];
      lastTickTime = r.tick[1];
      publishStatus();
      askSync(leaderNodeKey(), true);
    });
  }

  /** On the lane: copies the log up to {@code keep} (from its newest snapshot at or below it) into a fresh one, swaps, reloads. */
  private Loaded truncateOnLane(ChannelView v, long keep) throws java.io.IOException {
    Path tmp = logDir.resolveSibling(logDir.getFileName() + ".truncating");
    deleteTree(tmp);
    ChannelLog fresh = ChannelLog.open(ChannelLogConfig.builder(tmp, channelId, log.genesisHash()).build());
    try {
      long from = 1;
      if (log.firstHeight() > 1) {
        SnapshotInfo base = null;
        for (SnapshotInfo si : log.snapshots()) if (si.height() <= keep) base = si;
        if (base == null) throw new IllegalStateException("no snapshot at or below " + keep);
        fresh.installSnapshot(base.height(), base.entryHash(), base.stateRoot(), log.readSnapshot(base));
        from = base.height() + 1;
      }
      for (long h = from; h <= keep; h += PeerMessages.MAX_SYNC_ENTRIES) {
        for (Entry x : log.range(h, (int) Math.min(PeerMessages.MAX_SYNC_ENTRIES, keep - h + 1))) fresh.append(x);
      }
    } finally {
      fresh.close();
    }
    log.close();
    deleteTree(logDir);
    java.nio.file.Files.move(tmp, logDir);
    return load(v, chainModules);
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    if (!java.nio.file.Files.exists(p)) return;
    try (var walk = java.nio.file.Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(x);
    }
  }

  private void askMoreDuringLeaderSync() {
    for (String p : peerKeys()) send(p, new PeerMessages.SyncReq(channelId, followNext, PeerMessages.MAX_SYNC_ENTRIES));
  }

  /** Checks that need the chain or the clock, before re-execution. */
  private Future<Void> preCheck(Entry e) {
    if (e.tx() instanceof Transaction.Tick t && e.term() == term && role == Role.FOLLOWER) {
      long drift = Math.abs(t.timeMs() - now());
      long tol = view.params().tickDriftToleranceMillis();
      // Only entries arriving live are held to the clock; catch-up replays old ticks.
      if (drift > tol && e.height() >= lastHeight + 1 && buffer.isEmpty() && now() - e.timestampMs() <= tol) {
        return Future.failedFuture(new IllegalStateException("tick time drifts " + drift + " ms > " + tol));
      }
      if (t.timeMs() > now() + tol) {
        return Future.failedFuture(new IllegalStateException("tick time " + t.timeMs() + " is in the future"));
      }
    }
    if (e.tx() instanceof Transaction.Leave l) {
      if (view.member(l.member().toHex()).isEmpty()) return Future.succeededFuture();
      return chain.channel(channelId).compose(v -> {
        view = v;
        return v.member(l.member().toHex()).isEmpty() ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("leave of " + l.member() + " but it is still a member on chain"));
      });
    }
    if (e.tx() instanceof Transaction.Join j) {
      if (joinOk(view, j)) return Future.succeededFuture();
      return chain.channel(channelId).compose(v -> {
        view = v;
        // A member forced out or gone since keeps its join record in the log; accept seqs below the highest.
        if (joinOk(v, j) || j.joinSeq() <= v.highestJoinSeq() && v.member(j.member().toHex()).isEmpty()) {
          return Future.<Void>succeededFuture();
        }
        return Future.failedFuture(new IllegalStateException("join " + j + " not on chain"));
      });
    }
    return Future.succeededFuture();
  }

  private static boolean joinOk(ChannelView v, Transaction.Join j) {
    return v.member(j.member().toHex()).map(m -> m.joinSeq() == j.joinSeq()).orElse(false);
  }

  private record Verdict(boolean ok, boolean forked, Hash32 effectsHash, Hash32 stateRoot) {}

  private Verdict verifyOnLane(Entry e, Map<String, Long> deposits) {
    if (e.height() != laneHeight + 1 || !e.prevHash().equals(laneLastHash)) return new Verdict(false, true, null, null);
    Sandbox.Outcome o = sandbox.execute(e.tx(), e.height(), a -> deposits.getOrDefault(a.toHex(), 0L));
    Hash32 eh = o.effects().hash();
    if (!eh.equals(e.effectsHash()) || !o.stateRoot().equals(e.stateRoot())) {
      return new Verdict(false, false, eh, o.stateRoot());
    }
    log.append(e);
    sandbox.apply(o);
    laneLastHash = e.entryHash();
    laneHeight = e.height();
    maybeSnapshot(e);
    return new Verdict(true, false, eh, o.stateRoot());
  }

  /** Both roles, on the context, after an entry is applied and logged here. */
  private void afterApplied(Entry e, Object unused) {
    lastHeight = e.height();
    recent.put(e.height(), e);
    Transaction tx = e.tx();
    if (tx instanceof Transaction.Call || tx instanceof Transaction.Batch) {
      nonces.merge(senderOf(tx).toHex(), nonceOf(tx), Math::max);
      acceptedNonces.merge(senderOf(tx).toHex(), nonceOf(tx), Math::max);
      censorshipWatch.remove(e.txHash());
      censorshipTx.remove(e.txHash());
    } else if (tx instanceof Transaction.Join j) {
      joined.add(j.member().toHex());
      highestJoinSeq = Math.max(highestJoinSeq, j.joinSeq());
      joinSequenced = Math.max(joinSequenced, j.joinSeq());
    } else if (tx instanceof Transaction.Leave l) {
      joined.remove(l.member().toHex());
    } else if (tx instanceof Transaction.Tick t) {
      tickNumber = Math.max(tickNumber, t.number());
      lastTickTime = Math.max(lastTickTime, t.timeMs());
    }
    Pending p = pending.get(e.height());
    if (p != null && p.txHash.equals(e.txHash())) p.executed(e.effects());
    if (role != Role.LEADER && e.height() <= verifiedHeight && p != null) {
      p.verified(e.stateRoot());
      // Kept until settled too: a call forwarded from here may wait for `settled` (onSettled removes it).
      if (p.isDone()) pending.remove(e.height());
    }
    if (role != Role.LEADER && view.members().size() == 1) advanceVerified(e.height());
    VerifiedChange c = new VerifiedChange(e.height(), kind(tx), e.txHash(), e.stateRoot(), e.effects());
    for (Sub s : subs) s.push(c);
    vertx.eventBus().publish(ADDRESS_PREFIX + channelId + ".verified", new JsonObject().put("channelId", channelId)
        .put("height", e.height()).put("kind", kind(tx)).put("txHash", e.txHash().toString())
        .put("effectsHash", e.effectsHash().toString()).put("stateRoot", e.stateRoot().toString()));
    if (!pendingVotes.isEmpty()) retryVotes();
  }

  // ---------------------------------------------------------------- sync (catch-up)

  private void onSyncReq(String from, PeerMessages.SyncReq s) {
    int max = Math.max(1, Math.min(s.max(), PeerMessages.MAX_SYNC_ENTRIES));
    onLane(() -> {
      long first = log.firstHeight();
      List<Entry> es = s.fromHeight() >= first ? log.range(s.fromHeight(), max) : List.of();
      Entry last = log.lastEntry().orElse(null);
      return new Object[] {new PeerMessages.SyncResp(channelId, laneHeight, es), last};
    }).onSuccess(r -> {
      send(from, (PeerMessages.SyncResp) r[0]);
      Entry last = (Entry) r[1];
      if (last != null && from.equals(leaderNodeKey()) && role == Role.FOLLOWER) {
        send(from, new PeerMessages.Ack(channelId, last.height(), last.entryHash()));
      }
    });
  }

  private void onSyncResp(String from, PeerMessages.SyncResp s) {
    for (Entry e : s.entries()) {
      // Entries of the current term must carry the current Leader's signature; older ones
      // (a previous Leader's, during failover) are accepted on re-execution alone.
      if (e.term() == term && leaderPublicKey() != null && !e.verifyLeaderSignature(leaderPublicKey())) return;
      if (e.term() > term) {
        refreshView();
        return;
      }
      onEntry(from, e, false);
    }
    if (role == Role.LEADER_SYNCING) {
      syncWaiting.remove(from);
      if (!s.entries().isEmpty() && s.lastHeight() > s.entries().get(s.entries().size() - 1).height()) {
        send(from, new PeerMessages.SyncReq(channelId, s.entries().get(s.entries().size() - 1).height() + 1,
            PeerMessages.MAX_SYNC_ENTRIES));
        syncWaiting.add(from);
        // leaderSyncMillis bounds a silent peer, not one still handing over verified entries:
        // finishing early would start sequencing below heights a peer holds verified (SPEC §5).
        if (leaderSyncTimer >= 0) vertx.cancelTimer(leaderSyncTimer);
        leaderSyncTimer = vertx.setTimer(cfg.leaderSyncMillis, t -> finishLeaderSync());
      }
      if (syncWaiting.isEmpty()) vertx.setTimer(1, t -> finishLeaderSync());
    } else if (role == Role.FOLLOWER && !s.entries().isEmpty()
        && s.lastHeight() > s.entries().get(s.entries().size() - 1).height()) {
      send(from, new PeerMessages.SyncReq(channelId, s.entries().get(s.entries().size() - 1).height() + 1,
          PeerMessages.MAX_SYNC_ENTRIES));
    }
  }

  // ---------------------------------------------------------------- cheating

  private void freeze(String why) {
    if (!frozen) LOG.warn("channel {} frozen on {}: {}", channelId, me, why);
    frozen = true;
    frozenReason = why;
    publishStatus();
  }

  private void onCheat(CheatEvidence ev) {
    cheatEntry = ev.entry();
    freeze("Leader's entry " + ev.entry().height() + " differs from honest re-execution");
    vertx.eventBus().publish(ADDRESS_PREFIX + channelId + ".cheat", new JsonObject().put("channelId", channelId)
        .put("height", ev.entry().height()).put("term", ev.entry().term()).put("leader", leader)
        .put("effectsDiffer", ev.effectsDiffer()).put("stateRootDiffers", ev.stateRootDiffers()));
    chain.channel(channelId).onSuccess(v -> {
      view = v;
      if (v.leader() == null || !v.leader().equals(leader) || v.term() != ev.entry().term()) return; // already out
      for (ChannelView.ProposalView p : v.proposals()) {
        if ("punish".equals(p.type()) && "open".equals(p.status())
            && p.body().getJsonObject("evidence", new JsonObject()).getLong("term", -1L) == ev.entry().term()) {
          vote(p.id(), true);
          return;
        }
      }
      JsonObject evidence = new JsonObject().put("kind", "divergence").put("accused", leader)
          .put("term", ev.entry().term()).put("height", ev.entry().height())
          .put("evidence", Hex.encode(ev.encode())).put("evidenceHash", ev.hash().toString())
          .put("honestEffectsHash", ev.honestEffectsHash().toString())
          .put("honestStateRoot", ev.honestStateRoot().toString());
      sender.submit("channel.propose", new JsonObject().put("channelId", channelId).put("type", "punish")
          .put("evidence", evidence)).onSuccess(r -> {
            long id = r.result().getLong("proposalId");
            votedProposals.add(id);
            PeerMessages.Punish notice = new PeerMessages.Punish(channelId, id, ev.encode());
            String lk = leaderNodeKey();
            for (String p : peerKeys()) if (!p.equals(lk)) send(p, notice);
          }).onFailure(e -> LOG.warn("punish proposal refused: {}", e.getMessage()));
    });
  }

  private void onPunishNotice(PeerMessages.Punish p) {
    if (votedProposals.contains(p.proposalId())) return;
    CheatEvidence ev;
    try {
      ev = CheatEvidence.decode(p.evidence());
    } catch (MalformedEntryException e) {
      vote(p.proposalId(), false);
      return;
    }
    pendingVotes.add(new PendingVote(p.proposalId(), ev, 0));
    retryVotes();
  }

  /** Judge each pending punish vote from this node's own verified state (seed 000 §2.3.1.7). */
  private void retryVotes() {
    List<PendingVote> todo = new ArrayList<>(pendingVotes);
    pendingVotes.clear();
    for (PendingVote pv : todo) {
      CheatEvidence ev = pv.evidence();
      byte[] key = leaderPublicKey();
      if (ev.entry().term() != term || key == null || ev.verify(key) != CheatEvidence.Verdict.VALID) {
        vote(pv.proposalId(), false);
        continue;
      }
      long h = ev.entry().height();
      Map<String, Long> deposits = deposits(view);
      onLane(() -> judge(ev, deposits)).onSuccess(j -> {
        if (j == null) {
          if (pv.attempts() < 1000) pendingVotes.add(new PendingVote(pv.proposalId(), ev, pv.attempts() + 1));
          if (h > followNext) askSync(leaderNodeKey(), false);
        } else {
          vote(pv.proposalId(), j);
        }
      });
    }
  }

  /** On the lane: true = the Leader cheated, false = it did not, null = not there yet. */
  private Boolean judge(CheatEvidence ev, Map<String, Long> deposits) {
    Entry bad = ev.entry();
    long h = bad.height();
    if (laneHeight == h - 1) {
      if (!bad.prevHash().equals(laneLastHash)) return false;
      Sandbox.Outcome o = sandbox.execute(bad.tx(), h, a -> deposits.getOrDefault(a.toHex(), 0L));
      return !o.effects().hash().equals(bad.effectsHash()) || !o.stateRoot().equals(bad.stateRoot());
    }
    if (laneHeight >= h) {
      Entry mine = log.get(h).orElse(null);
      if (mine == null || !mine.prevHash().equals(bad.prevHash())) return false;
      return !mine.effectsHash().equals(bad.effectsHash()) || !mine.stateRoot().equals(bad.stateRoot());
    }
    return null;
  }

  private void vote(long proposalId, boolean yes) {
    if (!votedProposals.add(proposalId)) return;
    sender.submit("channel.vote", new JsonObject().put("channelId", channelId).put("proposalId", proposalId).put("yes", yes))
        .onFailure(e -> LOG.debug("vote on {} refused: {}", proposalId, e.getMessage()));
  }

  private void fileCensorship(Hash32 txHash, long submittedAt) {
    censorshipFiled = true;
    JsonObject evidence = new JsonObject().put("kind", "censorship").put("submittedAtMillis", submittedAt)
        .put("txHash", txHash.toString()).put("accused", leader).put("term", term)
        .put("tx", Hex.encode(censorshipTx.getOrDefault(txHash, new byte[0])));
    sender.submit("channel.propose", new JsonObject().put("channelId", channelId).put("type", "censorship")
        .put("evidence", evidence)).onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("censorship report refused: {}", ar.cause().getMessage());
            censorshipFiled = false;
          }
          refreshView();
        });
  }

  // ================================================================== gateway reads

  public Future<ChannelSnapshot> snapshot(OptionalLong height) {
    return onLane(() -> {
      if (height.isPresent() && height.getAsLong() != laneHeight) {
        if (height.getAsLong() > laneHeight) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "not reached");
        throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "only the latest state is held");
      }
      return new ChannelSnapshot(laneHeight, sandbox.stateRoot(), toValues(sandbox.resources(null)));
    });
  }

  public Future<MemberResources> resources(Address a, OptionalLong height) {
    return onLane(() -> {
      if (height.isPresent() && height.getAsLong() != laneHeight) {
        if (height.getAsLong() > laneHeight) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "not reached");
        throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "only the latest state is held");
      }
      return new MemberResources(a, laneHeight, toValues(sandbox.resources(a)));
    });
  }

  public Future<Entry> entry(long height) {
    return onLane(() -> {
      if (height > laneHeight) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "not reached");
      return log.get(height).orElseThrow(() -> new StreamException(StreamErrorCode.HEIGHT_PRUNED, "pruned"));
    });
  }

  private static List<ResourceValue> toValues(List<Sandbox.ResourceView> rs) {
    List<ResourceValue> out = new ArrayList<>(rs.size());
    for (Sandbox.ResourceView r : rs) out.add(new ResourceValue(r.address(), r.type(), r.value()));
    return out;
  }

  public boolean isMember(Address a) {
    return view != null && view.member(a.toHex()).isPresent();
  }

  public Future<ChannelGateway.ChannelSubscription> subscribe(OptionalLong afterHeight, ChannelGateway.SubscriptionListener l) {
    Context subCtx = Vertx.currentContext() != null ? Vertx.currentContext() : ctx;
    return onLane(() -> {
      if (afterHeight.isEmpty()) {
        return new Object[] {new ChannelSnapshot(laneHeight, sandbox.stateRoot(), toValues(sandbox.resources(null))),
            List.<Entry>of(), laneHeight};
      }
      long h = afterHeight.getAsLong();
      if (h > laneHeight) throw new StreamException(StreamErrorCode.HEIGHT_NOT_REACHED, "height not reached");
      if (h + 1 < log.firstHeight()) throw new StreamException(StreamErrorCode.HEIGHT_PRUNED, "height pruned");
      List<Entry> replay = new ArrayList<>();
      for (long x = h + 1; x <= laneHeight; x += PeerMessages.MAX_SYNC_ENTRIES) {
        replay.addAll(log.range(x, (int) Math.min(PeerMessages.MAX_SYNC_ENTRIES, laneHeight - x + 1)));
      }
      return new Object[] {null, replay, laneHeight};
    }).map(r -> {
      ChannelSnapshot snap = (ChannelSnapshot) r[0];
      Sub s = new Sub(subCtx, l, snap, snap != null ? snap.height() : afterHeight.getAsLong());
      @SuppressWarnings("unchecked")
      List<Entry> replay = (List<Entry>) r[1];
      for (Entry e : replay) {
        s.deliver(new VerifiedChange(e.height(), kind(e.tx()), e.txHash(), e.stateRoot(), e.effects()));
      }
      // Entries applied between the lane read and now were published before the Sub existed.
      for (long x = (Long) r[2] + 1; x <= lastHeight; x++) {
        Entry e = recent.get(x);
        if (e != null) s.deliver(new VerifiedChange(e.height(), kind(e.tx()), e.txHash(), e.stateRoot(), e.effects()));
      }
      subs.add(s);
      return s;
    });
  }

  private void endSubscriptions(StreamException why) {
    for (Sub s : subs) s.end(why);
    subs.clear();
  }

  private final class Sub implements ChannelGateway.ChannelSubscription {
    final Context subCtx;
    final ChannelGateway.SubscriptionListener listener;
    final ChannelSnapshot snapshot;
    long lastDelivered; // context-confined
    volatile boolean cancelled;

    Sub(Context subCtx, ChannelGateway.SubscriptionListener listener, ChannelSnapshot snapshot, long from) {
      this.subCtx = subCtx;
      this.listener = listener;
      this.snapshot = snapshot;
      this.lastDelivered = from;
    }

    void deliver(VerifiedChange c) {
      if (c.height() <= lastDelivered) return;
      lastDelivered = c.height();
      subCtx.runOnContext(v -> {
        if (!cancelled) listener.onChange(c);
      });
    }

    void push(VerifiedChange c) {
      deliver(c);
    }

    void end(StreamException why) {
      subCtx.runOnContext(v -> {
        if (!cancelled) {
          cancelled = true;
          listener.onEnd(why);
        }
      });
    }

    @Override
    public ChannelSnapshot snapshot() {
      return snapshot;
    }

    @Override
    public void cancel() {
      cancelled = true;
      ctx.runOnContext(v -> subs.remove(this));
    }
  }

  /** Proposes the member's leave, settling first (SPEC §7) when there is verified, unsettled history. */
  public Future<Long> leave(Address member) {
    return withSettle(new JsonObject().put("channelId", channelId).put("type", "leave").put("member", member.toHex()));
  }

  public Future<Long> closeChannel() {
    return withSettle(new JsonObject().put("channelId", channelId).put("type", "close"));
  }

  private Future<Long> withSettle(JsonObject args) {
    long end = Math.min(verifiedHeight, lastHeight);
    int attempt = args.getInteger(EXIT_ATTEMPT, 0);
    JsonObject proposal = args.copy();
    proposal.remove(EXIT_ATTEMPT);
    Future<JsonObject> a = end > settledHeight
        ? settlePart(settledHeight, end).map(part -> proposal.put("settle", part)) : Future.succeededFuture(proposal);
    return a.compose(x -> sender.submit("channel.propose", x)).map(r -> {
      JsonObject retry = proposal.copy().put(EXIT_ATTEMPT, attempt);
      retry.remove("settle");
      long id = r.result().getLong("proposalId", -1L);
      if (id >= 0 && "open".equals(r.result().getString("status"))) myExitProposals.put(id, retry);
      refreshView();
      return end;
    });
  }

  public long settledHeight() {
    return settledHeight;
  }

  // ================================================================== call progress

  private final class Pending implements CallProgress {
    final long height;
    final Hash32 txHash;
    final Promise<Effects> executed = Promise.promise();
    final Promise<Hash32> verified = Promise.promise();
    final Promise<Long> settled = Promise.promise();

    Pending(long height, Hash32 txHash) {
      this.height = height;
      this.txHash = txHash;
    }

    void executed(Effects e) {
      if (e.abort() == null) {
        executed.tryComplete(e);
      } else if (e.abort().statusCode() == 4002) {
        executed.tryFail(new StreamException(StreamErrorCode.OUT_OF_GAS, "out of gas"));
      } else {
        String module = e.abort().location() == null ? "" : e.abort().location().address().toShortString() + "::"
            + e.abort().location().module();
        executed.tryFail(StreamException.aborted(e.abort().abortCode(), module));
      }
    }

    void verified(Hash32 root) {
      verified.tryComplete(root);
    }

    boolean isDone() {
      return executed.future().isComplete() && verified.future().isComplete() && settled.future().isComplete();
    }

    void fail(Throwable t) {
      executed.tryFail(t);
      verified.tryFail(t);
      settled.tryFail(t);
    }

    @Override
    public long height() {
      return height;
    }

    @Override
    public Hash32 txHash() {
      return txHash;
    }

    @Override
    public Future<Effects> executed() {
      return executed.future();
    }

    @Override
    public Future<Hash32> verified() {
      return verified.future();
    }

    @Override
    public Future<Long> settled() {
      return settled.future();
    }
  }

  private void failAllPending(Throwable t) {
    for (Pending p : pending.values()) p.fail(t);
    pending.clear();
    for (Promise<long[]> p : forwarded.values()) p.tryFail(t);
    forwarded.clear();
    for (Held h : held) h.promise().tryFail(t);
    held.clear();
    for (Delayed d : delayed) d.promise().tryFail(t);
    delayed.clear();
  }

  // ================================================================== helpers

  /** Coin deposits of the chain's members (what a Join entry credits through {@code channel::on_join}). */
  private static Map<String, Long> deposits(ChannelView v) {
    Map<String, Long> out = new HashMap<>();
    for (ChannelView.MemberView m : v.members()) {
      java.math.BigInteger c = m.deposit() == null ? null : m.deposit().coin();
      out.put(m.address(), c == null ? 0L : c.min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue());
    }
    return out;
  }

  private long now() {
    return cfg.clock.getAsLong();
  }

  private <T> Future<T> onLane(Callable<T> task) {
    Promise<T> p = Promise.promise();
    lane.submit(task).onComplete(ar -> ctx.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  private void send(String peer, Msg m) {
    peers.send(peer, PeerMessages.type(m), PeerMessages.encode(m));
  }

  private List<String> peerKeys() {
    List<String> out = new ArrayList<>();
    for (ChannelView.MemberView m : view.members()) {
      if (m.nodeKey() == null) continue;
      String k = nk(m.nodeKey());
      if (!k.equals(myNodeKey) && !out.contains(k)) out.add(k);
    }
    return out;
  }

  private String leaderNodeKey() {
    if (leader == null || view == null) return null;
    return view.member(leader).map(m -> nk(m.nodeKey())).orElse(null);
  }

  private byte[] leaderPublicKey() {
    String k = leaderNodeKey();
    return k == null ? null : Hex.decode(strip(k));
  }

  static String strip(String hex) {
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }

  /** Node keys as peers know them: {@code 0x} + lower-case hex. */
  public static String nk(String key) {
    return "0x" + strip(key).toLowerCase(java.util.Locale.ROOT);
  }

  static String kind(Transaction tx) {
    return switch (tx.tag()) {
      case Transaction.TAG_CALL -> "call";
      case Transaction.TAG_TICK -> "tick";
      case Transaction.TAG_JOIN -> "join";
      case Transaction.TAG_LEAVE -> "leave";
      case Transaction.TAG_CLOSE -> "close";
      default -> "batch";
    };
  }

  // Unused-warning guard for the ed25519 import in javadoc-free builds.
  @SuppressWarnings("unused")
  private static final Class<?> ED = Ed25519.class;
}
