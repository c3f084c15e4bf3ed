package io.statecraft.verticle.peer.impl;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte strings the peer protocol signs (verticles/PEER-PROTOCOL.md) and the gRPC method of
 * a link. Public so that tests can play a hostile peer.
 */
public final class PeerProtocol {
  public static final int VERSION = 1;
  public static final int CHALLENGE_SIZE = 32;

  public static final byte[] DOMAIN_HANDSHAKE = tag("statecraft/peer/v1/handshake");
  public static final byte[] DOMAIN_LINK = tag("statecraft/peer/v1/link");
  public static final byte[] DOMAIN_FRAME = tag("statecraft/peer/v1/frame");
  public static final byte[] DOMAIN_MSG = tag("statecraft/peer/v1/msg");
  public static final byte[] DOMAIN_ACK = tag("statecraft/peer/v1/ack");

  public static final byte ROLE_DIALER = 1;
  public static final byte ROLE_ACCEPTOR = 2;

  public static final ServiceName SERVICE = ServiceName.create("statecraft.peer.v1", "PeerLink");
  /** Serialized PeerFrame both ways; the node parses frames itself to count malformed ones. */
  public static final ServiceMethod<Buffer, Buffer> SERVER_LINK =
      ServiceMethod.server(SERVICE, "Link", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  public static final ServiceMethod<Buffer, Buffer> CLIENT_LINK =
      ServiceMethod.client(SERVICE, "Link", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);

  private PeerProtocol() {}

  private static byte[] tag(String s) {
    byte[] t = s.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[t.length + 1]; // NUL-terminated: no tag is a prefix of another's input
    System.arraycopy(t, 0, out, 0, t.length);
    return out;
  }

  /** DOMAIN_HANDSHAKE || dialerKey || acceptorKey || dialerChallenge || acceptorChallenge. */
  public static byte[] transcript(byte[] dialerKey, byte[] acceptorKey, byte[] dialerChallenge, byte[] acceptorChallenge) {
    return concat(DOMAIN_HANDSHAKE, dialerKey, acceptorKey, dialerChallenge, acceptorChallenge);
  }

  /** What a side signs in its Auth: the transcript followed by its role byte. */
  public static byte[] authInput(byte[] transcript, byte role) {
    return concat(transcript, new byte[] {role});
  }

  /** SHA-256(DOMAIN_LINK || transcript): binds every frame signature to one link. */
  public static byte[] linkId(byte[] transcript) {
    return Hashes.sha256(DOMAIN_LINK, transcript);
  }

  /** DOMAIN_FRAME || linkId || body. */
  public static byte[] frameInput(byte[] linkId, byte[] body) {
    return concat(DOMAIN_FRAME, linkId, body);
  }

  /** DOMAIN_MSG || origin || destination || u64be(epoch) || u64be(seq) || u32be(len(type)) || type || payload. */
  public static byte[] messageInput(byte[] origin, byte[] destination, long epoch, long seq, String type, byte[] payload) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(DOMAIN_MSG.length + 64 + 8 + 8 + 4 + t.length + payload.length);
    b.put(DOMAIN_MSG).put(origin).put(destination).putLong(epoch).putLong(seq).putInt(t.length).put(t).put(payload);
    return b.array();
  }

  /** DOMAIN_ACK || from || to || u64be(fromEpoch) || u64be(epoch) || u64be(seq). */
  public static byte[] ackInput(byte[] from, byte[] to, long fromEpoch, long epoch, long seq) {
    ByteBuffer b = ByteBuffer.allocate(DOMAIN_ACK.length + 64 + 24);
    b.put(DOMAIN_ACK).put(from).put(to).putLong(fromEpoch).putLong(epoch).putLong(seq);
    return b.array();
  }

  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** {@code 0x}-hex lower case, the form peers are named by. */
  public static String keyName(byte[] key) {
    return "0x" + Hex.encode(key);
  }

  /** Normalizes a node key given with or without 0x, any case; throws on a malformed key. */
  public static String normalizeKey(String key) {
    byte[] b = keyBytes(key);
    return keyName(b);
  }

  public static byte[] keyBytes(String key) {
    byte[] b = Hex.decode(key);
    if (b.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("a node key is 32 bytes: " + key);
    }
    return b;
  }
}
