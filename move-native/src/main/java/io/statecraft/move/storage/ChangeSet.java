package io.statecraft.move.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a transaction did: resource writes and deletions sorted by key, events in emission
 * order, gas used. A failed transaction has no writes or events, only its gas.
 */
public final class ChangeSet {
  public static final ChangeSet EMPTY = new ChangeSet(List.of(), List.of(), 0);

  private final List<ResourceChange> changes;
  private final List<Event> events;
  private final long gasUsed;

  public ChangeSet(List<ResourceChange> changes, List<Event> events, long gasUsed) {
    List<ResourceChange> sorted = new ArrayList<>(changes);
    sorted.sort((a, b) -> a.key().compareTo(b.key()));
    this.changes = List.copyOf(sorted);
    this.events = List.copyOf(events);
    this.gasUsed = gasUsed;
  }

  public static ChangeSet gasOnly(long gasUsed) {
    return new ChangeSet(List.of(), List.of(), gasUsed);
  }

  public List<ResourceChange> changes() {
    return changes;
  }

  public List<Event> events() {
    return events;
  }

  public long gasUsed() {
    return gasUsed;
  }

  public boolean isEmpty() {
    return changes.isEmpty() && events.isEmpty();
  }

  /** The writes as a sorted map, deletions mapped to null. */
  public SortedMap<ResourceKey, byte[]> asMap() {
    TreeMap<ResourceKey, byte[]> m = new TreeMap<>();
    for (ResourceChange c : changes) {
      m.put(c.key(), c.value());
    }
    return m;
  }

  /**
   * Canonical bytes of the change set: count, then per change the key, a 0/1 deletion flag
   * and the value; then per event the tag and data; then the gas. Lengths are u32 big-endian.
   */
  public byte[] canonicalBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, changes.size());
    for (ResourceChange c : changes) {
      lengthPrefixed(out, c.key().encoded());
      out.write(c.isDeletion() ? 1 : 0);
      if (!c.isDeletion()) {
        lengthPrefixed(out, c.value());
      }
    }
    u32(out, events.size());
    for (Event e : events) {
      lengthPrefixed(out, e.typeTag().getBytes(StandardCharsets.UTF_8));
      lengthPrefixed(out, e.data());
    }
    for (int i = 7; i >= 0; i--) {
      out.write((int) (gasUsed >>> (8 * i)));
    }
    return out.toByteArray();
  }

  /** SHA3-256 of {@link #canonicalBytes()}: what Followers compare with the Leader's. */
  public byte[] effectsHash() {
    try {
      return MessageDigest.getInstance("SHA3-256").digest(canonicalBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) {
    u32(out, b.length);
    out.writeBytes(b);
  }

  /** JSON by hand: keys sorted, bytes as 0x hex. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"gas_used\":").append(gasUsed).append(",\"changes\":[");
    for (int i = 0; i < changes.size(); i++) {
      ResourceChange c = changes.get(i);
      sb.append(i > 0 ? "," : "").append("{\"address\":\"").append(c.key().address().toShortString())
          .append("\",\"type\":").append(Json.string(c.key().typeTag()));
      if (c.isDeletion()) {
        sb.append(",\"op\":\"delete\"}");
      } else {
        sb.append(",\"op\":\"write\",\"value\":\"").append(Json.hex(c.value())).append("\"}");
      }
    }
    sb.append("],\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      sb.append(i > 0 ? "," : "").append("{\"type\":").append(Json.string(e.typeTag()))
          .append(",\"data\":\"").append(Json.hex(e.data())).append("\"}");
    }
    return sb.append("]}").toString();
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Applies the writes to a map standing for committed state. */
  public void applyTo(Map<ResourceKey, byte[]> state) {
    for (ResourceChange c : changes) {
      if (c.isDeletion()) {
        state.remove(c.key());
      } else {
        state.put(c.key(), c.value());
      }
    }
  }
}
