package io.statecraft.sdk;

/** Where and how a {@link StateChannelClient} connects. */
public final class ClientOptions {
  public enum Transport { WEBSOCKET, GRPC }

  public Transport transport = Transport.WEBSOCKET;
  public String host = "127.0.0.1";
  public int port = 7443;
  public String path = "/stream/v1";
  /** TLS; trust the PEM certificate(s) in {@link #trustPem}, or the JVM's default trust store when null. */
  public boolean tls;
  public String trustPem;
  /** Each request fails with a retriable error if unanswered this long. */
  public long requestTimeoutMs = 30_000;
  /** Reconnect after a lost connection (not after {@link StateChannelClient#close()}). */
  public boolean reconnect = true;
  public long reconnectDelayMs = 200;
  public long maxReconnectDelayMs = 5_000;
  /**
   * Send a {@code ping} when nothing was sent for this long (0 = never), so the node's idle
   * timeout (60 s by default) never closes a quiet gRPC stream; WebSocket pongs count too.
   */
  public long keepAliveMs = 20_000;
  /** Give up after this many failed attempts in a row (0 = never). */
  public int maxReconnectAttempts = 0;

  public ClientOptions transport(Transport t) {
    this.transport = t;
    return this;
  }

  public ClientOptions host(String h) {
    this.host = h;
    return this;
  }

  public ClientOptions port(int p) {
    this.port = p;
    return this;
  }
}
