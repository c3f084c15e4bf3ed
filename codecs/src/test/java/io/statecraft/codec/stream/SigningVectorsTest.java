package io.statecraft.codec.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/stream-signing-vectors.json: the TypeScript SDK's tests check the same file. */
class SigningVectorsTest {
  @Test
  void everyVectorSignsAndVerifies() throws Exception {
    JsonObject file = new JsonObject(Files.readString(Path.of("..", "docs", "stream-signing-vectors.json")));
    Ed25519.KeyPair kp = Ed25519.fromSeed(Hex.decode(file.getString("seed")));
    assertThat(Hex.encode(kp.publicKey())).isEqualTo(file.getString("publicKey"));
    assertThat(RequestSigning.addressOf(kp.publicKey())).isEqualTo(file.getString("member"));
    int n = 0;
    for (Object o : file.getJsonArray("vectors")) {
      JsonObject v = (JsonObject) o;
      ClientMessage unsigned = StreamJson.requestFromJson(v.getJsonObject("request"));
      assertThat(Hex.encode(RequestSigning.signingBytes(unsigned))).as(v.getString("name")).isEqualTo(v.getString("signingBytes"));
      ClientMessage signed = RequestSigning.sign(kp, unsigned);
      assertThat(Hex.encode(signed.getSignature().toByteArray())).as(v.getString("name")).isEqualTo(v.getString("signature"));
      assertThat(RequestSigning.verify(signed)).isTrue();
      // The gRPC form signs the same bytes: round trip through protobuf bytes.
      ClientMessage viaProto = ClientMessage.parseFrom(signed.toByteArray());
      assertThat(RequestSigning.verify(viaProto)).isTrue();
      byte[] sig = signed.getSignature().toByteArray();
      sig[0] ^= 1;
      assertThat(RequestSigning.verify(signed.toBuilder().setSignature(ByteString.copyFrom(sig)).build())).isFalse();
      n++;
    }
    assertThat(n).isEqualTo(5);
  }
}
