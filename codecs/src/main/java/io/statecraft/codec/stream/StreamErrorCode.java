package io.statecraft.codec.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * The one error table of the client stream API (SPEC §8; docs/PROTOCOL.md §Errors). The
 * numbers are part of the wire protocol and never change meaning; {@code 100001} is the seed's
 * (seed 000 §2.2.1). {@link #retriable()} tells a client whether sending the same request
 * again later (with a fresh nonce) may succeed.
 */
public enum StreamErrorCode {
  CHANNEL_NOT_FOUND(100001, false, "channel does not exist"),
  NOT_A_MEMBER(100002, false, "the address is not a member of the channel (or has left it)"),
  BAD_SIGNATURE(100003, false, "the signature does not verify against the member key"),
  REPLAYED_NONCE(100004, false, "the nonce was already used by this member in this channel"),
  NONCE_TOO_OLD(100005, false, "the nonce is below the member's sliding nonce window"),
  CHANNEL_FROZEN(100006, true, "the channel is frozen for writes while a dispute is resolved"),
  LEADER_UNREACHABLE(100007, true, "the Leader cannot be reached or is being elected"),
  OUT_OF_GAS(100008, false, "the call ran out of gas"),
  ABORTED(100009, false, "the call aborted with code abortCode in module abortModule"),
  MALFORMED_REQUEST(100010, false, "not valid JSON/protobuf, a missing or unknown field, bad hex, a value out of range"),
  UNKNOWN_COMMAND(100011, false, "the command is not one of the stream API's"),
  WRONG_TYPE(100012, false, "a field has the wrong JSON type"),
  FRAME_TOO_LARGE(100013, false, "the message exceeds the node's maximum frame size"),
  RATE_LIMITED(100014, true, "too many requests on this connection or for this member"),
  SLOW_CONSUMER(100015, true, "the client fell behind its stream and was cut off or resynced"),
  IDLE_TIMEOUT(100016, true, "nothing was received from the client within the idle timeout"),
  UNSUPPORTED_CONFIRMATION_LEVEL(100017, false, "the confirmation level is unknown or not offered"),
  HEIGHT_PRUNED(100018, false, "the height is before the retained history: resync from a snapshot"),
  HEIGHT_NOT_REACHED(100019, true, "the height is beyond the latest verified height"),
  INTERNAL_ERROR(100020, true, "the node failed unexpectedly");

  private static final Map<Integer, StreamErrorCode> BY_CODE = new HashMap<>();

  static {
    for (StreamErrorCode c : values()) {
      BY_CODE.put(c.code, c);
    }
  }

  private final int code;
  private final boolean retriable;
  private final String meaning;

  StreamErrorCode(int code, boolean retriable, String meaning) {
    this.code = code;
    this.retriable = retriable;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public boolean retriable() {
    return retriable;
  }

  public String meaning() {
    return meaning;
  }

  /** The code of a number, or {@link #INTERNAL_ERROR} for a number this version does not know. */
  public static StreamErrorCode of(int code) {
    return BY_CODE.getOrDefault(code, INTERNAL_ERROR);
  }

  public static boolean isKnown(int code) {
    return BY_CODE.containsKey(code);
  }
}
