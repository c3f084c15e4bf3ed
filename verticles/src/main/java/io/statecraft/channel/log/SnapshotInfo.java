package io.statecraft.channel.log;

import io.statecraft.codec.channel.Hash32;

/**
 * A stored snapshot: the serialized channel state after the entry at {@code height}.
 *
 * @param height the settled height the state is at
 * @param entryHash the hash of the entry at {@code height}: the {@code prevHash} of the next
 * @param stateRoot that entry's state root, which the state must hash to
 * @param blobHash SHA-256 of the state bytes, checked on every read
 * @param size the state's length in bytes
 */
public record SnapshotInfo(long height, Hash32 entryHash, Hash32 stateRoot, Hash32 blobHash, long size) {}
