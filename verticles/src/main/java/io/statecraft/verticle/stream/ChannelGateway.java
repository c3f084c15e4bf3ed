package io.statecraft.verticle.stream;

import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.vertx.core.Future;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the streaming verticle needs from the channel core (the per-channel Leader/Follower
 * controller, SPEC §4, §11). The core implements it over the event bus; tests use an in-memory
 * fake. The stream layer has already checked the request's shape, signature, nonce window and
 * rate limits when it calls in; the core still owns the channel's rules (membership, the call
 * nonce in the log, gas, freezing).
 *
 * <p>Threading: every method is called on the verticle's event-loop context and must not
 * block. Returned futures may complete on any thread; the verticle hops back to its context.
 * {@link SubscriptionListener} callbacks must be delivered in height order, each change once,
 * and must never wait for the client: the verticle buffers and applies its slow-consumer
 * policy, so a slow client can never stall the channel.
 *
 * <p>Failures: futures fail with a {@link StreamException} whose {@link StreamErrorCode} is
 * sent to the client as is; any other exception is reported as {@code INTERNAL_ERROR}.
 */
public interface ChannelGateway {

  /**
   * Succeeds if {@code member} is a current member of the channel; fails with
   * {@link StreamErrorCode#CHANNEL_NOT_FOUND} or {@link StreamErrorCode#NOT_A_MEMBER}.
   */
  Future<Void> checkMember(String channelId, Address member);

  /** {@code state_channel.join}: the snapshot of the channel state at the latest verified height. */
  Future<ChannelSnapshot> join(String channelId, Address member);

  /**
   * {@code state_channel.call}: hands a member-signed call to the channel (forwarded to the
   * Leader if this node follows). The future completes once the Leader sequenced it
   * ({@code accepted}); the returned progress yields the later levels, as far as {@code upTo}.
   * Fails with CHANNEL_FROZEN, LEADER_UNREACHABLE, REPLAYED_NONCE (the log's own nonce rule),
   * UNSUPPORTED_CONFIRMATION_LEVEL, … .
   */
  Future<CallProgress> call(String channelId, Transaction.Call call, ConfirmationLevel upTo);

  /**
   * {@code state_channel.subscribe}. Without {@code afterHeight}: the subscription starts with
   * the snapshot at the latest verified height, then delivers every verified change above it.
   * With {@code afterHeight} h (the last height the client holds): delivers the changes h+1,
   * h+2, … with no snapshot; fails with {@link StreamErrorCode#HEIGHT_PRUNED} if h+1 is no
   * longer retained (the client must start again from a snapshot) and
   * {@link StreamErrorCode#HEIGHT_NOT_REACHED} if h is above the latest verified height.
   */
  Future<ChannelSubscription> subscribe(String channelId, Address member, OptionalLong afterHeight,
      SubscriptionListener listener);

  /** State query: the snapshot at {@code height}, or at the latest verified height. */
  Future<ChannelSnapshot> state(String channelId, OptionalLong height);

  /** Entry query: the verified log entry at {@code height}. */
  Future<Entry> entry(String channelId, long height);

  /** A member's (or any address's) resources at {@code height} or the latest verified height. */
  Future<MemberResources> resources(String channelId, Address address, OptionalLong height);

  /** {@code state_channel.leave}: the member leaves (settle first). Yields the leave entry's height. */
  Future<Long> leave(String channelId, Address member);

  /** {@code state_channel.close}: closes the channel (settle first). Yields the close entry's height. */
  Future<Long> close(String channelId, Address member);

  // ------------------------------------------------------------------ the data it returns

  /** One resource: the BCS value of a struct type under an address. */
  record ResourceValue(Address address, StructTag type, Blob value) {}

  /** The channel state at a height: every resource, sorted by address then type. */
  record ChannelSnapshot(long height, Hash32 stateRoot, List<ResourceValue> resources) {
    public ChannelSnapshot {
      resources = List.copyOf(resources);
    }
  }

  /** One address's resources at a height. */
  record MemberResources(Address address, long height, List<ResourceValue> resources) {
    public MemberResources {
      resources = List.copyOf(resources);
    }
  }

  /** One verified entry's change, as subscribers see it. {@code kind}: call|tick|join|leave|close|batch. */
  record VerifiedChange(long height, String kind, Hash32 txHash, Hash32 stateRoot, Effects effects) {}

  /** The later confirmation levels of an accepted call. */
  interface CallProgress {
    long height();

    Hash32 txHash();

    /** Effects known. Fails with OUT_OF_GAS or ABORTED if the call failed in the VM. */
    Future<Effects> executed();

    /** 2/3 of the members re-executed and agreed; yields the state root. */
    Future<Hash32> verified();

    /** Settled on chain; yields the settled height. */
    Future<Long> settled();
  }

  /** A live subscription. */
  interface ChannelSubscription {
    /** The starting snapshot, or null when the subscription resumed from a height. */
    ChannelSnapshot snapshot();

    /** Stops delivery; idempotent. */
    void cancel();
  }

  /** Receives a subscription's verified changes. */
  interface SubscriptionListener {
    void onChange(VerifiedChange change);

    /**
     * The subscription ended on the channel's side (channel closed, member left, the node
     * dropped the channel); {@code reason} says why. No change follows.
     */
    void onEnd(StreamException reason);
  }
}
