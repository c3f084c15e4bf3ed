package io.statecraft.codec.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.statecraft.codec.stream.proto.CallPayload;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.Effects;
import io.statecraft.codec.stream.proto.Executed;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.statecraft.codec.stream.proto.SubscribePayload;
import io.statecraft.codec.stream.proto.WriteOp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StreamJsonTest {
  @Test
  void requestsRoundTripAndOmitDefaults() {
    ClientMessage m = ClientMessage.newBuilder().setId("a").setMember("0x01").setChannel("c").setNonce(5)
        .setSignature(ByteString.copyFrom(new byte[] {(byte) 0xAB}))
        .setCall(CallPayload.newBuilder().setFunction("0x1::m::f").addArgs(ByteString.copyFrom(new byte[] {1, 2}))
            .setLevel(ConfirmationLevel.EXECUTED))
        .build();
    JsonObject j = StreamJson.requestToJson(m);
    assertThat(j.encode()).isEqualTo("{\"id\":\"a\",\"command\":\"state_channel.call\",\"member\":\"0x01\",\"channel\":\"c\","
        + "\"nonce\":5,\"payload\":{\"function\":\"0x1::m::f\",\"args\":[\"0102\"],\"level\":\"executed\"},\"signature\":\"ab\"}");
    assertThat(StreamJson.requestFromJson(j)).isEqualTo(m);
  }

  @Test
  void optionalZeroIsKept() {
    ClientMessage m = ClientMessage.newBuilder().setId("s").setSubscribe(SubscribePayload.newBuilder().setFromHeight(0)).build();
    assertThat(StreamJson.payloadToJson(m).encode()).isEqualTo("{\"fromHeight\":0}");
    assertThat(StreamJson.requestFromJson(StreamJson.requestToJson(m)).getSubscribe().hasFromHeight()).isTrue();
  }

  @Test
  void eventsRoundTrip() {
    ServerMessage m = ServerMessage.newBuilder().setId("x").setExecuted(Executed.newBuilder().setHeight(3)
        .setTxHash(ByteString.copyFrom(new byte[32]))
        .setEffects(Effects.newBuilder().setGasUsed(9).addWrites(WriteOp.newBuilder().setAddress("0x1").setType("0x1::a::B").setDeleted(true))))
        .build();
    JsonObject j = StreamJson.eventToJson(m);
    assertThat(j.getString("event")).isEqualTo("executed");
    assertThat(j.getJsonObject("data").getJsonObject("effects").getLong("gasUsed")).isEqualTo(9);
    assertThat(StreamJson.parseEvent(j.encode())).isEqualTo(m);
  }

  @Test
  void strictReading() {
    assertCode("{\"command\":\"state_channel.join\",\"nonce\":\"1\"}", StreamErrorCode.WRONG_TYPE);
    assertCode("{\"command\":\"state_channel.join\",\"nonce\":9007199254740992}", StreamErrorCode.MALFORMED_REQUEST);
    assertCode("{\"command\":\"nope\"}", StreamErrorCode.UNKNOWN_COMMAND);
    assertCode("{\"nonce\":1}", StreamErrorCode.UNKNOWN_COMMAND);
    assertCode("{\"command\":\"state_channel.join\",\"payload\":{\"x\":1}}", StreamErrorCode.MALFORMED_REQUEST);
    assertCode("{\"command\":\"state_channel.call\",\"payload\":{\"level\":\"final\"}}", StreamErrorCode.UNSUPPORTED_CONFIRMATION_LEVEL);
    assertCode("{\"command\":\"state_channel.call\",\"payload\":{\"args\":[\"0G\"]}}", StreamErrorCode.MALFORMED_REQUEST);
    assertCode("{\"command\":\"state_channel.call\",\"payload\":{\"args\":\"00\"}}", StreamErrorCode.WRONG_TYPE);
    assertCode("{\"command\":\"state_channel.call\",\"payload\":{\"typeArgs\":[null]}}", StreamErrorCode.WRONG_TYPE);
    assertCode("not json", StreamErrorCode.MALFORMED_REQUEST);
  }

  static void assertCode(String text, StreamErrorCode code) {
    assertThatThrownBy(() -> StreamJson.parseRequest(text)).isInstanceOfSatisfying(StreamException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }
}
