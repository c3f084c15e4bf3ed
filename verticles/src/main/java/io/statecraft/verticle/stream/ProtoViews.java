package io.statecraft.verticle.stream;

import com.google.protobuf.ByteString;
import io.statecraft.codec.channel.AbortInfo;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Event;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.channel.WriteOp;
import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.proto.Change;
import io.statecraft.codec.stream.proto.LogEntry;
import io.statecraft.codec.stream.proto.MoveEvent;
import io.statecraft.codec.stream.proto.Resource;
import io.statecraft.codec.stream.proto.Resources;
import io.statecraft.codec.stream.proto.Snapshot;
import java.util.List;

/** The wire (protobuf) views of the gateway's values. */
final class ProtoViews {
  /** Move's OUT_OF_GAS status code (move-core-types StatusCode). */
  static final long STATUS_OUT_OF_GAS = 4002;

  private ProtoViews() {}

  static ByteString bytes(Hash32 h) {
    return h == null ? ByteString.EMPTY : ByteString.copyFrom(h.toByteArray());
  }

  static Snapshot snapshot(ChannelGateway.ChannelSnapshot s) {
    return Snapshot.newBuilder()
        .setHeight(s.height())
        .setStateRoot(bytes(s.stateRoot()))
        .addAllResources(resources(s.resources()))
        .build();
  }

  static Resources resources(ChannelGateway.MemberResources r) {
    return Resources.newBuilder()
        .setAddress(r.address().toHex())
        .setHeight(r.height())
        .addAllResources(resources(r.resources()))
        .build();
  }

  private static List<Resource> resources(List<ChannelGateway.ResourceValue> list) {
    return list.stream().map(v -> Resource.newBuilder()
        .setAddress(v.address().toHex())
        .setType(v.type().toString())
        .setValue(ByteString.copyFrom(v.value().toByteArray()))
        .build()).toList();
  }

  static io.statecraft.codec.stream.proto.Effects effects(Effects e) {
    io.statecraft.codec.stream.proto.Effects.Builder b = io.statecraft.codec.stream.proto.Effects.newBuilder();
    for (WriteOp w : e.writeSet()) {
      io.statecraft.codec.stream.proto.WriteOp.Builder wb = io.statecraft.codec.stream.proto.WriteOp.newBuilder()
          .setAddress(w.address().toHex())
          .setType(w.type().toString());
      if (w.isDeletion()) {
        wb.setDeleted(true);
      } else {
        wb.setValue(ByteString.copyFrom(w.value().toByteArray()));
      }
      b.addWrites(wb);
    }
    for (Event ev : e.events()) {
      b.addEvents(MoveEvent.newBuilder().setType(ev.type().toString()).setData(ByteString.copyFrom(ev.data().toByteArray())));
    }
    return b.setGasUsed(e.gasUsed()).build();
  }

  static Change change(ChannelGateway.VerifiedChange c) {
    return Change.newBuilder()
        .setHeight(c.height())
        .setKind(c.kind())
        .setTxHash(bytes(c.txHash()))
        .setStateRoot(bytes(c.stateRoot()))
        .setEffects(effects(c.effects()))
        .build();
  }

  static String kind(Transaction tx) {
    return switch (tx.tag()) {
      case Transaction.TAG_CALL -> "call";
      case Transaction.TAG_TICK -> "tick";
      case Transaction.TAG_JOIN -> "join";
      case Transaction.TAG_LEAVE -> "leave";
      case Transaction.TAG_CLOSE -> "close";
      default -> "batch";
    };
  }

  static LogEntry entry(Entry e) {
    return LogEntry.newBuilder()
        .setHeight(e.height())
        .setPrevHash(bytes(e.prevHash()))
        .setTerm(e.term())
        .setTimestamp(e.timestampMs())
        .setKind(kind(e.tx()))
        .setTxHash(bytes(e.txHash()))
        .setStateRoot(bytes(e.stateRoot()))
        .setEffects(effects(e.effects()))
        .setEncoded(ByteString.copyFrom(e.encode()))
        .build();
  }

  /** The error an aborted call's effects stand for. */
  static StreamException abortError(AbortInfo a) {
    if (a.statusCode() == STATUS_OUT_OF_GAS) {
      return new StreamException(StreamErrorCode.OUT_OF_GAS, "out of gas");
    }
    String module = a.location() == null ? "" : a.location().address().toShortString() + "::" + a.location().module();
    return StreamException.aborted(a.abortCode(), module);
  }
}
