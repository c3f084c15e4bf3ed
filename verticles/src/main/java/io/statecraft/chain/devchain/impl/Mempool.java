package io.statecraft.chain.devchain.impl;

import io.statecraft.chain.SignedTx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Transactions waiting for a block, per sender by nonce. A sender may have a few future
 * nonces waiting; a block takes, in arrival order, each sender's transactions whose nonce is
 * next, so a gap holds back only that sender's later ones. A future transaction whose gap is
 * not filled within the timeout is dropped.
 *
 * @param <T> what the caller attaches to a transaction (its waiting promise)
 */
public final class Mempool<T> {
  public record Pending<T>(SignedTx tx, long seq, long arrivedAtMillis, T ticket) {}

  private final TreeMap<String, TreeMap<Long, Pending<T>>> bySender = new TreeMap<>();
  private long nextSeq;
  private int size;

  public int size() {
    return size;
  }

  public int sizeOf(String sender) {
    TreeMap<Long, Pending<T>> m = bySender.get(sender);
    return m == null ? 0 : m.size();
  }

  public boolean contains(String sender, long nonce) {
    TreeMap<Long, Pending<T>> m = bySender.get(sender);
    return m != null && m.containsKey(nonce);
  }

  public void add(SignedTx tx, long nowMillis, T ticket) {
    bySender.computeIfAbsent(tx.sender(), s -> new TreeMap<>()).put(tx.nonce(), new Pending<>(tx, nextSeq++, nowMillis, ticket));
    size++;
  }

  /** Removes and returns up to {@code max} transactions ready in order, given each sender's next nonce. */
  public List<Pending<T>> take(ToLongFunction<String> nextNonce, int max) {
    PriorityQueue<Pending<T>> ready = new PriorityQueue<>((a, b) -> Long.compare(a.seq(), b.seq()));
    for (Map.Entry<String, TreeMap<Long, Pending<T>>> e : bySender.entrySet()) {
      Pending<T> head = e.getValue().get(nextNonce.applyAsLong(e.getKey()));
      if (head != null) ready.add(head);
    }
    List<Pending<T>> out = new ArrayList<>();
    while (!ready.isEmpty() && out.size() < max) {
      Pending<T> p = ready.poll();
      out.add(p);
      TreeMap<Long, Pending<T>> m = bySender.get(p.tx().sender());
      m.remove(p.tx().nonce());
      size--;
      Pending<T> next = m.get(p.tx().nonce() + 1);
      if (next != null) ready.add(next);
      if (m.isEmpty()) bySender.remove(p.tx().sender());
    }
    return out;
  }

  /** Removes and returns transactions that have waited for a nonce gap since before {@code cutoffMillis}. */
  public List<Pending<T>> expire(long cutoffMillis) {
    List<Pending<T>> out = new ArrayList<>();
    Iterator<Map.Entry<String, TreeMap<Long, Pending<T>>>> it = bySender.entrySet().iterator();
    while (it.hasNext()) {
      TreeMap<Long, Pending<T>> m = it.next().getValue();
      m.values().removeIf(p -> {
        if (p.arrivedAtMillis() < cutoffMillis) {
          out.add(p);
          return true;
        }
        return false;
      });
      if (m.isEmpty()) it.remove();
    }
    size -= out.size();
    return out;
  }

  /** Removes everything (on close), returning what was waiting. */
  public List<Pending<T>> drain() {
    List<Pending<T>> out = new ArrayList<>();
    bySender.values().forEach(m -> out.addAll(m.values()));
    bySender.clear();
    size = 0;
    return out;
  }
}
