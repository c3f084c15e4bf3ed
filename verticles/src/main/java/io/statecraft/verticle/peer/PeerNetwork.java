package io.statecraft.verticle.peer;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The node's authenticated links to the other members' nodes of its channels (SPEC §5,
 * seed 000 §4). Peers are named by their node public key ({@code 0x}-hex Ed25519), which
 * each member registered on chain with its endpoint when it joined.
 *
 * <p>The transport (gRPC bidi streams between nodes, or in-memory in tests) authenticates
 * every peer and signs every message; what reaches {@link #onMessage} has been verified as
 * coming from {@link PeerMessage#from()}. Delivery to one peer is reliable, in order and
 * exactly once while both processes live (the transport retransmits until acknowledged); a
 * message that cannot be delivered fails its future, so the sender decides whether to retry,
 * relay, or report.
 */
public interface PeerNetwork {

  /** This node's public key, {@code 0x}-hex. */
  String localNodeKey();

  /** Makes a peer known (from the chain's member records) so it can be dialled or accepted. */
  void addPeer(String nodeKey, String endpoint);

  void removePeer(String nodeKey);

  /**
   * Sends one message to a peer, directly or, where the transport measured it faster, through
   * a relaying peer (best path, SPEC §5). Completes once the peer acknowledged the message
   * (it was delivered to its handler); fails at once when it cannot be accepted (unknown or
   * unreachable peer, too large, too many unacknowledged), or later when it is not acknowledged
   * within the transport's delivery deadline (then it may or may not have been delivered).
   */
  Future<Void> send(String nodeKey, String type, Buffer payload);

  /** Registers the handler of every verified inbound message; runs on the caller's context. */
  void onMessage(Handler<PeerMessage> handler);

  /** The best currently measured round-trip to a peer in milliseconds, direct or relayed. */
  Optional<Long> latencyMillis(String nodeKey);

  Future<Void> close();

  /** A verified message from a peer. */
  record PeerMessage(String from, String type, Buffer payload) {}
}
