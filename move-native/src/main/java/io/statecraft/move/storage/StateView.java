package io.statecraft.move.storage;

/** Read access to committed resources: the BCS bytes under a key, or null if absent. */
@FunctionalInterface
public interface StateView {
  StateView EMPTY = key -> null;

  byte[] get(ResourceKey key);
}
