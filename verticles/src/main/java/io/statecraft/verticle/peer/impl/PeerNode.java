package io.statecraft.verticle.peer.impl;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.peer.proto.Ack;
import io.statecraft.codec.peer.proto.Auth;
import io.statecraft.codec.peer.proto.Body;
import io.statecraft.codec.peer.proto.Bye;
import io.statecraft.codec.peer.proto.Hello;
import io.statecraft.codec.peer.proto.PeerFrame;
import io.statecraft.codec.peer.proto.PeerLatency;
import io.statecraft.codec.peer.proto.Ping;
import io.statecraft.codec.peer.proto.Pong;
import io.statecraft.codec.peer.proto.Routed;
import io.statecraft.codec.peer.proto.SignedFrame;
import io.statecraft.verticle.peer.PeerNetwork.PeerMessage;
import io.statecraft.verticle.peer.PeerOptions;
import io.statecraft.verticle.peer.PeerSendException;
import io.statecraft.verticle.peer.PeerSendException.Reason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer gossip engine behind {@link io.statecraft.verticle.peer.GrpcPeerNetwork}: links,
 * handshake, signed frames, heartbeats, best path and relaying. Every field is touched only
 * on the node's context ({@link #start} picks it); the few reads from other threads go
 * through the volatile snapshots.
 */
public final class PeerNode {
  private static final Logger log = LoggerFactory.getLogger(PeerNode.class);
  /** Bytes a frame carries besides the application payload and type (keys, signatures, tags). */
  private static final int FRAME_OVERHEAD = 512;
  private static final long BYE_GRACE_MS = 2_000;

  /** An application message kept until its destination acknowledges it. */
  static final class Out {
    long epoch;
    long seq;
    final String type;
    final byte[] data;
    /** The end-to-end signature for (epoch, seq), made when first needed (relayed), null before. */
    byte[] signature;
    final Promise<Void> promise = Promise.promise();
    final long createdNanos = System.nanoTime();
    /** The link it was last written to (null: not yet, or to be sent again) and when. */
    Link sentOn;
    long sentNanos;

    Out(long epoch, long seq, String type, byte[] data) {
      this.epoch = epoch;
      this.seq = seq;
      this.type = type;
      this.data = data;
    }
  }

  /** A known peer (from the chain's member records). */
  public static final class Peer {
    final String key;
    final byte[] keyBytes;
    final org.bouncycastle.crypto.params.Ed25519PublicKeyParameters pub;
    String endpoint;
    Link active;
    final List<Link> links = new ArrayList<>();
    boolean dialing;
    long redialTimer = -1;
    int failures;
    // Sending to this peer (reliable stream, PEER-PROTOCOL.md §Delivery).
    long outEpoch;
    long outSeq;
    final ArrayDeque<Out> unacked = new ArrayDeque<>();
    long unackedBytes;
    /** The peer's boot epoch as last seen in its acks (0: none yet); a larger one = it restarted. */
    long peerBoot;
    /** When a link to it was last up (System.nanoTime; 0 never): sends are buffered across a reconnect. */
    long lastUpNanos;
    // Receiving from this peer.
    InOrderReceiver<PeerMessage> inbound;
    boolean ackDue;
    /** What the handler has been given (ran, or queued on its context before this point): the ack. */
    long ackEpoch;
    long ackSeq;
    Map<String, Long> reported = Map.of();
    String forcedRelay;
    Router.Route route;

    Peer(String key) {
      this.key = key;
      this.keyBytes = PeerProtocol.keyBytes(key);
      this.pub = Keys.publicKey(keyBytes);
    }
  }

  private final Vertx vertx;
  private final Keys.Signer keyPair;
  private final byte[] myKey;
  private final String me;
  private final PeerOptions o;
  private final PeerMetrics metrics;
  private final Router router;
  private final FaultInjector faults;
  private final Runnable faultListener;
  private final long epoch = System.currentTimeMillis();

  private Context ctx;
  private HttpServer server;
  private GrpcClient client;
  private GrpcClient tlsClient;
  private int port = -1;
  private long heartbeatTimer = -1;
  private long retransmitTimer = -1;
  private boolean ackFlushScheduled;
  /** The last stream epoch started towards any peer: each new stream takes a larger one. */
  private long lastStreamEpoch = epoch - 1;
  /** Receive state per origin, kept when a peer is removed (so a re-added peer's stream is not taken for new). */
  private final Map<String, InOrderReceiver<PeerMessage>> inboundByOrigin = new HashMap<>();
  /** Messages delivered in order before any handler was registered (not acknowledged until handed over). */
  private final List<PeerMessage> noHandlerYet = new ArrayList<>();
  private boolean closed;
  private final Map<String, Peer> peers = new HashMap<>();
  private final Set<Link> accepting = new HashSet<>();
  private Handler<PeerMessage> handler;
  private Context handlerCtx;

  private volatile Map<String, Router.Route> routeSnapshot = Map.of();
  private volatile Set<String> upSnapshot = Set.of();

  public PeerNode(Vertx vertx, Ed25519.KeyPair keyPair, PeerOptions options, MeterRegistry registry, FaultInjector faults) {
    this.vertx = vertx;
    this.keyPair = new Keys.Signer(keyPair);
    this.myKey = keyPair.publicKey();
    this.me = PeerProtocol.keyName(myKey);
    this.o = options;
    this.metrics = new PeerMetrics(registry, me);
    this.router = new Router(options.hysteresisMs * 1000, options.hysteresisRatio);
    this.faults = faults;
    this.faultListener = faults == null ? null : () -> {
      Context c = ctx;
      if (c != null) c.runOnContext(v -> applyFaults());
    };
  }

  public String me() {
    return me;
  }

  public PeerMetrics metrics() {
    return metrics;
  }

  public int port() {
    return port;
  }

  // ------------------------------------------------------------------ lifecycle

  public Future<Integer> start() {
    ctx = vertx.getOrCreateContext();
    Promise<Integer> started = Promise.promise();
    ctx.runOnContext(v -> {
      GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(o.maxFrameBytes));
      grpc.callHandler(PeerProtocol.SERVER_LINK, this::accept);
      HttpServerOptions ho = new HttpServerOptions().setHost(o.host).setPort(o.port).setHttp2ClearTextEnabled(true);
      if (o.tlsEnabled()) {
        ho.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
            .setKeyValue(Buffer.buffer(o.tlsKeyPem)).setCertValue(Buffer.buffer(o.tlsCertPem)));
      }
      server = vertx.createHttpServer(ho).requestHandler(grpc);
      client = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(o.maxFrameBytes), httpClientOptions(false));
      if (faults != null) faults.onChange(faultListener);
      heartbeatTimer = vertx.setPeriodic(o.heartbeatIntervalMs, t -> heartbeat());
      retransmitTimer = vertx.setPeriodic(Math.max(10, Math.min(o.retransmitTimeoutMs, o.deliveryTimeoutMs) / 4), t -> retransmitTick());
      server.listen().onComplete(ar -> {
        if (ar.succeeded()) {
          port = ar.result().actualPort();
          log.info("peer gossip {} listening on {}:{}", PeerMetrics.shortKey(me), o.host, port);
          started.complete(port);
        } else {
          started.fail(ar.cause());
        }
      });
    });
    return started.future();
  }

  private HttpClientOptions httpClientOptions(boolean tls) {
    HttpClientOptions co = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, o.handshakeTimeoutMs));
    if (tls) {
      // Identity comes from the signed handshake; TLS adds confidentiality on top.
      co.setSsl(true).setUseAlpn(true).setVerifyHost(false);
      if (o.tlsTrustPem != null) co.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(o.tlsTrustPem)));
      else co.setTrustAll(true);
    }
    return co;
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    if (ctx == null) {
      done.complete();
      return done.future();
    }
    ctx.runOnContext(v -> {
      if (closed) {
        done.complete();
        return;
      }
      closed = true;
      if (faults != null) faults.removeListener(faultListener);
      vertx.cancelTimer(heartbeatTimer);
      vertx.cancelTimer(retransmitTimer);
      for (Peer p : new ArrayList<>(peers.values())) {
        vertx.cancelTimer(p.redialTimer);
        failAll(p, Reason.CLOSED, "peer network closed");
        for (Link l : new ArrayList<>(p.links)) abort(l, GrpcStatus.UNAVAILABLE, "node closing");
      }
      for (Link l : new ArrayList<>(accepting)) abort(l, GrpcStatus.UNAVAILABLE, "node closing");
      List<Future<Void>> fs = new ArrayList<>();
      if (server != null) fs.add(server.close());
      if (client != null) fs.add(client.close());
      if (tlsClient != null) fs.add(tlsClient.close());
      Future.join(fs).onComplete(ar -> done.complete());
    });
    return done.future();
  }

  // ------------------------------------------------------------------ peers

  public void addPeer(String nodeKey, String endpoint) {
    String k = PeerProtocol.normalizeKey(nodeKey);
    Keys.publicKey(PeerProtocol.keyBytes(k)); // a key that is not a curve point is refused here
    onContext(() -> {
      if (closed || k.equals(me)) return;
      Peer p = peers.computeIfAbsent(k, this::newPeer);
      p.endpoint = endpoint;
      metrics.peerAdded(k);
      if (p.active == null && !p.dialing) {
        vertx.cancelTimer(p.redialTimer);
        p.redialTimer = -1;
        p.failures = 0;
        // The smaller key dials at once, the larger a little later (scheduleRedial): when both
        // sides add each other together, usually only one link is ever opened.
        if (me.compareTo(k) < 0) dial(p);
        else scheduleRedial(p);
      }
    });
  }

  public void removePeer(String nodeKey) {
    String k = PeerProtocol.normalizeKey(nodeKey);
    onContext(() -> {
      Peer p = peers.remove(k);
      if (p == null) return;
      vertx.cancelTimer(p.redialTimer);
      failAll(p, Reason.UNKNOWN_PEER, "peer removed");
      for (Link l : new ArrayList<>(p.links)) abort(l, GrpcStatus.PERMISSION_DENIED, "peer removed");
      metrics.peerRemoved(k);
      recompute();
    });
  }

  private Peer newPeer(String k) {
    Peer p = new Peer(k);
    p.outEpoch = nextStreamEpoch();
    p.inbound = inboundByOrigin.computeIfAbsent(k, x -> new InOrderReceiver<>(Math.max(1, o.maxUnackedMessages)));
    return p;
  }

  private long nextStreamEpoch() {
    lastStreamEpoch = Math.max(lastStreamEpoch + 1, System.currentTimeMillis());
    return lastStreamEpoch;
  }

  /** Routes every message to {@code destination} through {@code relay} while its link is up (null clears). */
  public void forceRelay(String destination, String relay) {
    String d = PeerProtocol.normalizeKey(destination);
    String r = relay == null ? null : PeerProtocol.normalizeKey(relay);
    onContext(() -> {
      Peer p = peers.get(d);
      if (p == null) return;
      p.forcedRelay = r != null && !r.equals(d) && !r.equals(me) ? r : null;
      p.route = null;
      recompute();
    });
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == ctx) r.run();
    else ctx.runOnContext(v -> r.run());
  }

  // ------------------------------------------------------------------ dialling

  private void dial(Peer p) {
    dial(p, false);
  }

  /** {@code forced} (test fault only): dial even with a link up or being set up, to provoke duplicate links. */
  private void dial(Peer p, boolean forced) {
    if (closed || p.endpoint == null || peers.get(p.key) != p) return;
    if (!forced) {
      if (p.dialing || p.active != null) return;
      for (Link x : p.links) {
        if (x.state == Link.State.HANDSHAKE) return; // the peer is dialling us; its outcome reschedules
      }
    }
    if (faults != null && faults.partitioned(me, p.key)) {
      scheduleRedial(p);
      return;
    }
    SocketAddress addr;
    boolean tls;
    try {
      String ep = p.endpoint;
      tls = ep.startsWith("grpcs://") || ep.startsWith("https://");
      URI u = URI.create(ep.contains("://") ? ep : "grpc://" + ep);
      addr = SocketAddress.inetSocketAddress(u.getPort(), u.getHost());
    } catch (RuntimeException e) {
      log.warn("peer {}: bad endpoint {}", PeerMetrics.shortKey(p.key), p.endpoint);
      return;
    }
    GrpcClient c = client;
    if (tls) {
      if (tlsClient == null) {
        tlsClient = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(o.maxFrameBytes), httpClientOptions(true));
      }
      c = tlsClient;
    }
    p.dialing = true;
    c.request(addr, PeerProtocol.CLIENT_LINK).onComplete(ar -> {
      if (ar.failed()) {
        p.dialing = false;
        log.debug("dial {} failed: {}", PeerMetrics.shortKey(p.key), ar.cause().toString());
        scheduleRedial(p);
        return;
      }
      GrpcClientRequest<Buffer, Buffer> req = ar.result();
      if (closed || peers.get(p.key) != p) {
        p.dialing = false;
        req.cancel();
        return;
      }
      Wire.Client w = new Wire.Client(req);
      Link l = new Link(true, w);
      l.peer = p;
      p.links.add(l);
      req.setWriteQueueMaxSize(o.writeQueueMaxBytes);
      req.exceptionHandler(e -> linkClosed(l, "stream error: " + e));
      req.response().onComplete(rar -> {
        if (rar.failed()) {
          linkClosed(l, "no response: " + rar.cause());
          return;
        }
        GrpcClientResponse<Buffer, Buffer> resp = rar.result();
        w.response(resp);
        resp.handler(b -> onFrame(l, b));
        resp.invalidMessageHandler(e -> malformed(l, "invalid gRPC message: " + e.getMessage()));
        resp.endHandler(v -> linkClosed(l, "ended by peer" + (resp.status() != null && resp.status() != GrpcStatus.OK
            ? " (" + resp.status() + " " + resp.statusMessage() + ")" : "")));
        resp.exceptionHandler(e -> linkClosed(l, "stream error: " + e));
        resp.errorHandler(e -> linkClosed(l, "stream " + e));
      });
      l.handshakeTimer = vertx.setTimer(o.handshakeTimeoutMs, t -> {
        if (l.state == Link.State.HANDSHAKE) refuse(l, "timeout");
      });
      writeRaw(l, PeerFrame.newBuilder().setHello(hello(p.keyBytes, l.myChallenge)).build());
    });
  }

  private void scheduleRedial(Peer p) {
    if (closed || p.endpoint == null || p.redialTimer >= 0 || p.active != null || p.dialing || peers.get(p.key) != p) return;
    long base = Math.min(o.reconnectMaxMs, o.reconnectInitialMs << Math.min(p.failures, 20));
    if (me.compareTo(p.key) > 0) base += 4 * o.reconnectInitialMs; // let the smaller key dial first
    long delay = Math.max(1, (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    p.failures++;
    p.redialTimer = vertx.setTimer(delay, t -> {
      p.redialTimer = -1;
      dial(p);
    });
  }

  private Hello hello(byte[] target, byte[] challenge) {
    return Hello.newBuilder().setVersion(PeerProtocol.VERSION).setNodeKey(ByteString.copyFrom(myKey))
        .setTargetKey(ByteString.copyFrom(target)).setChallenge(ByteString.copyFrom(challenge)).build();
  }

  // ------------------------------------------------------------------ accepting

  private void accept(GrpcServerRequest<Buffer, Buffer> req) {
    if (closed) {
      req.response().status(GrpcStatus.UNAVAILABLE).end();
      return;
    }
    Wire.Server w = new Wire.Server(req);
    w.resp.setWriteQueueMaxSize(o.writeQueueMaxBytes);
    Link l = new Link(false, w);
    accepting.add(l);
    req.handler(b -> onFrame(l, b));
    req.invalidMessageHandler(e -> malformed(l, "invalid gRPC message: " + e.getMessage()));
    req.endHandler(v -> linkClosed(l, "ended by peer"));
    req.exceptionHandler(e -> linkClosed(l, "stream error: " + e));
    req.errorHandler(e -> linkClosed(l, "stream " + e));
    w.resp.exceptionHandler(e -> linkClosed(l, "stream error: " + e));
    l.handshakeTimer = vertx.setTimer(o.handshakeTimeoutMs, t -> {
      if (l.state == Link.State.HANDSHAKE) refuse(l, "timeout");
    });
  }

  // ------------------------------------------------------------------ inbound frames

  private void onFrame(Link l, Buffer b) {
    if (l.state == Link.State.CLOSED) return;
    l.lastReceivedNanos = System.nanoTime();
    PeerFrame f;
    try {
      f = PeerFrame.parseFrom(b.getBytes());
    } catch (InvalidProtocolBufferException e) {
      malformed(l, "unparsable frame");
      return;
    }
    if (l.state == Link.State.HANDSHAKE) {
      if (l.dialer) onDialerHandshake(l, f);
      else onAcceptorHandshake(l, f);
    } else {
      onSignedFrame(l, f);
    }
  }

  private void onAcceptorHandshake(Link l, PeerFrame f) {
    if (l.peerChallenge == null) {
      if (!f.hasHello()) {
        refuse(l, "malformed");
        return;
      }
      Hello h = f.getHello();
      String reason = checkHello(h, null);
      if (reason != null) {
        refuse(l, reason);
        return;
      }
      String k = PeerProtocol.keyName(h.getNodeKey().toByteArray());
      Peer p = peers.get(k);
      if (p == null) {
        refuse(l, "unknown_key");
        return;
      }
      if (faults != null && faults.partitioned(me, k)) {
        refuse(l, "partitioned");
        return;
      }
      accepting.remove(l);
      l.peer = p;
      p.links.add(l);
      l.peerChallenge = h.getChallenge().toByteArray();
      l.transcript = PeerProtocol.transcript(p.keyBytes, myKey, l.peerChallenge, l.myChallenge);
      writeRaw(l, PeerFrame.newBuilder().setHello(hello(p.keyBytes, l.myChallenge)).build());
      writeRaw(l, PeerFrame.newBuilder().setAuth(Auth.newBuilder().setSignature(ByteString.copyFrom(
          keyPair.sign(PeerProtocol.authInput(l.transcript, PeerProtocol.ROLE_ACCEPTOR))))).build());
      return;
    }
    if (!f.hasAuth()) {
      refuse(l, "malformed");
      return;
    }
    if (!Keys.verify(l.peer.pub, PeerProtocol.authInput(l.transcript, PeerProtocol.ROLE_DIALER),
        f.getAuth().getSignature().toByteArray())) {
      metrics.badSignatures.increment();
      refuse(l, "bad_signature");
      return;
    }
    linkUp(l);
  }

  private void onDialerHandshake(Link l, PeerFrame f) {
    Peer p = l.peer;
    if (l.peerChallenge == null) {
      if (!f.hasHello()) {
        refuse(l, "malformed");
        return;
      }
      String reason = checkHello(f.getHello(), p.keyBytes);
      if (reason != null) {
        refuse(l, reason);
        return;
      }
      l.peerChallenge = f.getHello().getChallenge().toByteArray();
      l.transcript = PeerProtocol.transcript(myKey, p.keyBytes, l.myChallenge, l.peerChallenge);
      return;
    }
    if (!f.hasAuth()) {
      refuse(l, "malformed");
      return;
    }
    if (!Keys.verify(p.pub, PeerProtocol.authInput(l.transcript, PeerProtocol.ROLE_ACCEPTOR),
        f.getAuth().getSignature().toByteArray())) {
      metrics.badSignatures.increment();
      refuse(l, "bad_signature");
      return;
    }
    writeRaw(l, PeerFrame.newBuilder().setAuth(Auth.newBuilder().setSignature(ByteString.copyFrom(
        keyPair.sign(PeerProtocol.authInput(l.transcript, PeerProtocol.ROLE_DIALER))))).build());
    linkUp(l);
  }

  /** Null when acceptable, else the refusal reason. */
  private String checkHello(Hello h, byte[] expectedKey) {
    if (h.getVersion() != PeerProtocol.VERSION) return "bad_version";
    if (h.getNodeKey().size() != Ed25519.PUBLIC_KEY_SIZE || h.getTargetKey().size() != Ed25519.PUBLIC_KEY_SIZE
        || h.getChallenge().size() != PeerProtocol.CHALLENGE_SIZE) {
      return "malformed";
    }
    if (!Arrays.equals(h.getTargetKey().toByteArray(), myKey)) return "wrong_target";
    if (Arrays.equals(h.getNodeKey().toByteArray(), myKey)) return "self";
    if (expectedKey != null && !Arrays.equals(h.getNodeKey().toByteArray(), expectedKey)) return "unexpected_key";
    return null;
  }

  private void refuse(Link l, String reason) {
    if (l.state == Link.State.CLOSED) return;
    metrics.refused(reason);
    log.info("peer gossip {}: handshake {} refused: {}", PeerMetrics.shortKey(me), l, reason);
    abort(l, "unknown_key".equals(reason) ? GrpcStatus.PERMISSION_DENIED : GrpcStatus.UNAUTHENTICATED, reason);
  }

  private void linkUp(Link l) {
    Peer p = l.peer;
    vertx.cancelTimer(l.handshakeTimer);
    l.state = Link.State.UP;
    p.lastUpNanos = System.nanoTime();
    l.linkId = PeerProtocol.linkId(l.transcript);
    metrics.handshake.record(System.nanoTime() - l.createdNanos, TimeUnit.NANOSECONDS);
    p.failures = 0;
    if (l.dialer) p.dialing = false;
    Link cur = p.active;
    if (cur == null || !cur.usable()) {
      p.active = l;
    } else if (cur.dialer == l.dialer) {
      // Same direction: the dialler only dials when it has no link, so the old one is stale.
      p.active = l;
      abort(cur, GrpcStatus.UNAVAILABLE, "replaced by a newer link");
    } else {
      // Both sides dialled: keep the link dialled by the smaller key, on both sides alike.
      String winnerDialer = me.compareTo(p.key) < 0 ? me : p.key;
      Link winner = l.dialerKey(me).equals(winnerDialer) ? l : cur;
      Link loser = winner == l ? cur : l;
      p.active = winner;
      sendBye(loser, "duplicate link");
    }
    log.debug("peer gossip {}: {} up", PeerMetrics.shortKey(me), l);
    if (faults != null && faults.readingStalled(me, p.key)) l.wire.pauseInbound(true);
    recompute();
    if (l.usable()) sendPing(l);
    flushAll(); // everything unacknowledged whose link is gone, or was never sent, goes now
  }

  private void onSignedFrame(Link l, PeerFrame f) {
    if (!f.hasSigned()) {
      malformed(l, "unsigned frame after the handshake");
      return;
    }
    SignedFrame s = f.getSigned();
    byte[] body = s.getBody().toByteArray();
    if (!Keys.verify(l.peer.pub, PeerProtocol.frameInput(l.linkId, body), s.getSignature().toByteArray())) {
      badSignature(l, "bad frame signature");
      return;
    }
    Body b;
    try {
      b = Body.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      malformed(l, "unparsable body");
      return;
    }
    if (b.getSeq() != l.recvSeq + 1) {
      metrics.outOfSequence.increment();
      log.info("peer gossip {}: {} frame seq {} after {}: closing", PeerMetrics.shortKey(me), l, b.getSeq(), l.recvSeq);
      abort(l, GrpcStatus.INVALID_ARGUMENT, "out of sequence");
      return;
    }
    l.recvSeq++;
    switch (b.getMsgCase()) {
      case ROUTED -> onRouted(l, b.getRouted());
      case PING -> onPing(l, b.getPing());
      case PONG -> onPong(l, b.getPong());
      case BYE -> onBye(l);
      case ACK -> onAck(l, b.getAck());
      default -> malformed(l, "empty body");
    }
  }

  private void malformed(Link l, String why) {
    if (l.state == Link.State.CLOSED) return;
    metrics.malformed.increment();
    log.info("peer gossip {}: {} malformed: {}", PeerMetrics.shortKey(me), l, why);
    abort(l, GrpcStatus.INVALID_ARGUMENT, why);
  }

  private void badSignature(Link l, String why) {
    if (l.state == Link.State.CLOSED) return;
    metrics.badSignatures.increment();
    log.warn("peer gossip {}: {} {}: closing", PeerMetrics.shortKey(me), l, why);
    abort(l, GrpcStatus.UNAUTHENTICATED, why);
  }

  // ------------------------------------------------------------------ application messages

  private void onRouted(Link l, Routed r) {
    if (r.getOrigin().size() != 32 || r.getDestination().size() != 32) {
      malformed(l, "bad routed keys");
      return;
    }
    byte[] origin = r.getOrigin().toByteArray();
    String from = PeerProtocol.keyName(origin);
    String to = PeerProtocol.keyName(r.getDestination().toByteArray());
    boolean forMe = to.equals(me);
    boolean direct = from.equals(l.peer.key);
    Peer op = peers.get(from);
    if (op == null) {
      log.debug("drop message from unknown origin {}", from);
      return;
    }
    if (!(direct && forMe)) {
      byte[] in = PeerProtocol.messageInput(origin, r.getDestination().toByteArray(), r.getEpoch(), r.getSeq(),
          r.getType(), r.getPayload().toByteArray());
      if (!Keys.verify(op.pub, in, r.getOriginSignature().toByteArray())) {
        badSignature(l, "bad end-to-end signature (origin " + PeerMetrics.shortKey(from) + ")");
        return;
      }
    }
    if (forMe) {
      PeerMessage m = new PeerMessage(from, r.getType(), Buffer.buffer(r.getPayload().toByteArray()));
      if (op.inbound.offer(r.getEpoch(), r.getSeq(), m, this::deliver) == InOrderReceiver.Outcome.REFUSED) {
        metrics.replayed.increment();
        log.debug("drop duplicate message {}/{} from {}", r.getEpoch(), r.getSeq(), PeerMetrics.shortKey(from));
      }
      // Acknowledge whatever happened (a duplicate means the origin did not see our last ack), once
      // the handler has run for everything delivered so far.
      long e = op.inbound.epoch();
      long d = op.inbound.delivered();
      if (handler == null) {
        return; // kept for the handler (noHandlerYet), acknowledged once it has them
      } else if (handlerInline()) {
        ackable(op, e, d);
      } else {
        handlerCtx.runOnContext(v -> onContext(() -> ackable(op, e, d)));
      }
      return;
    }
    if (from.equals(to)) return;
    forward(l, to, from, r.getHops(), hops -> {
      Routed.Builder fwd = r.toBuilder().setHops(hops);
      if (faults != null && faults.dishonest(me)) {
        fwd.setPayload(ByteString.copyFrom(PeerProtocol.concat(r.getPayload().toByteArray(), new byte[] {'!'})));
      }
      return Body.newBuilder().setRouted(fwd);
    });
  }

  /** Relays a routed message or ack towards {@code to}; the origin's signature is already verified. */
  private void forward(Link l, String to, String from, int hopsIn, java.util.function.IntFunction<Body.Builder> body) {
    Peer dp = peers.get(to);
    int hops = hopsIn + 1;
    if (dp == null || hops > o.maxHops) {
      log.debug("drop relayed frame to {} (hops {})", to, hops);
      return;
    }
    Link out = null;
    if (dp.route != null && !dp.route.nextHop().equals(l.peer.key) && !dp.route.nextHop().equals(from)) {
      Peer hop = peers.get(dp.route.nextHop());
      out = hop == null ? null : hop.active;
    }
    if (out == null || !out.usable()) out = dp.active != null && dp.active.usable() ? dp.active : null;
    if (out == null) {
      log.debug("drop relayed frame to {}: unreachable (the origin retransmits)", PeerMetrics.shortKey(to));
      return;
    }
    Body.Builder b = body.apply(hops);
    if (enqueue(out, b, false) == null && b.hasRouted()) metrics.relayed.increment();
  }

  // ------------------------------------------------------------------ acknowledgements

  /** Whether the handler runs inline (on this network's event loop), not on another context. */
  private boolean handlerInline() {
    return handlerCtx == null || handlerCtx == ctx || Vertx.currentContext() == handlerCtx;
  }

  private void ackable(Peer op, long e, long d) {
    if (e > op.ackEpoch || (e == op.ackEpoch && d > op.ackSeq)) {
      op.ackEpoch = e;
      op.ackSeq = d;
    }
    ackLater(op);
  }

  /** Acks are batched: one per origin every ackDelayMs at most. */
  private void ackLater(Peer op) {
    op.ackDue = true;
    if (ackFlushScheduled) return;
    ackFlushScheduled = true;
    vertx.setTimer(Math.max(1, o.ackDelayMs), t -> {
      ackFlushScheduled = false;
      if (closed) return;
      for (Peer p : peers.values()) {
        if (p.ackDue) {
          p.ackDue = false;
          sendAck(p);
        }
      }
    });
  }

  /** Tells origin {@code op} how far its stream to us is delivered (not retransmitted: the next one supersedes it). */
  private void sendAck(Peer op) {
    // Direct whenever a link is up (small, and a relay could drop it); else on the route.
    Link l = op.active != null && op.active.usable() ? op.active : null;
    if (l == null && op.route != null) {
      Peer hop = peers.get(op.route.nextHop());
      l = hop != null && hop.active != null && hop.active.usable() ? hop.active : null;
    }
    if (l == null) return; // the origin retransmits, and we ack the duplicate
    long ep = op.ackEpoch;
    long seq = op.ackSeq;
    Ack.Builder a = Ack.newBuilder().setFrom(ByteString.copyFrom(myKey)).setTo(ByteString.copyFrom(op.keyBytes))
        .setFromEpoch(epoch).setEpoch(ep).setSeq(seq);
    if (l.peer != op) a.setSignature(ByteString.copyFrom(keyPair.sign(PeerProtocol.ackInput(myKey, op.keyBytes, epoch, ep, seq))));
    enqueue(l, Body.newBuilder().setAck(a), false);
  }

  private void onAck(Link l, Ack a) {
    if (a.getFrom().size() != 32 || a.getTo().size() != 32) {
      malformed(l, "bad ack keys");
      return;
    }
    String from = PeerProtocol.keyName(a.getFrom().toByteArray());
    String to = PeerProtocol.keyName(a.getTo().toByteArray());
    Peer fp = peers.get(from);
    if (fp == null) return;
    boolean forMe = to.equals(me);
    if (!(forMe && from.equals(l.peer.key))) {
      byte[] in = PeerProtocol.ackInput(a.getFrom().toByteArray(), a.getTo().toByteArray(), a.getFromEpoch(), a.getEpoch(), a.getSeq());
      if (!Keys.verify(fp.pub, in, a.getSignature().toByteArray())) {
        badSignature(l, "bad end-to-end ack signature (from " + PeerMetrics.shortKey(from) + ")");
        return;
      }
    }
    if (!forMe) {
      if (!from.equals(to)) forward(l, to, from, a.getHops(), hops -> Body.newBuilder().setAck(a.toBuilder().setHops(hops)));
      return;
    }
    if (a.getFromEpoch() < fp.peerBoot) return; // from an earlier life of that peer
    boolean newLife = a.getFromEpoch() > fp.peerBoot;
    fp.peerBoot = a.getFromEpoch();
    long acked = a.getEpoch() == fp.outEpoch ? a.getSeq() : 0;
    boolean progressed = false;
    while (!fp.unacked.isEmpty() && fp.unacked.peek().epoch == fp.outEpoch && fp.unacked.peek().seq <= acked) {
      Out done = fp.unacked.poll();
      fp.unackedBytes -= done.data.length;
      done.promise.tryComplete();
      progressed = true;
    }
    long firstUnacked = fp.unacked.isEmpty() ? fp.outSeq + 1 : fp.unacked.peek().seq;
    if (newLife && acked + 1 < firstUnacked) {
      // The peer restarted and lost what it had delivered: it waits for messages it acknowledged
      // to its earlier life, which we no longer have. Start a new stream for its new life.
      log.info("peer gossip {}: {} restarted; resending {} unacknowledged messages in a new stream",
          PeerMetrics.shortKey(me), PeerMetrics.shortKey(fp.key), fp.unacked.size());
      newStream(fp);
      flush(fp);
    } else if (progressed && !fp.unacked.isEmpty()) {
      flush(fp); // the new oldest may be due for a probe
    }
  }

  /** Starts a new stream epoch towards {@code p}, renumbering what is unacknowledged from 1. */
  private void newStream(Peer p) {
    p.outEpoch = nextStreamEpoch();
    p.outSeq = 0;
    for (Out m : p.unacked) {
      m.epoch = p.outEpoch;
      m.seq = ++p.outSeq;
      m.signature = null;
      m.sentOn = null;
    }
  }

  private void failAll(Peer p, Reason reason, String why) {
    if (p.unacked.isEmpty()) return;
    List<Out> failed = new ArrayList<>(p.unacked);
    p.unacked.clear();
    p.unackedBytes = 0;
    for (Out m : failed) {
      metrics.sendFailed(reason.name().toLowerCase());
      m.promise.tryFail(new PeerSendException(reason, why));
    }
  }

  // ------------------------------------------------------------------ retransmission

  /** Deadlines and retransmission timeouts, on a timer. */
  private void retransmitTick() {
    if (closed) return;
    long now = System.nanoTime();
    long deadline = TimeUnit.MILLISECONDS.toNanos(o.deliveryTimeoutMs);
    for (Peer p : new ArrayList<>(peers.values())) {
      Out head = p.unacked.peek();
      if (head == null) continue;
      if (now - head.createdNanos > deadline) {
        log.info("peer gossip {}: {} messages to {} not acknowledged within {} ms: given up",
            PeerMetrics.shortKey(me), p.unacked.size(), PeerMetrics.shortKey(p.key), o.deliveryTimeoutMs);
        failAll(p, Reason.UNREACHABLE, "not acknowledged by " + p.key + " within " + o.deliveryTimeoutMs + " ms");
        newStream(p); // later messages must not wait at the destination for the ones given up
        continue;
      }
      flush(p);
    }
  }

  private void flushAll() {
    if (closed) return;
    for (Peer p : new ArrayList<>(peers.values())) {
      if (!p.unacked.isEmpty()) flush(p);
    }
  }

  /** (Re)sends, in order, every unacknowledged message to {@code p} that needs it, as far as the link queue takes. */
  private void flush(Peer p) {
    long now = System.nanoTime();
    long rto = TimeUnit.MILLISECONDS.toNanos(o.retransmitTimeoutMs);
    boolean oldest = true;
    for (Out m : p.unacked) {
      // A live direct link delivers what was written to it (the stream is reliable and ordered;
      // resending everything on it would only pile duplicates onto a backlog): only the oldest
      // message is resent there after the timeout, as a probe, once nothing is queued in front
      // of it (its ack may have been lost on another path; the destination acks the duplicate).
      // A relay may drop: what went through one is resent after the timeout.
      boolean late = now - m.sentNanos > rto;
      boolean due = m.sentOn == null || !m.sentOn.usable()
          || (late && (m.sentOn.peer != p || (oldest && m.sentOn.queue.isEmpty())));
      oldest = false;
      if (due && !transmit(p, m, now)) return;
    }
  }

  /** Writes one message on the current route to {@code p}; false when there is none or its queue is full. */
  private boolean transmit(Peer p, Out m, long now) {
    Router.Route r = p.route;
    Peer hop = r == null ? null : peers.get(r.nextHop());
    Link l = hop == null ? null : hop.active;
    if (l == null || !l.usable()) return false;
    if (l.queue.size() >= o.maxQueuedFrames) {
      l.flushOnDrain = true;
      return false;
    }
    boolean retransmission = m.sentNanos != 0;
    m.sentOn = l;
    m.sentNanos = now;
    if (faults != null && faults.takeDrop(me, p.key)) {
      m.sentOn = null; // lost on the way (test fault); noticed as a timeout: sent again by the next tick
      return true;
    }
    Routed.Builder rb = Routed.newBuilder().setOrigin(ByteString.copyFrom(myKey)).setDestination(ByteString.copyFrom(p.keyBytes))
        .setEpoch(m.epoch).setSeq(m.seq).setType(m.type).setPayload(ByteString.copyFrom(m.data));
    if (l.peer != p) {
      if (m.signature == null) m.signature = keyPair.sign(PeerProtocol.messageInput(myKey, p.keyBytes, m.epoch, m.seq, m.type, m.data));
      rb.setOriginSignature(ByteString.copyFrom(m.signature));
    }
    if (enqueue(l, Body.newBuilder().setRouted(rb), false) != null) {
      m.sentOn = null;
      return false;
    }
    if (retransmission) metrics.retransmitted.increment();
    return true;
  }

  private void deliver(PeerMessage m) {
    Handler<PeerMessage> h = handler;
    if (h == null) {
      noHandlerYet.add(m); // bounded: unacknowledged, so at most maxUnackedMessages per origin
      return;
    }
    metrics.messagesIn.increment();
    if (handlerInline()) {
      h.handle(m);
    } else {
      handlerCtx.runOnContext(v -> h.handle(m));
    }
  }

  public void onMessage(Handler<PeerMessage> h) {
    Context c = Vertx.currentContext();
    Context target = c != null ? c : ctx;
    onContext(() -> {
      handler = h;
      handlerCtx = target;
      if (h == null) return;
      List<PeerMessage> waiting = new ArrayList<>(noHandlerYet);
      noHandlerYet.clear();
      for (PeerMessage m : waiting) deliver(m);
      for (Peer p : peers.values()) {
        if (p.inbound.delivered() > 0) {
          long e = p.inbound.epoch();
          long d = p.inbound.delivered();
          if (handlerInline()) ackable(p, e, d);
          else handlerCtx.runOnContext(v -> onContext(() -> ackable(p, e, d)));
        }
      }
    });
  }

  public Future<Void> send(String nodeKey, String type, Buffer payload) {
    String k;
    try {
      k = PeerProtocol.normalizeKey(nodeKey);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new PeerSendException(Reason.UNKNOWN_PEER, "malformed node key " + nodeKey));
    }
    if (payload.length() + type.length() * 4 + FRAME_OVERHEAD > o.maxFrameBytes) {
      metrics.sendFailed("too_large");
      return Future.failedFuture(new PeerSendException(Reason.TOO_LARGE,
          payload.length() + " bytes exceed the frame limit of " + o.maxFrameBytes));
    }
    if (Vertx.currentContext() == ctx) return doSend(k, type, payload);
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> doSend(k, type, payload).onComplete(p));
    return p.future();
  }

  private Future<Void> doSend(String k, String type, Buffer payload) {
    PeerSendException err = refusal(k, payload.length());
    if (err != null) {
      metrics.sendFailed(err.reason().name().toLowerCase());
      return Future.failedFuture(err);
    }
    Peer p = peers.get(k);
    Out m = new Out(p.outEpoch, ++p.outSeq, type, payload.getBytes());
    p.unacked.add(m);
    p.unackedBytes += m.data.length;
    metrics.messagesOut.increment();
    transmit(p, m, System.nanoTime()); // else sent by the next flush (link up, drain, timer)
    return m.promise.future();
  }

  /** Null when a message to {@code k} is accepted into its retransmit buffer, else why not. */
  private PeerSendException refusal(String k, int size) {
    if (closed) return new PeerSendException(Reason.CLOSED, "peer network closed");
    Peer p = peers.get(k);
    if (p == null) return new PeerSendException(Reason.UNKNOWN_PEER, "not a known peer: " + k);
    if (p.route == null && !p.dialing && p.links.isEmpty()
        && (p.lastUpNanos == 0 || System.nanoTime() - p.lastUpNanos > TimeUnit.MILLISECONDS.toNanos(o.linkTimeoutMs))) {
      return new PeerSendException(Reason.UNREACHABLE, "no link or relay to " + k);
    }
    if (p.unacked.size() >= o.maxUnackedMessages || (!p.unacked.isEmpty() && p.unackedBytes + size > o.maxUnackedBytes)) {
      return new PeerSendException(Reason.QUEUE_FULL, p.unacked.size() + " messages (" + p.unackedBytes + " bytes) to "
          + PeerMetrics.shortKey(k) + " not acknowledged yet");
    }
    return null;
  }
  // ------------------------------------------------------------------ outbound frames

  private void writeRaw(Link l, PeerFrame f) {
    l.wire.write(Buffer.buffer(f.toByteArray()));
  }

  /** Signs and queues one frame on a link; null when queued, else why not. */
  private PeerSendException enqueue(Link l, Body.Builder b, boolean bye) {
    if (l.state != Link.State.UP || (l.byeSent && !bye)) {
      return new PeerSendException(Reason.UNREACHABLE, "link closing");
    }
    if (!bye && l.queue.size() >= o.maxQueuedFrames) {
      return new PeerSendException(Reason.QUEUE_FULL, "outbound queue to " + PeerMetrics.shortKey(l.peer.key) + " full");
    }
    byte[] body = b.setSeq(++l.sendSeq).build().toByteArray();
    byte[] sig = keyPair.sign(PeerProtocol.frameInput(l.linkId, body));
    boolean app = b.hasRouted();
    if (app && faults != null && faults.takeTamper(me, l.peer.key)) body[body.length - 1] ^= 0x01;
    Buffer frame = Buffer.buffer(PeerFrame.newBuilder().setSigned(SignedFrame.newBuilder()
        .setBody(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(sig))).build().toByteArray());
    long now = System.nanoTime();
    long delay = faults == null ? 0 : TimeUnit.MILLISECONDS.toNanos(faults.delayMillis(me, l.peer.key));
    long release = Math.max(now + delay, l.lastReleaseNanos);
    l.lastReleaseNanos = release;
    l.queue.add(new Link.Pending(frame, release, bye));
    if (app && faults != null && faults.takeReplay(me, l.peer.key)) l.queue.add(new Link.Pending(frame, release, false));
    pump(l);
    return null;
  }

  private void pump(Link l) {
    while (!l.queue.isEmpty()) {
      if (l.state == Link.State.CLOSED) {
        l.queue.clear();
        return;
      }
      Link.Pending h = l.queue.peek();
      long wait = h.releaseNanos() - System.nanoTime();
      if (wait > 0) {
        if (l.pumpTimer < 0) {
          l.pumpTimer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)), t -> {
            l.pumpTimer = -1;
            pump(l);
          });
        }
        return;
      }
      if (l.wire.writeQueueFull()) {
        if (!l.drainArmed) {
          l.drainArmed = true;
          l.wire.drainHandler(v -> {
            l.drainArmed = false;
            pump(l);
          });
        }
        return;
      }
      l.queue.poll();
      l.wire.write(h.frame());
      if (h.bye()) {
        l.byeWritten = true;
        if (l.byeReceived) {
          finish(l);
          return;
        }
      }
    }
    if (l.flushOnDrain) {
      l.flushOnDrain = false;
      flushAll();
    }
  }

  // ------------------------------------------------------------------ bye, close

  private void sendBye(Link l, String reason) {
    if (l.byeSent || l.state != Link.State.UP) return;
    enqueue(l, Body.newBuilder().setBye(Bye.newBuilder().setReason(reason)), true);
    l.byeSent = true;
    Peer p = l.peer;
    if (p.active == l) p.active = otherUsable(p, l);
    vertx.setTimer(BYE_GRACE_MS, t -> {
      if (l.state != Link.State.CLOSED) abort(l, GrpcStatus.UNAVAILABLE, "bye timeout");
    });
    recompute();
    flushAll(); // what went on this link is sent again on the one kept (duplicates are dropped)
  }

  private void onBye(Link l) {
    l.byeReceived = true;
    Peer p = l.peer;
    if (p.active == l) p.active = otherUsable(p, l);
    if (!l.byeSent) sendBye(l, "bye");
    else if (l.byeWritten) finish(l);
    if (p.active == null) scheduleRedial(p);
    recompute();
    flushAll();
  }

  private void finish(Link l) {
    l.wire.end();
    linkClosed(l, "bye");
  }

  private static Link otherUsable(Peer p, Link except) {
    for (Link x : p.links) {
      if (x != except && x.usable()) return x;
    }
    return null;
  }

  private void abort(Link l, GrpcStatus status, String reason) {
    if (l.state == Link.State.CLOSED) return;
    l.wire.abort(status, reason);
    linkClosed(l, reason);
  }

  private void linkClosed(Link l, String reason) {
    if (l.state == Link.State.CLOSED) return;
    boolean wasHandshake = l.state == Link.State.HANDSHAKE;
    if (l.state == Link.State.UP && l.peer != null) l.peer.lastUpNanos = System.nanoTime();
    l.state = Link.State.CLOSED;
    l.wire.abort(GrpcStatus.UNAVAILABLE, reason); // no-op when already ended
    l.queue.clear();
    vertx.cancelTimer(l.pumpTimer);
    vertx.cancelTimer(l.handshakeTimer);
    accepting.remove(l);
    Peer p = l.peer;
    if (p == null) return;
    p.links.remove(l);
    if (l.dialer && wasHandshake) p.dialing = false;
    if (p.active == l) {
      p.active = otherUsable(p, l);
      log.info("peer gossip {}: link to {} down: {}", PeerMetrics.shortKey(me), PeerMetrics.shortKey(p.key), reason);
    }
    recompute();
    if (p.active == null && !closed) scheduleRedial(p);
    flushAll(); // what was queued or in flight on it is sent again on the current route
  }

  // ------------------------------------------------------------------ heartbeats, best path

  private void heartbeat() {
    long now = System.nanoTime();
    long timeout = TimeUnit.MILLISECONDS.toNanos(o.linkTimeoutMs);
    for (Peer p : new ArrayList<>(peers.values())) {
      for (Link l : new ArrayList<>(p.links)) {
        if (l.state != Link.State.UP) continue;
        if (now - l.lastReceivedNanos > timeout) {
          abort(l, GrpcStatus.UNAVAILABLE, "heartbeat timeout");
          continue;
        }
        if (l.usable()) sendPing(l);
      }
      if (p.active == null && !p.dialing && p.redialTimer < 0) scheduleRedial(p);
    }
  }

  private void sendPing(Link l) {
    if (l.queue.size() >= o.maxQueuedFrames) return; // the link is backed up; its RTT shows it
    Ping.Builder ping = Ping.newBuilder().setId(++l.nextPingId);
    for (Peer q : peers.values()) {
      if (q != l.peer && q.active != null && q.active.srttMicros >= 0) {
        ping.addLatencies(PeerLatency.newBuilder().setNodeKey(ByteString.copyFrom(q.keyBytes)).setRttMicros((long) q.active.srttMicros));
      }
    }
    l.pings.put(l.nextPingId, System.nanoTime());
    enqueue(l, Body.newBuilder().setPing(ping), false);
  }

  private void onPing(Link l, Ping ping) {
    Map<String, Long> rep = new HashMap<>();
    for (PeerLatency pl : ping.getLatenciesList()) {
      if (pl.getNodeKey().size() != 32) continue;
      String k = PeerProtocol.keyName(pl.getNodeKey().toByteArray());
      if (peers.containsKey(k) && !k.equals(l.peer.key)) rep.put(k, Math.max(0, pl.getRttMicros()));
    }
    l.peer.reported = rep;
    if (l.usable()) enqueue(l, Body.newBuilder().setPong(Pong.newBuilder().setId(ping.getId())), false);
    recompute();
  }

  private void onPong(Link l, Pong pong) {
    Long sent = l.pings.remove(pong.getId());
    if (sent == null) return;
    double sample = (System.nanoTime() - sent) / 1000.0;
    l.srttMicros = l.srttMicros < 0 ? sample : (1 - o.rttSmoothing) * l.srttMicros + o.rttSmoothing * sample;
    if (l.peer.active == l) metrics.rtt(l.peer.key, (long) l.srttMicros);
    recompute();
  }

  /** Re-evaluates the route to every peer and publishes the snapshots read by other threads. */
  private void recompute() {
    Map<String, Router.Route> routes = new HashMap<>();
    Set<String> up = new HashSet<>();
    for (Peer x : peers.values()) {
      boolean directUp = x.active != null && x.active.usable();
      if (directUp) up.add(x.key);
      long directRtt = directUp ? (long) x.active.srttMicros : -1;
      Map<String, Long> relays = new HashMap<>();
      for (Peer r : peers.values()) {
        if (r == x || r.active == null || !r.active.usable() || r.active.srttMicros < 0) continue;
        Long rep = r.reported.get(x.key);
        if (rep != null) relays.put(r.key, (long) r.active.srttMicros + rep);
      }
      boolean forcedUp = false;
      if (x.forcedRelay != null) {
        Peer f = peers.get(x.forcedRelay);
        forcedUp = f != null && f.active != null && f.active.usable();
      }
      Router.Route before = x.route;
      x.route = router.choose(x.key, directUp, directRtt, relays, before, x.forcedRelay, forcedUp);
      if (x.route != null) routes.put(x.key, x.route);
      String was = before == null ? null : before.nextHop();
      String now = x.route == null ? null : x.route.nextHop();
      if (was != null && now != null && !was.equals(now)) {
        log.info("peer gossip {}: route to {} now via {} ({} µs)", PeerMetrics.shortKey(me), PeerMetrics.shortKey(x.key),
            now.equals(x.key) ? "direct" : PeerMetrics.shortKey(now), x.route.rttMicros());
      }
    }
    metrics.linksUp.set(up.size());
    routeSnapshot = Collections.unmodifiableMap(routes);
    upSnapshot = Collections.unmodifiableSet(up);
  }

  private void applyFaults() {
    if (closed || faults == null) return;
    for (Peer p : new ArrayList<>(peers.values())) {
      if (faults.takeDialNow(me, p.key)) dial(p, true);
      boolean part = faults.partitioned(me, p.key);
      for (Link l : new ArrayList<>(p.links)) {
        if (part) {
          abort(l, GrpcStatus.UNAVAILABLE, "partitioned (test)");
        } else if (l.state == Link.State.UP) {
          l.wire.pauseInbound(faults.readingStalled(me, p.key));
        }
      }
    }
  }

  // ------------------------------------------------------------------ thread-safe reads

  public Optional<Long> latencyMillis(String nodeKey) {
    Router.Route r = routeSnapshot.get(PeerProtocol.normalizeKey(nodeKey));
    if (r == null || r.rttMicros() < 0) return Optional.empty();
    return Optional.of(Math.round(r.rttMicros() / 1000.0));
  }

  /** The next hop towards a peer (the peer itself when direct), if any. */
  public Optional<String> nextHop(String nodeKey) {
    Router.Route r = routeSnapshot.get(PeerProtocol.normalizeKey(nodeKey));
    return r == null ? Optional.empty() : Optional.of(r.nextHop());
  }

  public boolean linkUp(String nodeKey) {
    return upSnapshot.contains(PeerProtocol.normalizeKey(nodeKey));
  }

  public Set<String> linksUp() {
    return upSnapshot;
  }

  /** A status document for operators (and the verticle's event-bus address). */
  public Future<JsonObject> status() {
    Promise<JsonObject> p = Promise.promise();
    onContext(() -> {
      JsonArray arr = new JsonArray();
      for (Peer x : peers.values()) {
        JsonObject j = new JsonObject().put("nodeKey", x.key).put("endpoint", x.endpoint)
            .put("linkUp", x.active != null && x.active.usable());
        if (x.active != null && x.active.srttMicros >= 0) j.put("rttMicros", (long) x.active.srttMicros);
        if (x.route != null) {
          j.put("nextHop", x.route.nextHop()).put("routeRttMicros", x.route.rttMicros()).put("forced", x.route.forced());
        }
        if (x.forcedRelay != null) j.put("forcedRelay", x.forcedRelay);
        if (x.active != null) j.put("queued", x.active.queue.size());
        j.put("unacked", x.unacked.size());
        arr.add(j);
      }
      p.complete(new JsonObject().put("nodeKey", me).put("port", port).put("epoch", epoch).put("peers", arr));
    });
    return p.future();
  }

  Map<String, Long> reportedBy(String peer) {
    Peer p = peers.get(peer);
    return p == null ? Map.of() : new LinkedHashMap<>(p.reported);
  }
}
