package io.statecraft.codec.channel;

/** A Move event: its type and BCS data. BCS: TypeTag ‖ bytes. Events keep emission order. */
public record Event(TypeTag type, Blob data) {
  public Event {
    if (type == null || data == null) throw new IllegalArgumentException("type and data are required");
  }

  void write(BcsWriter w) {
    TypeTag.write(w, type);
    w.bytes(data.unsafeArray());
  }

  static Event read(BcsReader r) throws MalformedEntryException {
    TypeTag t = TypeTag.read(r, 0);
    return new Event(t, Blob.wrap(r.bytes("event data", Integer.MAX_VALUE)));
  }
}
