package io.statecraft.verticle.peer.impl;

import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/** One peer link (one gRPC stream) and its state; touched only on the node's context. */
final class Link {
  enum State { HANDSHAKE, UP, CLOSED }

  record Pending(Buffer frame, long releaseNanos, boolean bye) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  final boolean dialer;
  final Wire wire;
  final long createdNanos = System.nanoTime();
  PeerNode.Peer peer;
  State state = State.HANDSHAKE;
  final byte[] myChallenge = new byte[PeerProtocol.CHALLENGE_SIZE];
  byte[] peerChallenge;
  byte[] transcript;
  byte[] linkId;
  long sendSeq;
  long recvSeq;
  final ArrayDeque<Pending> queue = new ArrayDeque<>();
  long lastReleaseNanos;
  long pumpTimer = -1;
  boolean drainArmed;
  /** A message could not be queued (full): flush the retransmit buffers once the queue drains. */
  boolean flushOnDrain;
  long handshakeTimer = -1;
  long lastReceivedNanos = System.nanoTime();
  /** Smoothed RTT in microseconds, -1 until the first pong. */
  double srttMicros = -1;
  long nextPingId;
  final Map<Long, Long> pings = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> e) {
      return size() > 16;
    }
  };
  boolean byeSent;
  boolean byeWritten;
  boolean byeReceived;

  Link(boolean dialer, Wire wire) {
    this.dialer = dialer;
    this.wire = wire;
    RANDOM.nextBytes(myChallenge);
  }

  boolean usable() {
    return state == State.UP && !byeSent && !byeReceived;
  }

  /** The node key of the side that dialled this link. */
  String dialerKey(String me) {
    return dialer ? me : peer.key;
  }

  @Override
  public String toString() {
    return "Link[" + (peer == null ? "?" : PeerMetrics.shortKey(peer.key)) + (dialer ? " out " : " in ") + state + "]";
  }
}
