package io.statecraft.move.runtime;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.bcs.BcsException;
import io.statecraft.move.storage.Event;
import io.statecraft.move.storage.ResourceChange;
import io.statecraft.move.storage.ResourceKey;
import io.statecraft.move.storage.StateView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * One transaction's view of global storage: resources read from the committed state on first
 * touch and kept as live values; move_to / move_from / borrow_global act on those. Nothing
 * reaches the state: {@link #changes} turns the touched resources into a sorted write set when
 * (and only if) the transaction succeeds.
 */
final class GlobalStore {
  /** A resource cell. {@code cell[0]} is the value, or null when absent. */
  private static final class Slot {
    final ResourceKey key;
    final Type type;
    final Object[] cell = new Object[1];
    final byte[] original;
    boolean touched;

    Slot(ResourceKey key, Type type, byte[] original) {
      this.key = key;
      this.type = type;
      this.original = original;
    }
  }

  private record SlotKey(AccountAddress address, Type type) {}

  private final StateView view;
  private final HashMap<SlotKey, Slot> slots = new HashMap<>();
  private final List<Event> events = new ArrayList<>();
  private long eventBytes;

  GlobalStore(StateView view) {
    this.view = view;
  }

  /** Bytes read from the state on this load, for gas; 0 when cached. */
  long lastReadBytes;

  private Slot slot(AccountAddress address, Type type) {
    SlotKey k = new SlotKey(address, type);
    Slot s = slots.get(k);
    lastReadBytes = 0;
    if (s == null) {
      ResourceKey key = new ResourceKey(address, type.toTag(true));
      byte[] bytes = view.get(key);
      s = new Slot(key, type, bytes);
      if (bytes != null) {
        lastReadBytes = bytes.length;
        try {
          s.cell[0] = Bcs.deserialize(type, bytes);
        } catch (BcsException | IllegalArgumentException | ClassCastException e) {
          throw VmError.of(StatusCode.VALUE_DESERIALIZATION_ERROR, "stored " + key + ": " + e.getMessage());
        }
      }
      slots.put(k, s);
    }
    return s;
  }

  boolean exists(AccountAddress address, Type type) {
    return slot(address, type).cell[0] != null;
  }

  void moveTo(AccountAddress address, Type type, Object value) {
    Slot s = slot(address, type);
    if (s.cell[0] != null) {
      throw VmError.of(StatusCode.RESOURCE_ALREADY_EXISTS, type + " already exists at " + address.toShortString());
    }
    s.cell[0] = value;
    s.touched = true;
  }

  Object moveFrom(AccountAddress address, Type type) {
    Slot s = slot(address, type);
    Object v = s.cell[0];
    if (v == null) {
      throw VmError.of(StatusCode.MISSING_DATA, "no " + type + " at " + address.toShortString());
    }
    s.cell[0] = null;
    s.touched = true;
    return v;
  }

  Ref borrow(AccountAddress address, Type type, boolean mutable) {
    Slot s = slot(address, type);
    if (s.cell[0] == null) {
      throw VmError.of(StatusCode.MISSING_DATA, "no " + type + " at " + address.toShortString());
    }
    if (mutable) {
      s.touched = true;
    }
    return new Ref(s.cell, 0);
  }

  void emit(Event e) {
    events.add(e);
    eventBytes += e.data().length;
  }

  List<Event> events() {
    return events;
  }

  long eventBytes() {
    return eventBytes;
  }

  /**
   * The write set: every resource that was moved or mutably borrowed and now differs from what
   * the state held (new bytes, or deleted), sorted by key.
   */
  List<ResourceChange> changes() {
    List<ResourceChange> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (!s.touched) {
        continue;
      }
      Object v = s.cell[0];
      if (v == null) {
        if (s.original != null) {
          out.add(new ResourceChange(s.key, null));
        }
      } else {
        byte[] bytes = Bcs.serialize(s.type, v);
        if (s.original == null || !Arrays.equals(bytes, s.original)) {
          out.add(new ResourceChange(s.key, bytes));
        }
      }
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }
}
