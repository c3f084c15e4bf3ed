package io.statecraft.move.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The state commitment: a sparse Merkle tree over all resources, keyed by
 * SHA3-256(key bytes), with SHA3-256 hashing throughout:
 *
 * <ul>
 *   <li>leaf: {@code H(0x00 || keyHash || H(value))};
 *   <li>internal node: {@code H(0x01 || left || right)};
 *   <li>empty subtree: 32 zero bytes.
 * </ul>
 *
 * A subtree holding a single leaf is that leaf (as in Aptos' Jellyfish tree), so the shape —
 * and the root — depend only on the set of (key, value) pairs, never on insertion order, and
 * paths are about log2(n) long. Nodes are immutable: an update copies the path it changes
 * (cost grows with the number of changes times log n, not with the state size) and old roots
 * stay valid snapshots.
 */
public final class StateTree {
  public static final byte[] EMPTY_HASH = new byte[32];
  public static final StateTree EMPTY = new StateTree(null, 0);

  private abstract static sealed class Node permits Leaf, Internal {
    final byte[] hash;

    Node(byte[] hash) {
      this.hash = hash;
    }
  }

  private static final class Leaf extends Node {
    final byte[] keyHash;
    final byte[] valueHash;

    Leaf(byte[] keyHash, byte[] valueHash) {
      super(leafHash(keyHash, valueHash));
      this.keyHash = keyHash;
      this.valueHash = valueHash;
    }
  }

  private static final class Internal extends Node {
    final Node left;
    final Node right;

    Internal(Node left, Node right) {
      super(internalHash(hashOf(left), hashOf(right)));
      this.left = left;
      this.right = right;
    }
  }

  private final Node root;
  private final int size;

  private StateTree(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  public static StateTree of(Map<ResourceKey, byte[]> state) {
    StateTree t = EMPTY;
    for (Map.Entry<ResourceKey, byte[]> e : state.entrySet()) {
      t = t.put(e.getKey(), e.getValue());
    }
    return t;
  }

  public byte[] root() {
    return hashOf(root).clone();
  }

  public int size() {
    return size;
  }

  /** The tree after a transaction's writes and deletions. */
  public StateTree apply(ChangeSet changes) {
    StateTree t = this;
    for (ResourceChange c : changes.changes()) {
      t = c.isDeletion() ? t.remove(c.key()) : t.put(c.key(), c.value());
    }
    return t;
  }

  public StateTree put(ResourceKey key, byte[] value) {
    byte[] kh = sha3(key.encoded());
    boolean[] added = new boolean[1];
    Node n = insert(root, 0, kh, sha3(value), added);
    return new StateTree(n, size + (added[0] ? 1 : 0));
  }

  public StateTree remove(ResourceKey key) {
    byte[] kh = sha3(key.encoded());
    boolean[] removed = new boolean[1];
    Node n = delete(root, 0, kh, removed);
    return removed[0] ? new StateTree(n, size - 1) : this;
  }

  private static Node insert(Node n, int depth, byte[] kh, byte[] vh, boolean[] added) {
    if (n == null) {
      added[0] = true;
      return new Leaf(kh, vh);
    }
    if (n instanceof Leaf leaf) {
      if (Arrays.equals(leaf.keyHash, kh)) {
        return new Leaf(kh, vh);
      }
      added[0] = true;
      return split(leaf, new Leaf(kh, vh), depth);
    }
    Internal in = (Internal) n;
    return bit(kh, depth)
        ? new Internal(in.left, insert(in.right, depth + 1, kh, vh, added))
        : new Internal(insert(in.left, depth + 1, kh, vh, added), in.right);
  }

  /** Two leaves that share the path down to {@code depth}: internal nodes until they part. */
  private static Node split(Leaf a, Leaf b, int depth) {
    boolean ba = bit(a.keyHash, depth);
    boolean bb = bit(b.keyHash, depth);
    if (ba == bb) {
      Node below = split(a, b, depth + 1);
      return ba ? new Internal(null, below) : new Internal(below, null);
    }
    return ba ? new Internal(b, a) : new Internal(a, b);
  }

  private static Node delete(Node n, int depth, byte[] kh, boolean[] removed) {
    if (n == null) {
      return null;
    }
    if (n instanceof Leaf leaf) {
      if (Arrays.equals(leaf.keyHash, kh)) {
        removed[0] = true;
        return null;
      }
      return n;
    }
    Internal in = (Internal) n;
    Node left = in.left;
    Node right = in.right;
    if (bit(kh, depth)) {
      right = delete(right, depth + 1, kh, removed);
    } else {
      left = delete(left, depth + 1, kh, removed);
    }
    if (!removed[0]) {
      return n;
    }
    // Keep the canonical shape: a lone leaf rises to replace its parent.
    if (left == null && (right == null || right instanceof Leaf)) {
      return right;
    }
    if (right == null && left instanceof Leaf) {
      return left;
    }
    return new Internal(left, right);
  }

  /** A proof of the value (or absence) of one key against this tree's root. */
  public StateProof prove(ResourceKey key) {
    byte[] kh = sha3(key.encoded());
    List<byte[]> siblings = new ArrayList<>();
    Node n = root;
    int depth = 0;
    while (n instanceof Internal in) {
      boolean right = bit(kh, depth);
      siblings.add(hashOf(right ? in.left : in.right).clone());
      n = right ? in.right : in.left;
      depth++;
    }
    Leaf leaf = (Leaf) n;
    return new StateProof(siblings, leaf == null ? null : leaf.keyHash.clone(), leaf == null ? null : leaf.valueHash.clone());
  }

  // ---- hashing ----

  static boolean bit(byte[] h, int i) {
    return ((h[i >>> 3] >>> (7 - (i & 7))) & 1) != 0;
  }

  private static byte[] hashOf(Node n) {
    return n == null ? EMPTY_HASH : n.hash;
  }

  static byte[] leafHash(byte[] keyHash, byte[] valueHash) {
    MessageDigest d = digest();
    d.update((byte) 0);
    d.update(keyHash);
    d.update(valueHash);
    return d.digest();
  }

  static byte[] internalHash(byte[] left, byte[] right) {
    MessageDigest d = digest();
    d.update((byte) 1);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  public static byte[] sha3(byte[] data) {
    return digest().digest(data);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA3-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA3-256", e);
    }
  }
}
