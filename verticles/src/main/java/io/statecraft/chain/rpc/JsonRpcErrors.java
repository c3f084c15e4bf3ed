package io.statecraft.chain.rpc;

/**
 * The JSON-RPC error codes the devchain server answers with that are not chain refusals.
 *
 * <p>A chain refusal (bad signature, bad nonce, a contract rule) is an error whose {@code code}
 * is the {@link io.statecraft.chain.ChainErrorCode} number (2000 and up) and whose {@code data}
 * is {@code {"name": <ChainErrorCode name>, "details": <ChainException data, if any>}}. Every
 * other failure uses one of the codes below, which lie in the range JSON-RPC 2.0 reserves, so
 * the two sets can never collide.
 */
public final class JsonRpcErrors {
  /** The body, or a WebSocket message, is not JSON. */
  public static final int PARSE_ERROR = -32700;
  /** JSON, but not a JSON-RPC 2.0 request (or an empty or oversized batch). */
  public static final int INVALID_REQUEST = -32600;
  /** No such method, or a WebSocket-only method called over HTTP. */
  public static final int METHOD_NOT_FOUND = -32601;
  /** A parameter is missing, of the wrong type or out of range. */
  public static final int INVALID_PARAMS = -32602;
  /** The server failed; the message says no more than that. */
  public static final int INTERNAL_ERROR = -32603;
  /** The request body (or WebSocket message) is larger than the server accepts (HTTP 413). */
  public static final int REQUEST_TOO_LARGE = -32001;
  /** A WebSocket subscriber fell too far behind and its connection is being closed. */
  public static final int SUBSCRIBER_TOO_SLOW = -32002;

  private JsonRpcErrors() {}
}
