package io.statecraft.channel.impl;

import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MalformedEntryException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's peer messages and their binary encoding (CHANNEL-CORE.md §Peer messages).
 * Every payload starts with a version byte (1) and the channel id (u16 length + UTF-8);
 * integers are big-endian; byte strings are u32 length + bytes; hashes are 32 raw bytes.
 * Decoding is strict: a short, long or unknown payload throws {@link IllegalArgumentException}.
 */
public final class PeerMessages {
  public static final String ENTRY = "ch.entry";
  public static final String ACK = "ch.ack";
  public static final String VERIFIED = "ch.verified";
  public static final String CALL = "ch.call";
  public static final String CALL_REPLY = "ch.call.reply";
  public static final String SYNC_REQ = "ch.sync.req";
  public static final String SYNC_RESP = "ch.sync.resp";
  public static final String HEARTBEAT = "ch.hb";
  public static final String PUNISH = "ch.punish";

  private static final int VERSION = 1;
  public static final int MAX_SYNC_ENTRIES = 256;

  private PeerMessages() {}

  /** A decoded message; {@code channelId} is common to all. */
  public sealed interface Msg permits EntryMsg, Ack, Verified, Call, CallReply, SyncReq, SyncResp, Heartbeat, Punish {
    String channelId();
  }

  /** Leader → Follower: the next signed entry. */
  public record EntryMsg(String channelId, Entry entry) implements Msg {}

  /** Follower → Leader: I re-executed and logged the entry of this height and hash. */
  public record Ack(String channelId, long height, Hash32 entryHash) implements Msg {}

  /** Leader → Followers: 2/3 of members verified everything up to this height. */
  public record Verified(String channelId, long height) implements Msg {}

  /** Follower → Leader: a member's signed call (transaction encoding), to sequence. */
  public record Call(String channelId, long requestId, byte[] tx) implements Msg {}

  /** Leader → Follower: accepted at height with tx hash, or refused with a stream error code. */
  public record CallReply(String channelId, long requestId, boolean accepted, long height, Hash32 txHash, int errorCode,
      String message) implements Msg {}

  /** Any → any: send me your verified entries from this height. */
  public record SyncReq(String channelId, long fromHeight, int max) implements Msg {}

  /** The entries asked for (possibly none), and the responder's last height. */
  public record SyncResp(String channelId, long lastHeight, List<Entry> entries) implements Msg {}

  /** Liveness between Leader and Followers: sender's term view, last and verified heights. */
  public record Heartbeat(String channelId, long term, long lastHeight, long verifiedHeight) implements Msg {}

  /** Reporter → members: a punish proposal was filed with this evidence; re-execute and vote. */
  public record Punish(String channelId, long proposalId, byte[] evidence) implements Msg {}

  public static String type(Msg m) {
    if (m instanceof EntryMsg) return ENTRY;
    if (m instanceof Ack) return ACK;
    if (m instanceof Verified) return VERIFIED;
    if (m instanceof Call) return CALL;
    if (m instanceof CallReply) return CALL_REPLY;
    if (m instanceof SyncReq) return SYNC_REQ;
    if (m instanceof SyncResp) return SYNC_RESP;
    if (m instanceof Heartbeat) return HEARTBEAT;
    return PUNISH;
  }

  public static Buffer encode(Msg m) {
    Buffer b = Buffer.buffer();
    b.appendByte((byte) VERSION);
    byte[] ch = m.channelId().getBytes(StandardCharsets.UTF_8);
    b.appendUnsignedShort(ch.length).appendBytes(ch);
    if (m instanceof EntryMsg e) {
      bytes(b, e.entry().encode());
    } else if (m instanceof Ack a) {
      b.appendLong(a.height()).appendBytes(a.entryHash().toByteArray());
    } else if (m instanceof Verified v) {
      b.appendLong(v.height());
    } else if (m instanceof Call c) {
      b.appendLong(c.requestId());
      bytes(b, c.tx());
    } else if (m instanceof CallReply r) {
      b.appendLong(r.requestId()).appendByte((byte) (r.accepted() ? 1 : 0));
      if (r.accepted()) {
        b.appendLong(r.height()).appendBytes(r.txHash().toByteArray());
      } else {
        b.appendInt(r.errorCode());
        bytes(b, (r.message() == null ? "" : r.message()).getBytes(StandardCharsets.UTF_8));
      }
    } else if (m instanceof SyncReq s) {
      b.appendLong(s.fromHeight()).appendInt(s.max());
    } else if (m instanceof SyncResp s) {
      b.appendLong(s.lastHeight()).appendInt(s.entries().size());
      for (Entry e : s.entries()) bytes(b, e.encode());
    } else if (m instanceof Heartbeat h) {
      b.appendLong(h.term()).appendLong(h.lastHeight()).appendLong(h.verifiedHeight());
    } else if (m instanceof Punish p) {
      b.appendLong(p.proposalId());
      bytes(b, p.evidence());
    }
    return b;
  }

  public static Msg decode(String type, Buffer b) {
    Reader r = new Reader(b);
    if (r.u8() != VERSION) throw new IllegalArgumentException("unknown peer message version");
    String ch = new String(r.fixed(r.u16()), StandardCharsets.UTF_8);
    Msg m;
    switch (type) {
      case ENTRY -> m = new EntryMsg(ch, entry(r.bytes()));
      case ACK -> m = new Ack(ch, r.u63(), Hash32.of(r.fixed(32)));
      case VERIFIED -> m = new Verified(ch, r.u63());
      case CALL -> m = new Call(ch, r.i64(), r.bytes());
      case CALL_REPLY -> {
        long id = r.i64();
        boolean ok = r.u8() == 1;
        if (ok) {
          m = new CallReply(ch, id, true, r.u63(), Hash32.of(r.fixed(32)), 0, null);
        } else {
          m = new CallReply(ch, id, false, 0, null, r.i32(), new String(r.bytes(), StandardCharsets.UTF_8));
        }
      }
      case SYNC_REQ -> m = new SyncReq(ch, r.u63(), r.i32());
      case SYNC_RESP -> {
        long last = r.u63();
        int n = r.i32();
        if (n < 0 || n > MAX_SYNC_ENTRIES) throw new IllegalArgumentException("too many entries: " + n);
        List<Entry> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) es.add(entry(r.bytes()));
        m = new SyncResp(ch, last, es);
      }
      case HEARTBEAT -> m = new Heartbeat(ch, r.u63(), r.u63(), r.u63());
      case PUNISH -> m = new Punish(ch, r.i64(), r.bytes());
      default -> throw new IllegalArgumentException("unknown peer message type " + type);
    }
    if (r.pos != b.length()) throw new IllegalArgumentException("trailing bytes in " + type);
    return m;
  }

  private static Entry entry(byte[] bytes) {
    try {
      return Entry.decode(bytes);
    } catch (MalformedEntryException e) {
      throw new IllegalArgumentException("malformed entry: " + e.getMessage(), e);
    }
  }

  private static void bytes(Buffer b, byte[] v) {
    b.appendInt(v.length).appendBytes(v);
  }

  private static final class Reader {
    final Buffer b;
    int pos;

    Reader(Buffer b) {
      this.b = b;
    }

    void need(int n) {
      if (n < 0 || pos + n > b.length()) throw new IllegalArgumentException("truncated peer message");
    }

    int u8() {
      need(1);
      return b.getUnsignedByte(pos++);
    }

    int u16() {
      need(2);
      int v = b.getUnsignedShort(pos);
      pos += 2;
      return v;
    }

    int i32() {
      need(4);
      int v = b.getInt(pos);
      pos += 4;
      return v;
    }

    long i64() {
      need(8);
      long v = b.getLong(pos);
      pos += 8;
      return v;
    }

    long u63() {
      long v = i64();
      if (v < 0) throw new IllegalArgumentException("negative height");
      return v;
    }

    byte[] fixed(int n) {
      need(n);
      byte[] v = b.getBytes(pos, pos + n);
      pos += n;
      return v;
    }

    byte[] bytes() {
      return fixed(i32());
    }
  }
}
