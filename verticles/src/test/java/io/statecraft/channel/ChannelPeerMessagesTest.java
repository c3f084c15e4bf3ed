package io.statecraft.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.channel.impl.PeerMessages;
import io.statecraft.channel.testing.InMemoryPeerHub;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryHeader;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.verticle.peer.PeerNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChannelPeerMessagesTest {
  static final String CH = "0x" + "ab".repeat(32);

  static Entry entry(long h) {
    return Entry.sign(new EntryHeader(CH, h, Hash32.ZERO, 1, 1000 + h), new Transaction.Tick(h, 1000 + h), Effects.NONE,
        Hash32.sha256(new byte[] {1}), Ed25519.fromSeed(new byte[32]));
  }

  @Test
  void everyMessageRoundTrips() {
    List<PeerMessages.Msg> all = List.of(new PeerMessages.EntryMsg(CH, entry(1)),
        new PeerMessages.Ack(CH, 7, Hash32.sha256(new byte[] {2})), new PeerMessages.Verified(CH, 9),
        new PeerMessages.Call(CH, 42, new Transaction.Tick(1, 2).encode()),
        new PeerMessages.CallReply(CH, 42, true, 5, Hash32.sha256(new byte[] {3}), 0, null),
        new PeerMessages.CallReply(CH, 43, false, 0, null, 100006, "frozen"),
        new PeerMessages.SyncReq(CH, 3, 256), new PeerMessages.SyncResp(CH, 10, List.of(entry(3), entry(4))),
        new PeerMessages.Heartbeat(CH, 2, 10, 8), new PeerMessages.Punish(CH, 4, new byte[] {9, 9}));
    for (PeerMessages.Msg m : all) {
      Buffer b = PeerMessages.encode(m);
      PeerMessages.Msg back = PeerMessages.decode(PeerMessages.type(m), b);
      assertThat(PeerMessages.encode(back)).isEqualTo(b);
      assertThat(back.channelId()).isEqualTo(CH);
      assertThat(back.getClass()).isEqualTo(m.getClass());
    }
  }

  @Test
  void malformedPayloadsAreRefused() {
    Buffer ok = PeerMessages.encode(new PeerMessages.Ack(CH, 7, Hash32.ZERO));
    assertThatThrownBy(() -> PeerMessages.decode(PeerMessages.ACK, ok.getBuffer(0, ok.length() - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerMessages.decode(PeerMessages.ACK, ok.copy().appendByte((byte) 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerMessages.decode("ch.nope", ok)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerMessages.decode(PeerMessages.VERIFIED, Buffer.buffer(new byte[] {2, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inMemoryNetworkDropsPartitionsAndTakesNodesDown() {
    Vertx vertx = Vertx.vertx();
    try {
      InMemoryPeerHub hub = new InMemoryPeerHub();
      PeerNetwork a = hub.join(vertx, "0xa");
      PeerNetwork b = hub.join(vertx, "0xb");
      List<String> got = new CopyOnWriteArrayList<>();
      ChannelCluster.await(vertx.getOrCreateContext().<Void>executeBlocking(() -> null));
      b.onMessage(m -> got.add(m.from() + ":" + m.type()));
      ChannelCluster.await(a.send("0xb", "t1", Buffer.buffer()));
      hub.dropWhen((f, t, y) -> y.equals("t2"));
      ChannelCluster.await(a.send("0xb", "t2", Buffer.buffer()));
      hub.dropWhen(null);
      hub.partition(java.util.Set.of("0xa"));
      assertThat(a.send("0xb", "t3", Buffer.buffer()).failed()).isTrue();
      hub.heal();
      hub.setDown("0xb", true);
      assertThat(a.send("0xb", "t4", Buffer.buffer()).failed()).isTrue();
      hub.setDown("0xb", false);
      ChannelCluster.await(a.send("0xb", "t5", Buffer.buffer()));
      ChannelCluster.eventually("two delivered", () -> got.size() == 2);
      assertThat(got).containsExactly("0xa:t1", "0xa:t5");
    } finally {
      ChannelCluster.await(vertx.close());
    }
  }
}
