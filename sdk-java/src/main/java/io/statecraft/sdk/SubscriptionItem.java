package io.statecraft.sdk;

import io.statecraft.codec.stream.proto.Change;
import io.statecraft.codec.stream.proto.Snapshot;

/**
 * One item of a subscription: a snapshot (the state to start from — also after a resync, when
 * the client must replace what it holds) or a verified change. Heights only grow.
 */
public record SubscriptionItem(Snapshot snapshot, Change change) {
  public boolean isSnapshot() {
    return snapshot != null;
  }

  public long height() {
    return snapshot != null ? snapshot.getHeight() : change.getHeight();
  }
}
