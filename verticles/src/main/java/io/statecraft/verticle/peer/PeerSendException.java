package io.statecraft.verticle.peer;

/** Why {@link PeerNetwork#send} failed. The message was not handed to any link. */
public final class PeerSendException extends RuntimeException {
  public enum Reason {
    /** The peer is not known ({@link PeerNetwork#addPeer} was not called or it was removed). */
    UNKNOWN_PEER,
    /** No link to the peer is up and no relay reports a path to it. */
    UNREACHABLE,
    /** The link's bounded outbound queue is full: the peer (or the path to it) is too slow. */
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
