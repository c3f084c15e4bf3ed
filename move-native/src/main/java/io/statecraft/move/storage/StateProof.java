package io.statecraft.move.storage;

import java.util.Arrays;
import java.util.List;

/**
 * A Merkle proof for one key: the sibling hashes from the root down, and the leaf found where
 * the key's path ends (absent when the path ends in an empty subtree; another key's leaf proves
 * absence too). {@link #verify} needs only the root — no state.
 */
public record StateProof(List<byte[]> siblings, byte[] leafKeyHash, byte[] leafValueHash) {
  public StateProof {
    siblings = List.copyOf(siblings);
  }

  /**
   * True when this proves that under {@code root}, {@code key} holds {@code value} — or, with
   * a null value, that it holds nothing.
   */
  public boolean verify(byte[] root, ResourceKey key, byte[] value) {
    byte[] kh = StateTree.sha3(key.encoded());
    int depth = siblings.size();
    if (depth > 256) {
      return false;
    }
    byte[] current;
    if (value != null) {
      if (leafKeyHash == null || !Arrays.equals(leafKeyHash, kh)
          || !Arrays.equals(leafValueHash, StateTree.sha3(value))) {
        return false;
      }
      current = StateTree.leafHash(kh, leafValueHash);
    } else if (leafKeyHash == null) {
      current = StateTree.EMPTY_HASH;
    } else {
      // Another key's leaf sits where ours would be: it must share our path so far.
      if (Arrays.equals(leafKeyHash, kh) || leafValueHash == null) {
        return false;
      }
      for (int i = 0; i < depth; i++) {
        if (StateTree.bit(leafKeyHash, i) != StateTree.bit(kh, i)) {
          return false;
        }
      }
      current = StateTree.leafHash(leafKeyHash, leafValueHash);
    }
    for (int i = depth - 1; i >= 0; i--) {
      byte[] sibling = siblings.get(i);
      current = StateTree.bit(kh, i) ? StateTree.internalHash(sibling, current) : StateTree.internalHash(current, sibling);
    }
    return Arrays.equals(current, root);
  }
}
