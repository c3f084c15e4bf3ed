package io.statecraft.codec.channel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What executing a transaction did (SPEC §4): the write set (sorted by key, see
 * {@link WriteOp}), the events in emission order, the gas used, and the abort information or
 * null if the transaction committed. BCS: vector&lt;WriteOp&gt; ‖ vector&lt;Event&gt; ‖ gasUsed u64 ‖
 * option&lt;AbortInfo&gt;. Its encoding is what the effects hash covers, so two honest nodes that
 * executed the same transaction from the same state produce the same bytes.
 */
public record Effects(List<WriteOp> writeSet, List<Event> events, long gasUsed, AbortInfo abort) {
  public static final Effects NONE = new Effects(List.of(), List.of(), 0, null);

  /** Sorts the write set canonically; refuses two ops on the same resource. */
  public Effects {
    writeSet = sortedUnique(writeSet);
    events = List.copyOf(events);
    if (gasUsed < 0) throw new IllegalArgumentException("gas used must be in 0..2^63-1");
  }

  public boolean aborted() {
    return abort != null;
  }

  /** SHA-256 of the encoding. */
  public Hash32 hash() {
    return Hash32.sha256(encode());
  }

  public byte[] encode() {
    return EntryCodec.encodeEffects(this);
  }

  private static List<WriteOp> sortedUnique(List<WriteOp> ops) {
    int n = ops.size();
    byte[][] keys = new byte[n][];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ops.get(i).key();
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    List<WriteOp> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i > 0 && Arrays.equals(keys[order[i - 1]], keys[order[i]])) {
        throw new IllegalArgumentException("two writes to the same resource: " + ops.get(order[i]).address() + " " + ops.get(order[i]).type());
      }
      out.add(ops.get(order[i]));
    }
    return List.copyOf(out);
  }

  void write(BcsWriter w) {
    w.uleb128(writeSet.size());
    for (WriteOp op : writeSet) op.write(w);
    w.uleb128(events.size());
    for (Event e : events) e.write(w);
    w.u64(gasUsed);
    if (abort == null) {
      w.u8(0);
    } else {
      w.u8(1);
      abort.write(w);
    }
  }

  static Effects read(BcsReader r) throws MalformedEntryException {
    // A write op is at least 32 + 32 + 1 + 1 + 1 + 1 + 1 bytes.
    int n = r.length("write set", Integer.MAX_VALUE, 69);
    List<WriteOp> ops = new ArrayList<>(n);
    byte[] prevKey = null;
    for (int i = 0; i < n; i++) {
      int at = r.position();
      WriteOp op = WriteOp.read(r);
      byte[] key = op.key();
      if (prevKey != null && Arrays.compareUnsigned(prevKey, key) >= 0) {
        throw new MalformedEntryException("write set not in strictly ascending key order", at);
      }
      prevKey = key;
      ops.add(op);
    }
    int m = r.length("events", Integer.MAX_VALUE, 2);
    List<Event> events = new ArrayList<>(m);
    for (int i = 0; i < m; i++) events.add(Event.read(r));
    long gas = r.u63("gas used");
    AbortInfo abort = r.bool() ? AbortInfo.read(r) : null;
    return new Effects(ops, events, gas, abort);
  }
}
