package io.statecraft.verticle.peer;

/**
 * Why {@link PeerNetwork#send} failed. A failure at once: the message was not accepted. A later
 * failure ({@code UNREACHABLE} at the delivery deadline, {@code UNKNOWN_PEER} when the peer was
 * removed, {@code CLOSED}): it was not confirmed, and may or may not have been delivered.
 */
public final class PeerSendException extends RuntimeException {
  public enum Reason {
    /** The peer is not known ({@link PeerNetwork#addPeer} was not called or it was removed). */
    UNKNOWN_PEER,
    /**
     * No link to the peer is up or being set up and no relay reports a path to it; or (later)
     * the peer did not acknowledge the message within {@link PeerOptions#deliveryTimeoutMs}.
     */
    UNREACHABLE,
    /** The bounded retransmit buffer to the peer is full: the peer (or the path to it) is too slow. */
    QUEUE_FULL,
    /** The frame would exceed {@link PeerOptions#maxFrameBytes}. */
    TOO_LARGE,
    /** The network is closed. */
    CLOSED
  }

  private final Reason reason;

  public PeerSendException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
