package io.statecraft.verticle.stream;

import static io.statecraft.verticle.stream.StreamTestSupport.CH;
import static io.statecraft.verticle.stream.StreamTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryCodec;
import io.statecraft.codec.stream.StreamErrorCode;
import io.statecraft.codec.stream.proto.CallPayload;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ClosePayload;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.JoinPayload;
import io.statecraft.codec.stream.proto.LeavePayload;
import io.statecraft.codec.stream.proto.QueryEntryPayload;
import io.statecraft.codec.stream.proto.QueryResourcesPayload;
import io.statecraft.codec.stream.proto.QueryStatePayload;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.statecraft.codec.stream.proto.UnsubscribePayload;
import io.statecraft.verticle.stream.StreamTestSupport.Member;
import io.statecraft.verticle.stream.StreamTestSupport.Node;
import io.statecraft.verticle.stream.StreamTestSupport.RawClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The commands and their failures, the same on both transports (subclasses pick one). */
@ExtendWith(VertxExtension.class)
abstract class StreamContractTest {
  Node node;
  final Member alice = new Member(1);
  final Member bob = new Member(2);
  final Member mallory = new Member(3);
  final List<RawClient> clients = new ArrayList<>();

  abstract RawClient connect(Node n);

  StreamOptions options() {
    StreamOptions o = StreamTestSupport.testOptions();
    o.memberRatePerSecond = 20;
    o.memberBurst = 60;
    return o;
  }

  RawClient client() {
    RawClient c = connect(node);
    clients.add(c);
    return c;
  }

  @BeforeEach
  void start(Vertx vertx) {
    node = new Node(vertx, options());
    node.fake.createChannel(CH, alice.address, bob.address);
  }

  @AfterEach
  void stop() {
    for (RawClient c : clients) c.close();
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static CallPayload.Builder incr(long by, ConfirmationLevel level) {
    return CallPayload.newBuilder().setFunction("0x1::counter::incr").addArgs(ByteString.copyFrom(u64(by))).setLevel(level);
  }

  @Test
  void joinReturnsTheSnapshot() {
    RawClient c = client();
    node.fake.tick(CH, 16);
    ServerMessage m = c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())));
    assertThat(m.hasSnapshot()).isTrue();
    assertThat(m.getSnapshot().getHeight()).isEqualTo(1);
    assertThat(m.getSnapshot().getStateRoot().size()).isEqualTo(32);
    assertThat(m.getSnapshot().getResourcesList()).hasSize(1);
  }

  @Test
  void joinOfAMissingChannelIs100001() {
    RawClient c = client();
    assertError(c.request(alice.sign("nope", b -> b.setJoin(JoinPayload.getDefaultInstance()))), 100001);
  }

  @Test
  void aNonMemberIsRefused() {
    RawClient c = client();
    assertError(c.request(mallory.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))),
        StreamErrorCode.NOT_A_MEMBER.code());
  }

  @ParameterizedTest
  @EnumSource(value = ConfirmationLevel.class, names = {"ACCEPTED", "EXECUTED", "VERIFIED", "SETTLED"})
  void aCallReportsEveryLevelUpToTheOneAskedFor(ConfirmationLevel level) {
    RawClient c = client();
    ClientMessage call = alice.sign(b -> b.setCall(incr(5, level)));
    c.send(call);
    ServerMessage accepted = c.next(m -> m.getId().equals(call.getId()));
    assertThat(accepted.hasAccepted()).as("%s", accepted).isTrue();
    assertThat(accepted.getAccepted().getHeight()).isEqualTo(1);
    assertThat(accepted.getAccepted().getTxHash().size()).isEqualTo(32);
    List<ServerMessage.EventCase> seen = new ArrayList<>(List.of(ServerMessage.EventCase.ACCEPTED));
    for (int i = ConfirmationLevel.ACCEPTED_VALUE; i < level.getNumber(); i++) {
      ServerMessage m = c.next(x -> x.getId().equals(call.getId()));
      seen.add(m.getEventCase());
      if (m.hasExecuted()) {
        assertThat(m.getExecuted().getEffects().getWritesList()).hasSize(1);
        assertThat(m.getExecuted().getEffects().getWrites(0).getValue().toByteArray()).isEqualTo(u64(5));
        assertThat(m.getExecuted().getEffects().getGasUsed()).isEqualTo(7);
      }
    }
    List<ServerMessage.EventCase> all = List.of(ServerMessage.EventCase.ACCEPTED, ServerMessage.EventCase.EXECUTED,
        ServerMessage.EventCase.VERIFIED, ServerMessage.EventCase.SETTLED);
    assertThat(seen).isEqualTo(all.subList(0, level.getNumber()));
    // Nothing more for this call: the next answer on the connection is the pong.
    ClientMessage ping = ClientMessage.newBuilder().setId("p").setPing(io.statecraft.codec.stream.proto.PingPayload.getDefaultInstance()).build();
    c.send(ping);
    if (level != ConfirmationLevel.SETTLED) {
      ServerMessage n = c.next(x -> !x.hasChange());
      assertThat(n.getId()).isEqualTo("p");
    }
  }

  @Test
  void abortAndOutOfGasAreReportedAfterAcceptance() {
    RawClient c = client();
    ClientMessage fail = alice.sign(b -> b.setCall(CallPayload.newBuilder().setFunction("0x1::counter::fail")
        .addArgs(ByteString.copyFrom(u64(42))).setLevel(ConfirmationLevel.EXECUTED)));
    c.send(fail);
    assertThat(c.next().hasAccepted()).isTrue();
    ServerMessage err = c.next();
    assertError(err, StreamErrorCode.ABORTED.code());
    assertThat(err.getError().getAbortCode()).isEqualTo(42);
    assertThat(err.getError().getAbortModule()).isEqualTo("0x1::counter");
    ClientMessage spin = alice.sign(b -> b.setCall(CallPayload.newBuilder().setFunction("0x1::counter::spin")
        .setLevel(ConfirmationLevel.VERIFIED)));
    c.send(spin);
    assertThat(c.next().hasAccepted()).isTrue();
    assertError(c.next(), StreamErrorCode.OUT_OF_GAS.code());
  }

  @Test
  void frozenChannelAndUnreachableLeader() {
    RawClient c = client();
    node.fake.freeze(CH, true);
    ServerMessage m = c.request(alice.sign(b -> b.setCall(incr(1, ConfirmationLevel.ACCEPTED))));
    assertError(m, StreamErrorCode.CHANNEL_FROZEN.code());
    node.fake.freeze(CH, false);
    node.fake.leaderDown(CH, true);
    m = c.request(alice.sign(b -> b.setCall(incr(1, ConfirmationLevel.ACCEPTED))));
    assertError(m, StreamErrorCode.LEADER_UNREACHABLE.code());
    assertThat(m.getError().getRetriable()).isTrue();
  }

  @Test
  void subscribeGivesSnapshotThenEveryChangeAndResumesWithoutGapOrDuplicate() {
    node.fake.tick(CH, 8);
    RawClient c = client();
    ClientMessage sub = alice.sign(b -> b.setSubscribe(SubscribePayload.getDefaultInstance()));
    ServerMessage snap = c.request(sub);
    assertThat(snap.hasSnapshot()).isTrue();
    assertThat(snap.getSnapshot().getHeight()).isEqualTo(1);
    for (int i = 0; i < 5; i++) node.fake.tick(CH, 8);
    long last = 1;
    for (int i = 0; i < 5; i++) {
      ServerMessage ch = c.next(m -> m.getId().equals(sub.getId()));
      assertThat(ch.getChange().getHeight()).isEqualTo(last + 1);
      assertThat(ch.getChange().getKind()).isEqualTo("tick");
      last = ch.getChange().getHeight();
    }
    c.close();
    clients.remove(c);
    for (int i = 0; i < 4; i++) node.fake.tick(CH, 8); // missed while away
    RawClient c2 = client();
    long from = last;
    ClientMessage resume = alice.sign(b -> b.setSubscribe(SubscribePayload.newBuilder().setFromHeight(from)));
    c2.send(resume);
    node.fake.tick(CH, 8);
    for (long h = from + 1; h <= from + 5; h++) {
      ServerMessage ch = c2.next(m -> m.getId().equals(resume.getId()));
      assertThat(ch.hasChange()).as("%s", ch).isTrue();
      assertThat(ch.getChange().getHeight()).isEqualTo(h);
    }
    // Unsubscribe: no change follows.
    ServerMessage ok = c2.request(alice.sign(b -> b.setUnsubscribe(UnsubscribePayload.newBuilder().setSubscription(resume.getId()))));
    assertThat(ok.hasOk()).isTrue();
    assertThat(node.fake.subscriberCount(CH)).isZero();
  }

  @Test
  void resumingBelowThePrunedHistoryAsksForASnapshot() {
    for (int i = 0; i < 10; i++) node.fake.tick(CH, 8);
    node.fake.prune(CH, 6);
    RawClient c = client();
    assertError(c.request(alice.sign(b -> b.setSubscribe(SubscribePayload.newBuilder().setFromHeight(3)))),
        StreamErrorCode.HEIGHT_PRUNED.code());
    assertError(c.request(alice.sign(b -> b.setSubscribe(SubscribePayload.newBuilder().setFromHeight(99)))),
        StreamErrorCode.HEIGHT_NOT_REACHED.code());
    ClientMessage ok = alice.sign(b -> b.setSubscribe(SubscribePayload.newBuilder().setFromHeight(5)));
    c.send(ok);
    assertThat(c.next(m -> m.getId().equals(ok.getId())).getChange().getHeight()).isEqualTo(6);
  }

  @Test
  void queriesAnswerStateEntriesAndResources() throws Exception {
    RawClient c = client();
    c.send(alice.sign(b -> b.setCall(incr(3, ConfirmationLevel.ACCEPTED))));
    c.next();
    node.fake.tick(CH, 8);
    ServerMessage latest = c.request(alice.sign(b -> b.setQueryState(QueryStatePayload.getDefaultInstance())));
    assertThat(latest.getSnapshot().getHeight()).isEqualTo(2);
    ServerMessage at1 = c.request(alice.sign(b -> b.setQueryState(QueryStatePayload.newBuilder().setHeight(1))));
    assertThat(at1.getSnapshot().getHeight()).isEqualTo(1);
    assertThat(at1.getSnapshot().getResourcesList()).hasSize(1);
    ServerMessage e = c.request(alice.sign(b -> b.setQueryEntry(QueryEntryPayload.newBuilder().setHeight(1))));
    assertThat(e.getEntry().getKind()).isEqualTo("call");
    Entry decoded = EntryCodec.decodeEntry(e.getEntry().getEncoded().toByteArray());
    assertThat(decoded.height()).isEqualTo(1);
    assertThat(decoded.txHash().toByteArray()).isEqualTo(e.getEntry().getTxHash().toByteArray());
    ServerMessage r = c.request(alice.sign(b -> b.setQueryResources(QueryResourcesPayload.newBuilder().setAddress(alice.hex()))));
    assertThat(r.getResources().getResourcesList()).singleElement()
        .satisfies(x -> assertThat(x.getType()).isEqualTo("0x1::counter::Counter"));
    assertError(c.request(alice.sign(b -> b.setQueryEntry(QueryEntryPayload.newBuilder().setHeight(50)))),
        StreamErrorCode.HEIGHT_NOT_REACHED.code());
  }

  @Test
  void leaveThenCloseEndTheSubscriptions() {
    RawClient a = client();
    RawClient b = client();
    ClientMessage bsub = bob.sign(x -> x.setSubscribe(SubscribePayload.getDefaultInstance()));
    assertThat(b.request(bsub).hasSnapshot()).isTrue();
    ServerMessage left = a.request(alice.sign(x -> x.setLeave(LeavePayload.getDefaultInstance())));
    assertThat(left.getOk().getHeight()).isEqualTo(1);
    assertError(a.request(alice.sign(x -> x.setJoin(JoinPayload.getDefaultInstance()))), StreamErrorCode.NOT_A_MEMBER.code());
    assertThat(b.next(m -> m.getId().equals(bsub.getId())).getChange().getKind()).isEqualTo("leave");
    ServerMessage closed = b.request(bob.sign(x -> x.setClose(ClosePayload.getDefaultInstance())));
    assertThat(closed.hasOk()).isTrue();
    ServerMessage end = b.next(m -> m.getId().equals(bsub.getId()) && m.hasError());
    assertError(end, 100001);
    assertError(b.request(bob.sign(x -> x.setJoin(JoinPayload.getDefaultInstance()))), 100001);
  }

  @Test
  void badSignaturesAreRefused() {
    RawClient c = client();
    ClientMessage good = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()));
    byte[] sig = good.getSignature().toByteArray();
    sig[5] ^= 1;
    assertError(c.request(good.toBuilder().setSignature(ByteString.copyFrom(sig)).build()), StreamErrorCode.BAD_SIGNATURE.code());
    // Signed by bob but claiming to be alice.
    ClientMessage forged = bob.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toBuilder().setMember(alice.hex()).build();
    assertError(c.request(forged), StreamErrorCode.BAD_SIGNATURE.code());
    // A signed call whose level was not signed still verifies; a changed argument does not.
    ClientMessage call = alice.sign(b -> b.setCall(incr(1, ConfirmationLevel.ACCEPTED)));
    ClientMessage tampered = call.toBuilder().setCall(incr(1000, ConfirmationLevel.ACCEPTED)).build();
    assertError(c.request(tampered), StreamErrorCode.BAD_SIGNATURE.code());
  }

  @Test
  void replayedAndTooOldNoncesAreRefused() {
    RawClient c = client();
    ClientMessage join = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()));
    assertThat(c.request(join).hasSnapshot()).isTrue();
    assertError(c.request(join.toBuilder().setId("again").build()), StreamErrorCode.REPLAYED_NONCE.code());
    // A replay on another connection is refused too.
    RawClient other = client();
    assertError(other.request(join.toBuilder().setId("x").build()), StreamErrorCode.REPLAYED_NONCE.code());
    // Out of order but inside the window: fine once.
    alice.nonce.addAndGet(5000);
    assertThat(c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
    alice.nonce.addAndGet(-10);
    assertThat(c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
    alice.nonce.addAndGet(-3000);
    assertError(c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))), StreamErrorCode.NONCE_TOO_OLD.code());
  }

  @Test
  void aRequestWithoutCommandIsUnknown() {
    RawClient c = client();
    ClientMessage m = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toBuilder().clearPayload().build();
    assertError(c.request(m), StreamErrorCode.UNKNOWN_COMMAND.code());
  }

  @Test
  void malformedEnvelopesAreRefused() {
    RawClient c = client();
    ClientMessage noId = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toBuilder().setId("").build();
    c.send(noId);
    assertError(c.next(), StreamErrorCode.MALFORMED_REQUEST.code());
    ClientMessage shortSig = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toBuilder()
        .setSignature(ByteString.copyFrom(new byte[10])).build();
    assertError(c.request(shortSig), StreamErrorCode.MALFORMED_REQUEST.code());
    ClientMessage badFn = alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())).toBuilder()
        .setCall(CallPayload.newBuilder().setFunction("not a function")).build();
    assertError(c.request(badFn), StreamErrorCode.MALFORMED_REQUEST.code());
  }

  @Test
  void aFloodIsRateLimitedAndTheConnectionSurvives() {
    RawClient c = client();
    int n = 300; // 60 burst + 20/s per member
    for (int i = 0; i < n; i++) c.send(alice.sign(b -> b.setQueryState(QueryStatePayload.getDefaultInstance())));
    int limited = 0;
    for (int i = 0; i < n; i++) {
      ServerMessage m = c.next();
      if (m.hasError()) {
        assertThat(m.getError().getCode()).isEqualTo(StreamErrorCode.RATE_LIMITED.code());
        assertThat(m.getError().getRetriable()).isTrue();
        limited++;
      }
    }
    assertThat(limited).isGreaterThanOrEqualTo(100);
    assertThat(node.counter("statecraft.stream.errors", "code", "RATE_LIMITED")).isEqualTo(limited);
    // Another member on the same node is not affected by alice's member bucket.
    RawClient other = client();
    assertThat(other.request(bob.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
  }

  @Test
  void metricsCountConnectionsMessagesAndErrors() {
    RawClient c = client();
    c.request(alice.sign(b -> b.setJoin(JoinPayload.getDefaultInstance())));
    assertError(c.request(mallory.sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))), StreamErrorCode.NOT_A_MEMBER.code());
    String t = this instanceof GrpcStreamTest ? "grpc" : "websocket";
    assertThat(node.gauge("statecraft.stream.connections", t)).isEqualTo(1);
    assertThat(node.counter("statecraft.stream.messages.in", "transport", t)).isEqualTo(2);
    assertThat(node.counter("statecraft.stream.messages.out", "transport", t)).isEqualTo(2);
    assertThat(node.counter("statecraft.stream.errors", "code", "NOT_A_MEMBER")).isEqualTo(1);
  }
}
