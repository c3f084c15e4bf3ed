package io.statecraft.chain.rpc;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the devchain's JSON-RPC server. Defaults suit a devchain on one machine: bind
 * loopback only; a node that must reach a devchain on another host sets the host explicitly.
 */
public final class JsonRpcServerOptions {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8645;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_BATCH_SIZE = 100;
  public static final int DEFAULT_MAX_EVENTS_PER_CALL = 1000;
  public static final int DEFAULT_MAX_QUEUED_NOTIFICATIONS = 10_000;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 16;
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 256;
  public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
  private int maxEventsPerCall = DEFAULT_MAX_EVENTS_PER_CALL;
  private int maxQueuedNotifications = DEFAULT_MAX_QUEUED_NOTIFICATIONS;
  private int maxSubscriptionsPerConnection = DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION;
  private int maxInFlightPerConnection = DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION;
  private long bodyTimeoutMillis = DEFAULT_BODY_TIMEOUT_MILLIS;

  public JsonRpcServerOptions() {}

  public JsonRpcServerOptions(JsonObject json) {
    host = json.getString("host", host);
    port = json.getInteger("port", port);
    maxBodyBytes = json.getInteger("maxBodyBytes", maxBodyBytes);
    maxBatchSize = json.getInteger("maxBatchSize", maxBatchSize);
    maxEventsPerCall = json.getInteger("maxEventsPerCall", maxEventsPerCall);
    maxQueuedNotifications = json.getInteger("maxQueuedNotifications", maxQueuedNotifications);
    maxSubscriptionsPerConnection = json.getInteger("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection);
    maxInFlightPerConnection = json.getInteger("maxInFlightPerConnection", maxInFlightPerConnection);
    bodyTimeoutMillis = json.getLong("bodyTimeoutMillis", bodyTimeoutMillis);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("host", host)
        .put("port", port)
        .put("maxBodyBytes", maxBodyBytes)
        .put("maxBatchSize", maxBatchSize)
        .put("maxEventsPerCall", maxEventsPerCall)
        .put("maxQueuedNotifications", maxQueuedNotifications)
        .put("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection)
        .put("maxInFlightPerConnection", maxInFlightPerConnection)
        .put("bodyTimeoutMillis", bodyTimeoutMillis);
  }

  public String getHost() {
    return host;
  }

  /** The interface to bind; default {@value #DEFAULT_HOST}. */
  public JsonRpcServerOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** The port to bind; 0 picks a free one (read it back from the verticle). */
  public JsonRpcServerOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int getMaxBodyBytes() {
    return maxBodyBytes;
  }

  /** Largest HTTP body or WebSocket message accepted; larger HTTP bodies get 413. */
  public JsonRpcServerOptions setMaxBodyBytes(int maxBodyBytes) {
    this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
    return this;
  }

  public int getMaxBatchSize() {
    return maxBatchSize;
  }

  public JsonRpcServerOptions setMaxBatchSize(int maxBatchSize) {
    this.maxBatchSize = positive(maxBatchSize, "maxBatchSize");
    return this;
  }

  public int getMaxEventsPerCall() {
    return maxEventsPerCall;
  }

  /** Upper bound (and default) of {@code chain_events}' limit. */
  public JsonRpcServerOptions setMaxEventsPerCall(int maxEventsPerCall) {
    this.maxEventsPerCall = positive(maxEventsPerCall, "maxEventsPerCall");
    return this;
  }

  public int getMaxQueuedNotifications() {
    return maxQueuedNotifications;
  }

  /**
   * Notifications a WebSocket connection may hold back while its socket is not writable;
   * one more and the subscriber is told it is too slow and disconnected.
   */
  public JsonRpcServerOptions setMaxQueuedNotifications(int maxQueuedNotifications) {
    this.maxQueuedNotifications = positive(maxQueuedNotifications, "maxQueuedNotifications");
    return this;
  }

  public int getMaxSubscriptionsPerConnection() {
    return maxSubscriptionsPerConnection;
  }

  public JsonRpcServerOptions setMaxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
    this.maxSubscriptionsPerConnection = positive(maxSubscriptionsPerConnection, "maxSubscriptionsPerConnection");
    return this;
  }

  public int getMaxInFlightPerConnection() {
    return maxInFlightPerConnection;
  }

  /** Requests one WebSocket connection may have running; beyond it the server stops reading. */
  public JsonRpcServerOptions setMaxInFlightPerConnection(int maxInFlightPerConnection) {
    this.maxInFlightPerConnection = positive(maxInFlightPerConnection, "maxInFlightPerConnection");
    return this;
  }

  public long getBodyTimeoutMillis() {
    return bodyTimeoutMillis;
  }

  /**
   * How long an HTTP request body may take to arrive; a client that starts a request and then
   * trickles (or stops) is answered 408 and disconnected, so it cannot hold a connection.
   */
  public JsonRpcServerOptions setBodyTimeoutMillis(long bodyTimeoutMillis) {
    if (bodyTimeoutMillis <= 0) throw new IllegalArgumentException("bodyTimeoutMillis must be positive");
    this.bodyTimeoutMillis = bodyTimeoutMillis;
    return this;
  }

  private static int positive(int v, String name) {
    if (v <= 0) throw new IllegalArgumentException(name + " must be positive");
    return v;
  }
}
