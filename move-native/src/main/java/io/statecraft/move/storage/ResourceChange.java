package io.statecraft.move.storage;

/** One entry of a write set: the new BCS value, or null for a deletion. */
public record ResourceChange(ResourceKey key, byte[] value) {
  public boolean isDeletion() {
    return value == null;
  }
}
