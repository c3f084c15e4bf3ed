package io.statecraft.move.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.runtime.AccountAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateTreeTest {
  static ResourceKey key(int i) {
    return new ResourceKey(AccountAddress.ofLong(i % 37), "0x" + "0".repeat(63) + "2::m::R" + i);
  }

  @Test
  void emptyTreeHasTheZeroRoot() {
    assertThat(StateTree.EMPTY.root()).isEqualTo(new byte[32]);
    assertThat(StateTree.EMPTY.prove(key(1)).verify(StateTree.EMPTY.root(), key(1), null)).isTrue();
  }

  @Test
  void rootDependsOnContentNotOrder() {
    Random rnd = new Random(7);
    Map<ResourceKey, byte[]> state = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      byte[] v = new byte[1 + rnd.nextInt(20)];
      rnd.nextBytes(v);
      state.put(key(i), v);
    }
    List<ResourceKey> keys = new ArrayList<>(state.keySet());
    StateTree a = StateTree.EMPTY;
    for (ResourceKey k : keys) {
      a = a.put(k, state.get(k));
    }
    Collections.shuffle(keys, rnd);
    StateTree b = StateTree.EMPTY;
    for (ResourceKey k : keys) {
      b = b.put(k, state.get(k));
    }
    assertThat(a.root()).isEqualTo(b.root());
    assertThat(a.size()).isEqualTo(500);
    // deleting what was added returns to the earlier root
    StateTree c = a.put(key(1000), new byte[] {1});
    assertThat(c.root()).isNotEqualTo(a.root());
    assertThat(c.remove(key(1000)).root()).isEqualTo(a.root());
    StateTree d = a;
    for (ResourceKey k : keys) {
      d = d.remove(k);
    }
    assertThat(d.root()).isEqualTo(StateTree.EMPTY_HASH);
    assertThat(d.size()).isZero();
  }

  @Test
  void proofsOfValuesAndAbsence() {
    TreeMap<ResourceKey, byte[]> state = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      state.put(key(i), new byte[] {(byte) i, 1});
    }
    StateTree t = StateTree.of(state);
    byte[] root = t.root();
    for (int i = 0; i < 200; i += 7) {
      StateProof p = t.prove(key(i));
      assertThat(p.verify(root, key(i), new byte[] {(byte) i, 1})).isTrue();
      assertThat(p.verify(root, key(i), new byte[] {(byte) i, 2})).isFalse();
      assertThat(p.verify(root, key(i), null)).isFalse();
    }
    for (int i = 200; i < 260; i++) {
      StateProof p = t.prove(key(i));
      assertThat(p.verify(root, key(i), null)).isTrue();
      assertThat(p.verify(root, key(i), new byte[] {0})).isFalse();
    }
    // a proof for one key does not prove another
    assertThat(t.prove(key(3)).verify(root, key(4), new byte[] {3, 1})).isFalse();
    // tampering with a sibling breaks it
    StateProof p = t.prove(key(5));
    List<byte[]> sib = new ArrayList<>(p.siblings());
    byte[] s0 = sib.get(0).clone();
    s0[0] ^= 1;
    sib.set(0, s0);
    assertThat(new StateProof(sib, p.leafKeyHash(), p.leafValueHash()).verify(root, key(5), new byte[] {5, 1})).isFalse();
  }

  @Test
  void applyingAChangeSetIsIncremental() {
    StateTree t = StateTree.EMPTY.put(key(1), new byte[] {1}).put(key(2), new byte[] {2});
    ChangeSet cs = new ChangeSet(List.of(new ResourceChange(key(2), null), new ResourceChange(key(3), new byte[] {3})),
        List.of(), 10);
    StateTree u = t.apply(cs);
    assertThat(u.root()).isEqualTo(StateTree.EMPTY.put(key(3), new byte[] {3}).put(key(1), new byte[] {1}).root());
    // the old tree is an untouched snapshot
    assertThat(t.prove(key(2)).verify(t.root(), key(2), new byte[] {2})).isTrue();
  }
}
