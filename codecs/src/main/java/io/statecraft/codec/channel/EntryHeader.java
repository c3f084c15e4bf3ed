package io.statecraft.codec.channel;

import java.nio.charset.StandardCharsets;

/**
 * The ordering fields of an entry. BCS: version u8 (= {@link EntryCodec#FORMAT_VERSION}) ‖
 * channelId (ULEB128 length + UTF-8, 1..{@value #MAX_CHANNEL_ID_BYTES} bytes) ‖ height u64 ‖
 * prevHash (32) ‖ term u64 ‖ timestampMs u64. Integers are u64 on the wire with the top bit
 * clear (they are Java longs ≥ 0).
 *
 * @param height 1 for the first entry, then consecutive
 * @param prevHash the entry hash of height − 1; for height 1 the channel's genesis hash
 *     ({@link Hash32#ZERO} if its init state defines none)
 * @param term the Leader term granted by the chain
 * @param timestampMs the Leader's clock when it sequenced the entry, ms since the epoch
 */
public record EntryHeader(String channelId, long height, Hash32 prevHash, long term, long timestampMs) {
  public static final int MAX_CHANNEL_ID_BYTES = 128;

  public EntryHeader {
    requireChannelId(channelId);
    if (height < 1) throw new IllegalArgumentException("height starts at 1");
    if (prevHash == null) throw new IllegalArgumentException("prevHash is null");
    if (term < 0 || timestampMs < 0) throw new IllegalArgumentException("term and timestamp must be in 0..2^63-1");
  }

  static String requireChannelId(String channelId) {
    if (channelId == null) throw new IllegalArgumentException("channel id is null");
    int n = channelId.getBytes(StandardCharsets.UTF_8).length;
    if (n == 0 || n > MAX_CHANNEL_ID_BYTES) {
      throw new IllegalArgumentException("channel id must be 1.." + MAX_CHANNEL_ID_BYTES + " UTF-8 bytes");
    }
    return channelId;
  }

  void write(BcsWriter w) {
    w.u8(EntryCodec.FORMAT_VERSION).string(channelId).u64(height).fixed(prevHash.unsafeArray()).u64(term).u64(timestampMs);
  }

  static EntryHeader read(BcsReader r) throws MalformedEntryException {
    int at = r.position();
    int version = r.u8();
    if (version != EntryCodec.FORMAT_VERSION) {
      throw new MalformedEntryException("unknown entry format version " + version, at);
    }
    at = r.position();
    String channelId = r.string("channel id", MAX_CHANNEL_ID_BYTES);
    if (channelId.isEmpty()) throw new MalformedEntryException("empty channel id", at);
    at = r.position();
    long height = r.u63("height");
    if (height < 1) throw new MalformedEntryException("height 0", at);
    Hash32 prev = Hash32.of(r.fixed(Hash32.SIZE, "prevHash"));
    long term = r.u63("term");
    long ts = r.u63("timestamp");
    return new EntryHeader(channelId, height, prev, term, ts);
  }

  public byte[] encode() {
    BcsWriter w = new BcsWriter(96);
    write(w);
    return w.toByteArray();
  }
}
