package io.statecraft.codec.stream;

import io.statecraft.codec.stream.proto.ClientMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command names of the stream API and the {@code payload} case of {@link ClientMessage}
 * each one is in the gRPC form.
 */
public final class Commands {
  public static final String JOIN = "state_channel.join";
  public static final String CALL = "state_channel.call";
  public static final String SUBSCRIBE = "state_channel.subscribe";
  public static final String UNSUBSCRIBE = "state_channel.unsubscribe";
  public static final String LEAVE = "state_channel.leave";
  public static final String CLOSE = "state_channel.close";
  public static final String QUERY_STATE = "state_channel.query_state";
  public static final String QUERY_ENTRY = "state_channel.query_entry";
  public static final String QUERY_RESOURCES = "state_channel.query_resources";
  /** Keep-alive; the only command that needs no member, channel, nonce or signature. */
  public static final String PING = "ping";

  private static final Map<String, ClientMessage.PayloadCase> BY_NAME;
  private static final Map<ClientMessage.PayloadCase, String> BY_CASE;

  static {
    Map<String, ClientMessage.PayloadCase> m = new LinkedHashMap<>();
    m.put(JOIN, ClientMessage.PayloadCase.JOIN);
    m.put(CALL, ClientMessage.PayloadCase.CALL);
    m.put(SUBSCRIBE, ClientMessage.PayloadCase.SUBSCRIBE);
    m.put(UNSUBSCRIBE, ClientMessage.PayloadCase.UNSUBSCRIBE);
    m.put(LEAVE, ClientMessage.PayloadCase.LEAVE);
    m.put(CLOSE, ClientMessage.PayloadCase.CLOSE);
    m.put(QUERY_STATE, ClientMessage.PayloadCase.QUERY_STATE);
    m.put(QUERY_ENTRY, ClientMessage.PayloadCase.QUERY_ENTRY);
    m.put(QUERY_RESOURCES, ClientMessage.PayloadCase.QUERY_RESOURCES);
    m.put(PING, ClientMessage.PayloadCase.PING);
    BY_NAME = Collections.unmodifiableMap(m);
    Map<ClientMessage.PayloadCase, String> r = new LinkedHashMap<>();
    m.forEach((k, v) -> r.put(v, k));
    BY_CASE = Collections.unmodifiableMap(r);
  }

  private Commands() {}

  /** Every command name, in protocol order. */
  public static Map<String, ClientMessage.PayloadCase> all() {
    return BY_NAME;
  }

  public static ClientMessage.PayloadCase caseOf(String command) {
    return BY_NAME.get(command);
  }

  /** The command of a payload case, or null for PAYLOAD_NOT_SET. */
  public static String nameOf(ClientMessage.PayloadCase c) {
    return BY_CASE.get(c);
  }
}
