package io.statecraft.verticle.peer.impl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: latency and fault injection between in-process nodes, keyed by ordered pairs of
 * node keys ({@code 0x}-hex). One injector may be shared by all nodes of a test; a node
 * without one (production) pays nothing. Thread-safe: tests change it from any thread, the
 * nodes read it on their event loops and are told of changes.
 *
 * <ul>
 *   <li>{@link #delay}: every frame from→to is held this long before the wire (order kept);
 *   <li>{@link #partition}: links between the two are closed and dials/accepts refused;
 *   <li>{@link #dropMessages}: the next n transmissions of application messages from→to vanish
 *       before they are signed (a lossy path; no sequence gap on the link; retransmission makes
 *       them good);
 *   <li>{@link #dialNow}: node {@code from} dials {@code to} at once, even with a link up or a
 *       dial in progress (both sides at once: duplicate links, the tie-break, link replacement);
 *   <li>{@link #tamperNext}: flips a byte of the next application frame from→to after signing;
 *   <li>{@link #replayNext}: writes the next application frame from→to twice;
 *   <li>{@link #stallReading}: node {@code at} stops reading frames from {@code from} (a slow
 *       peer; flow control pushes back to the sender);
 *   <li>{@link #dishonestRelay}: node {@code relay} alters the payload of every message it
 *       relays (it still signs its own link frames correctly).
 * </ul>
 */
public final class FaultInjector {
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Set<String> partitions = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
  private final Set<String> tamper = ConcurrentHashMap.newKeySet();
  private final Set<String> replay = ConcurrentHashMap.newKeySet();
  private final Set<String> stalled = ConcurrentHashMap.newKeySet();
  private final Set<String> dialNow = ConcurrentHashMap.newKeySet();
  private final Set<String> dishonestRelays = ConcurrentHashMap.newKeySet();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private static String pair(String from, String to) {
    return PeerProtocol.normalizeKey(from) + ">" + PeerProtocol.normalizeKey(to);
  }

  public FaultInjector delay(String from, String to, long millis) {
    if (millis <= 0) delays.remove(pair(from, to));
    else delays.put(pair(from, to), millis);
    return this;
  }

  /** Delay both ways: adds about 2 × millis to the pair's round trip. */
  public FaultInjector delayBoth(String a, String b, long millis) {
    return delay(a, b, millis).delay(b, a, millis);
  }

  public FaultInjector partition(String a, String b, boolean on) {
    if (on) {
      partitions.add(pair(a, b));
      partitions.add(pair(b, a));
    } else {
      partitions.remove(pair(a, b));
      partitions.remove(pair(b, a));
    }
    fire();
    return this;
  }

  public FaultInjector dropMessages(String from, String to, int n) {
    drops.computeIfAbsent(pair(from, to), k -> new AtomicInteger()).addAndGet(n);
    return this;
  }

  /** Both {@code from → to} and, if {@code bothWays}, {@code to → from} dial at once (one change event). */
  public FaultInjector dialNow(String from, String to, boolean bothWays) {
    dialNow.add(pair(from, to));
    if (bothWays) dialNow.add(pair(to, from));
    fire();
    return this;
  }

  public FaultInjector tamperNext(String from, String to) {
    tamper.add(pair(from, to));
    return this;
  }

  public FaultInjector replayNext(String from, String to) {
    replay.add(pair(from, to));
    return this;
  }

  public FaultInjector stallReading(String at, String from, boolean on) {
    if (on) stalled.add(pair(from, at));
    else stalled.remove(pair(from, at));
    fire();
    return this;
  }

  public FaultInjector dishonestRelay(String relay, boolean on) {
    if (on) dishonestRelays.add(PeerProtocol.normalizeKey(relay));
    else dishonestRelays.remove(PeerProtocol.normalizeKey(relay));
    return this;
  }

  public void clear() {
    dishonestRelays.clear();
    delays.clear();
    partitions.clear();
    drops.clear();
    tamper.clear();
    replay.clear();
    stalled.clear();
    dialNow.clear();
    fire();
  }

  // ---- read by the nodes

  public long delayMillis(String from, String to) {
    Long d = delays.get(from + ">" + to);
    return d == null ? 0 : d;
  }

  public boolean partitioned(String from, String to) {
    return partitions.contains(from + ">" + to);
  }

  public boolean takeDrop(String from, String to) {
    AtomicInteger n = drops.get(from + ">" + to);
    return n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }

  public boolean takeDialNow(String from, String to) {
    return dialNow.remove(from + ">" + to);
  }

  public boolean takeTamper(String from, String to) {
    return tamper.remove(from + ">" + to);
  }

  public boolean takeReplay(String from, String to) {
    return replay.remove(from + ">" + to);
  }

  public boolean readingStalled(String at, String from) {
    return stalled.contains(from + ">" + at);
  }

  public boolean dishonest(String relay) {
    return dishonestRelays.contains(relay);
  }

  public void onChange(Runnable r) {
    listeners.add(r);
  }

  public void removeListener(Runnable r) {
    listeners.remove(r);
  }

  private void fire() {
    for (Runnable r : listeners) r.run();
  }
}
