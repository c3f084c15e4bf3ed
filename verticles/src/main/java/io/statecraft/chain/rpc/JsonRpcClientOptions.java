package io.statecraft.chain.rpc;

import java.net.URI;

/** Where a {@link JsonRpcChainClient} finds the devchain, and how patient it is. */
public final class JsonRpcClientOptions {
  private String host = JsonRpcServerOptions.DEFAULT_HOST;
  private int port = JsonRpcServerOptions.DEFAULT_PORT;
  private long requestTimeoutMillis = 60_000;
  private int maxConnections = 32;
  private long reconnectDelayMillis = 100;
  private long maxReconnectDelayMillis = 5_000;
  private int maxMessageBytes = 16 * 1024 * 1024;
  private boolean http2 = true;
  private boolean ssl;

  public JsonRpcClientOptions() {}

  /**
   * Options for {@code http://host[:port]} or {@code https://host[:port]} (TLS, for a devchain
   * behind a TLS-terminating proxy). Without a port, {@value JsonRpcServerOptions#DEFAULT_PORT}
   * for http and 443 for https. Any path is ignored: the client uses /rpc and /rpc/ws.
   */
  public static JsonRpcClientOptions fromUrl(String url) {
    URI uri = URI.create(url);
    if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("expected an http or https URL: " + url);
    }
    JsonRpcClientOptions o = new JsonRpcClientOptions().setHost(uri.getHost()).setSsl(scheme.equals("https"));
    if (uri.getPort() > 0) {
      o.setPort(uri.getPort());
    } else if (o.isSsl()) {
      o.setPort(443);
    }
    return o;
  }

  public String getHost() {
    return host;
  }

  public JsonRpcClientOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public JsonRpcClientOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public long getRequestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  /**
   * How long a call may take before it fails; {@code chain_submit} waits for a block, so this
   * must exceed the block interval with room to spare.
   */
  public JsonRpcClientOptions setRequestTimeoutMillis(long requestTimeoutMillis) {
    this.requestTimeoutMillis = requestTimeoutMillis;
    return this;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  /**
   * HTTP connections kept to the server. Each submit holds one until its block commits, so
   * this bounds how many transactions one client can have waiting at once.
   */
  public JsonRpcClientOptions setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
    return this;
  }

  public long getReconnectDelayMillis() {
    return reconnectDelayMillis;
  }

  /** First delay before a dropped subscription reconnects; it doubles up to the maximum. */
  public JsonRpcClientOptions setReconnectDelayMillis(long reconnectDelayMillis) {
    this.reconnectDelayMillis = reconnectDelayMillis;
    return this;
  }

  public long getMaxReconnectDelayMillis() {
    return maxReconnectDelayMillis;
  }

  public JsonRpcClientOptions setMaxReconnectDelayMillis(long maxReconnectDelayMillis) {
    this.maxReconnectDelayMillis = maxReconnectDelayMillis;
    return this;
  }

  public boolean isHttp2() {
    return http2;
  }

  /**
   * Calls over cleartext HTTP/2 (prior knowledge; the default) or HTTP/1.1. With HTTP/2 many
   * calls share a few connections; with HTTP/1.1 each waiting submit holds a connection of its
   * own until its block commits, which is much slower under load (BENCHMARKS-devchain.md).
   */
  public JsonRpcClientOptions setHttp2(boolean http2) {
    this.http2 = http2;
    return this;
  }

  public boolean isSsl() {
    return ssl;
  }

  /** TLS (https / wss), with the JVM's default trust store; HTTP/2 is then negotiated by ALPN. */
  public JsonRpcClientOptions setSsl(boolean ssl) {
    this.ssl = ssl;
    return this;
  }

  public int getMaxMessageBytes() {
    return maxMessageBytes;
  }

  /** Largest WebSocket message the client accepts. */
  public JsonRpcClientOptions setMaxMessageBytes(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
    return this;
  }
}
