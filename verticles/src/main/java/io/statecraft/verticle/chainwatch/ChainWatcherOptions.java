package io.statecraft.verticle.chainwatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a {@link ChainWatcherVerticle} watches and how often it heartbeats. */
public final class ChainWatcherOptions {
  /** Default heartbeat interval: a third of the chain's 15 s validity window. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(4);
  /** Start-height value meaning "from the chain's head when the watcher connects". */
  public static final long FROM_HEAD = -1;

  private String nodeId = "node";
  private List<String> channels = new ArrayList<>();
  private long fromHeight = 0;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private Duration retryInitial = DEFAULT_RETRY_INITIAL;
  private Duration retryMax = DEFAULT_RETRY_MAX;

  public String getNodeId() {
    return nodeId;
  }

  /** Name of the node, put in the log MDC ({@code node}) and on every meter ({@code node} tag). */
  public ChainWatcherOptions setNodeId(String nodeId) {
    this.nodeId = Objects.requireNonNull(nodeId);
    return this;
  }

  public List<String> getChannels() {
    return List.copyOf(channels);
  }

  /** Channels to heartbeat at start; more can be added at run time on {@link ChainWatcherVerticle#WATCH_ADDRESS}. */
  public ChainWatcherOptions setChannels(List<String> channels) {
    this.channels = new ArrayList<>(channels);
    return this;
  }

  public long getFromHeight() {
    return fromHeight;
  }

  /** Height of the first block whose events are delivered, or {@link #FROM_HEAD}. */
  public ChainWatcherOptions setFromHeight(long fromHeight) {
    if (fromHeight < FROM_HEAD) {
      throw new IllegalArgumentException("fromHeight must be >= -1");
    }
    this.fromHeight = fromHeight;
    return this;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public ChainWatcherOptions setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
    return this;
  }

  public Duration getRetryInitial() {
    return retryInitial;
  }

  /** First delay after a failed chain call; each further failure doubles it up to {@link #getRetryMax()}. */
  public ChainWatcherOptions setRetryInitial(Duration retryInitial) {
    this.retryInitial = positive(retryInitial, "retryInitial");
    return this;
  }

  public Duration getRetryMax() {
    return retryMax;
  }

  public ChainWatcherOptions setRetryMax(Duration retryMax) {
    this.retryMax = positive(retryMax, "retryMax");
    return this;
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }
}
