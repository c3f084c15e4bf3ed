package io.statecraft.verticle.peer;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the peer gossip layer ({@link GrpcPeerNetwork}). Every field has a production
 * default and can be read from the node configuration ({@link #fromJson}).
 */
public final class PeerOptions {
  /** gRPC listen address of this node's peer server. Port 0 picks a free port. */
  public String host = "0.0.0.0";
  public int port = 7600;
  /** Peer heartbeat interval (SPEC §5; the chain's 15 s window is separate). */
  public long heartbeatIntervalMs = 1_000;
  /** A link that received nothing (not even a pong) for this long is closed and redialled. */
  public long linkTimeoutMs = 5_000;
  /** A handshake that has not completed within this long is abandoned. */
  public long handshakeTimeoutMs = 5_000;
  /** Reconnect backoff: first delay, doubling up to the maximum. */
  public long reconnectInitialMs = 100;
  public long reconnectMaxMs = 10_000;
  /** Frames queued on one link beyond what the transport buffers; then sends fail (QUEUE_FULL). */
  public int maxQueuedFrames = 1_024;
  /** Bytes a link's gRPC stream buffers before it reports a full write queue. */
  public int writeQueueMaxBytes = 256 * 1024;
  /** Largest frame on the wire, in bytes; larger payloads are refused at send (TOO_LARGE). */
  public int maxFrameBytes = 1024 * 1024;
  /** Relays a message may pass (1 = one relay between origin and destination). */
  public int maxHops = 2;
  /**
   * Best path: a relay is chosen over the direct link only when it is faster by more than
   * max(hysteresisMs, direct × hysteresisRatio); the route goes back to direct as soon as the
   * relay is no longer faster than direct.
   */
  public long hysteresisMs = 2;
  public double hysteresisRatio = 0.10;
  /**
   * Reliable delivery (PEER-PROTOCOL.md §Delivery): messages to one destination kept until it
   * acknowledges them; a send beyond this fails with QUEUE_FULL. The receiver also holds at most
   * this many out-of-order messages per origin: use the same value on every member.
   */
  public int maxUnackedMessages = 1_024;
  /** The same bound in payload bytes (a single message is always accepted into an empty buffer). */
  public long maxUnackedBytes = 16L * 1024 * 1024;
  /**
   * A message not acknowledged this long after {@code send} is given up: its future (and that of
   * every other message still unacknowledged to that destination) fails with UNREACHABLE.
   */
  public long deliveryTimeoutMs = 10_000;
  /**
   * An unacknowledged message is sent again (on the current route) at once when the link it
   * went on closed or is closing (replaced, duplicate), and, when it went through a relay (which
   * may drop it), once it was last sent this long ago; on a live direct link only the oldest,
   * as a probe, when nothing is queued in front of it.
   */
  public long retransmitTimeoutMs = 1_000;
  /** Acknowledgements are batched: at most one per origin every this long (one signed frame for many messages). */
  public long ackDelayMs = 5;
  /** Weight of a new RTT sample in the smoothed RTT (TCP uses 1/8). */
  public double rttSmoothing = 0.25;
  /** TLS on top of the signed protocol (never instead): PEM key/cert for the server; off when null. */
  public String tlsKeyPem;
  public String tlsCertPem;
  /** Trusted CA/certificate PEM for dialling {@code grpcs://} endpoints; null trusts all (identity comes from the handshake). */
  public String tlsTrustPem;

  public boolean tlsEnabled() {
    return tlsKeyPem != null && tlsCertPem != null;
  }

  public static PeerOptions fromJson(JsonObject j) {
    PeerOptions o = new PeerOptions();
    o.host = j.getString("host", o.host);
    o.port = j.getInteger("port", o.port);
    o.heartbeatIntervalMs = j.getLong("heartbeatIntervalMs", o.heartbeatIntervalMs);
    o.linkTimeoutMs = j.getLong("linkTimeoutMs", o.linkTimeoutMs);
    o.handshakeTimeoutMs = j.getLong("handshakeTimeoutMs", o.handshakeTimeoutMs);
    o.reconnectInitialMs = j.getLong("reconnectInitialMs", o.reconnectInitialMs);
    o.reconnectMaxMs = j.getLong("reconnectMaxMs", o.reconnectMaxMs);
    o.maxQueuedFrames = j.getInteger("maxQueuedFrames", o.maxQueuedFrames);
    o.writeQueueMaxBytes = j.getInteger("writeQueueMaxBytes", o.writeQueueMaxBytes);
    o.maxFrameBytes = j.getInteger("maxFrameBytes", o.maxFrameBytes);
    o.maxHops = j.getInteger("maxHops", o.maxHops);
    o.hysteresisMs = j.getLong("hysteresisMs", o.hysteresisMs);
    o.hysteresisRatio = j.getDouble("hysteresisRatio", o.hysteresisRatio);
    o.maxUnackedMessages = j.getInteger("maxUnackedMessages", o.maxUnackedMessages);
    o.maxUnackedBytes = j.getLong("maxUnackedBytes", o.maxUnackedBytes);
    o.deliveryTimeoutMs = j.getLong("deliveryTimeoutMs", o.deliveryTimeoutMs);
    o.retransmitTimeoutMs = j.getLong("retransmitTimeoutMs", o.retransmitTimeoutMs);
    o.ackDelayMs = j.getLong("ackDelayMs", o.ackDelayMs);
    o.rttSmoothing = j.getDouble("rttSmoothing", o.rttSmoothing);
    o.tlsKeyPem = j.getString("tlsKeyPem", o.tlsKeyPem);
    o.tlsCertPem = j.getString("tlsCertPem", o.tlsCertPem);
    o.tlsTrustPem = j.getString("tlsTrustPem", o.tlsTrustPem);
    return o;
  }
}
