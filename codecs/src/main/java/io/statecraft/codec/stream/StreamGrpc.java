package io.statecraft.codec.stream;

import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;

/**
 * The gRPC method of the stream API: {@code statecraft.stream.v1.StateChannelStream/Stream},
 * bidirectional streaming of {@link ClientMessage} / {@link ServerMessage}. Declared by hand
 * (the protobuf messages are generated) so the SDK needs no server classes.
 */
public final class StreamGrpc {
  public static final ServiceName SERVICE = ServiceName.create("statecraft.stream.v1", "StateChannelStream");

  /** For the node. */
  public static final ServiceMethod<ClientMessage, ServerMessage> SERVER_STREAM = ServiceMethod.server(
      SERVICE, "Stream", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ClientMessage.newBuilder()));

  /** For clients. */
  public static final ServiceMethod<ServerMessage, ClientMessage> CLIENT_STREAM = ServiceMethod.client(
      SERVICE, "Stream", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ServerMessage.newBuilder()));

  private StreamGrpc() {}
}
