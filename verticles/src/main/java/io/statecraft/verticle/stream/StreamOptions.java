package io.statecraft.verticle.stream;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the {@link StreamVerticle}; every field has a production default and can be read
 * from the node configuration ({@link #fromJson}). One port serves both transports: WebSocket
 * upgrades on {@link #path} and gRPC (HTTP/2, h2c or TLS+ALPN) on any other request.
 */
public final class StreamOptions {
  public String host = "0.0.0.0";
  public int port = 7443;
  public String path = "/stream/v1";
  /** Largest accepted request, in bytes (UTF-8 JSON text or serialized protobuf). */
  public int maxFrameBytes = 64 * 1024;
  /** Close a connection when nothing arrived from it for this long (pongs count). */
  public long idleTimeoutMs = 60_000;
  /** WebSocket pings every this many ms (0 = never) so browsers keep idle links alive. */
  public long pingIntervalMs = 20_000;
  public double connectionRatePerSecond = 200;
  public double connectionBurst = 400;
  public double memberRatePerSecond = 100;
  public double memberBurst = 200;
  /** Messages queued for one connection beyond what its transport buffers. */
  public int maxQueuedMessages = 1024;
  /** Bytes a transport buffers before it reports a full write queue. */
  public int writeQueueMaxBytes = 256 * 1024;
  /** Per-connection socket send buffer (0 = OS default). */
  public int sendBufferSize = 0;
  public int maxSubscriptionsPerConnection = 16;
  /** Width of each member's sliding nonce window. */
  public int nonceWindow = 1024;
  /** TLS: PEM key and certificate chain paths or inline PEM values; TLS is off when both are null. */
  public String tlsKeyPath;
  public String tlsCertPath;
  public String tlsKeyPem;
  public String tlsCertPem;

  public boolean tlsEnabled() {
    return tlsKeyPath != null || tlsKeyPem != null;
  }

  public static StreamOptions fromJson(JsonObject j) {
    StreamOptions o = new StreamOptions();
    o.host = j.getString("host", o.host);
    o.port = j.getInteger("port", o.port);
    o.path = j.getString("path", o.path);
    o.maxFrameBytes = j.getInteger("maxFrameBytes", o.maxFrameBytes);
    o.idleTimeoutMs = j.getLong("idleTimeoutMs", o.idleTimeoutMs);
    o.pingIntervalMs = j.getLong("pingIntervalMs", o.pingIntervalMs);
    o.connectionRatePerSecond = j.getDouble("connectionRatePerSecond", o.connectionRatePerSecond);
    o.connectionBurst = j.getDouble("connectionBurst", o.connectionBurst);
    o.memberRatePerSecond = j.getDouble("memberRatePerSecond", o.memberRatePerSecond);
    o.memberBurst = j.getDouble("memberBurst", o.memberBurst);
    o.maxQueuedMessages = j.getInteger("maxQueuedMessages", o.maxQueuedMessages);
    o.writeQueueMaxBytes = j.getInteger("writeQueueMaxBytes", o.writeQueueMaxBytes);
    o.sendBufferSize = j.getInteger("sendBufferSize", o.sendBufferSize);
    o.maxSubscriptionsPerConnection = j.getInteger("maxSubscriptionsPerConnection", o.maxSubscriptionsPerConnection);
    o.nonceWindow = j.getInteger("nonceWindow", o.nonceWindow);
    o.tlsKeyPath = j.getString("tlsKeyPath");
    o.tlsCertPath = j.getString("tlsCertPath");
    o.tlsKeyPem = j.getString("tlsKeyPem");
    o.tlsCertPem = j.getString("tlsCertPem");
    return o;
  }
}
