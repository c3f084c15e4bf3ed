package io.statecraft.codec.stream;

import com.google.protobuf.ByteString;
import io.statecraft.codec.CanonicalJson;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.channel.TypeTag;
import io.statecraft.codec.stream.proto.CallPayload;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream request's signature covers (docs/PROTOCOL.md §Signing), identical for the
 * WebSocket and the gRPC form so that one signer serves both transports:
 *
 * <ul>
 *   <li>{@code state_channel.call}: the channel log's member-call signing bytes
 *       ({@link Transaction.Call#signingBytes}: {@code "statecraft/channel-call/v1\n"} ‖
 *       channel ‖ sender ‖ nonce ‖ BCS MoveCall), so the node can log the call exactly as the
 *       member signed it and every Follower can check it. The confirmation level is not signed:
 *       it only says how long this client waits.
 *   <li>every other command: {@value #DOMAIN_TEXT} (ASCII, ending in a newline) followed by the
 *       RFC 8785 canonical JSON of {@code {"channel","command","member","nonce","payload"}}, the
 *       payload in its normalized JSON form ({@link StreamJson#payloadToJson}).
 * </ul>
 *
 * <p>The member address is {@code 0x} + 64 lower-case hex digits and IS the member's Ed25519
 * public key (the devchain's address scheme, {@link Address}).
 */
public final class RequestSigning {
  public static final String DOMAIN_TEXT = "statecraft/stream-request/v1\n";
  private static final byte[] DOMAIN = DOMAIN_TEXT.getBytes(StandardCharsets.US_ASCII);

  private RequestSigning() {}

  /** The bytes the request's signature covers. Throws MALFORMED_REQUEST for a bad call payload. */
  public static byte[] signingBytes(ClientMessage m) {
    if (m.getPayloadCase() == ClientMessage.PayloadCase.CALL) {
      Address sender = parseMember(m.getMember());
      try {
        return Transaction.Call.signingBytes(m.getChannel(), sender, m.getNonce(), toMoveCall(m.getCall()));
      } catch (IllegalArgumentException e) {
        throw new StreamException(StreamErrorCode.MALFORMED_REQUEST, e.getMessage());
      }
    }
    JsonObject signed = new JsonObject()
        .put("channel", m.getChannel())
        .put("command", Commands.nameOf(m.getPayloadCase()))
        .put("member", m.getMember())
        .put("nonce", m.getNonce())
        .put("payload", StreamJson.payloadToJson(m));
    byte[] json = CanonicalJson.bytes(signed);
    byte[] out = new byte[DOMAIN.length + json.length];
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(json, 0, out, DOMAIN.length, json.length);
    return out;
  }

  /** The member's key signs the request; the member field is set to the key's address. */
  public static ClientMessage sign(Ed25519.KeyPair key, ClientMessage unsigned) {
    ClientMessage withMember = unsigned.toBuilder().setMember(addressOf(key.publicKey())).clearSignature().build();
    byte[] sig = key.sign(signingBytes(withMember));
    return withMember.toBuilder().setSignature(ByteString.copyFrom(sig)).build();
  }

  /** True if the signature verifies against the member address read as a public key. Never throws. */
  public static boolean verify(ClientMessage m) {
    try {
      byte[] pk = parseMember(m.getMember()).toByteArray();
      return Ed25519.verify(pk, signingBytes(m), m.getSignature().toByteArray());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The address of a member key: {@code 0x} + the 32-byte public key in lower-case hex. */
  public static String addressOf(byte[] publicKey) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) throw new IllegalArgumentException("a public key is 32 bytes");
    return "0x" + Hex.encode(publicKey);
  }

  /** True for the canonical member form {@code 0x} + 64 lower-case hex digits. */
  public static boolean isCanonicalAddress(String s) {
    if (s == null || s.length() != 66 || !s.startsWith("0x")) return false;
    for (int i = 2; i < 66; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  private static Address parseMember(String member) {
    if (!isCanonicalAddress(member)) {
      throw new StreamException(StreamErrorCode.MALFORMED_REQUEST, "member must be 0x and 64 lower-case hex digits");
    }
    return Address.parse(member);
  }

  /** The channel-log MoveCall of a call payload. Throws MALFORMED_REQUEST for bad text. */
  public static MoveCall toMoveCall(CallPayload p) {
    try {
      List<TypeTag> types = new ArrayList<>(p.getTypeArgsCount());
      for (String t : p.getTypeArgsList()) types.add(TypeTag.parse(t));
      List<Blob> args = new ArrayList<>(p.getArgsCount());
      for (ByteString a : p.getArgsList()) args.add(Blob.of(a.toByteArray()));
      return MoveCall.of(p.getFunction(), types, args);
    } catch (IllegalArgumentException e) {
      throw new StreamException(StreamErrorCode.MALFORMED_REQUEST, "bad call: " + e.getMessage());
    }
  }

  /** The log transaction of a signed call request (what the channel core sequences). */
  public static Transaction.Call toTransaction(ClientMessage m) {
    MoveCall call = toMoveCall(m.getCall());
    return new Transaction.Call(parseMember(m.getMember()), m.getNonce(), call, Blob.of(m.getSignature().toByteArray()));
  }
}
