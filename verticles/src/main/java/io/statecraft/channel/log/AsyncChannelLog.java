package io.statecraft.channel.log;

import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.Hash32;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ChannelLog} for verticles: every call runs on a worker thread and completes a
 * {@link Future} on the caller's context, because Chronicle's calls block (they map files,
 * may {@code msync}, and snapshots fsync) and must never run on an event loop.
 *
 * <p>Calls run one at a time in submission order on a dedicated single-thread worker pool, so
 * {@code append(e1); append(e2)} made back to back from a verticle hit the log in that order
 * without waiting for the first future, and a slow snapshot cannot be overtaken by a later
 * append from the same controller.
 */
public final class AsyncChannelLog {
  private final ChannelLog log;
  private final WorkerExecutor executor;
  private final boolean ownsExecutor;

  /** Wraps {@code log} with its own single-thread worker pool, closed by {@link #close()}. */
  public AsyncChannelLog(Vertx vertx, ChannelLog log) {
    // Appends are fast; a whole-log verification on open or a large snapshot may not be, so
    // allow minutes before Vert.x's blocked-thread checker complains.
    this(log, vertx.createSharedWorkerExecutor("channel-log-" + log.channelId() + "-" + System.identityHashCode(log), 1,
        5, TimeUnit.MINUTES), true);
  }

  /** Wraps {@code log} on the caller's executor; it must run tasks one at a time (pool size 1). */
  public AsyncChannelLog(ChannelLog log, WorkerExecutor executor) {
    this(log, executor, false);
  }

  private AsyncChannelLog(ChannelLog log, WorkerExecutor executor, boolean ownsExecutor) {
    this.log = log;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** Opens (verifying the chain) on a worker and wraps the result. */
  public static Future<AsyncChannelLog> open(Vertx vertx, ChannelLogConfig config) {
    return vertx.executeBlocking(() -> ChannelLog.open(config), false).map(log -> new AsyncChannelLog(vertx, log));
  }

  private <T> Future<T> run(Callable<T> task) {
    return executor.executeBlocking(task, true);
  }

  /** The wrapped log, for code already on a worker thread. */
  public ChannelLog blocking() {
    return log;
  }

  public String channelId() {
    return log.channelId();
  }

  /** Completes once the entry is durable (see {@link ChannelLog#append}); fails with {@link AppendRejectedException}. */
  public Future<Void> append(Entry entry) {
    return run(() -> {
      log.append(entry);
      return null;
    });
  }

  public Future<Optional<Entry>> get(long height) {
    return run(() -> log.get(height));
  }

  public Future<List<Entry>> range(long height, int maxCount) {
    return run(() -> log.range(height, maxCount));
  }

  public Future<Long> firstHeight() {
    return run(log::firstHeight);
  }

  public Future<Long> lastHeight() {
    return run(log::lastHeight);
  }

  public Future<Hash32> lastHash() {
    return run(log::lastHash);
  }

  public Future<Optional<Entry>> lastEntry() {
    return run(log::lastEntry);
  }

  public Future<Void> sync() {
    return run(() -> {
      log.sync();
      return null;
    });
  }

  public Future<SnapshotInfo> saveSnapshot(long height, byte[] state) {
    byte[] copy = state.clone(); // the caller may reuse its buffer before the worker runs
    return run(() -> log.saveSnapshot(height, copy));
  }

  public Future<SnapshotInfo> installSnapshot(long height, Hash32 entryHash, Hash32 stateRoot, byte[] state) {
    byte[] copy = state.clone();
    return run(() -> log.installSnapshot(height, entryHash, stateRoot, copy));
  }

  public Future<Optional<SnapshotInfo>> latestSnapshot() {
    return run(log::latestSnapshot);
  }

  public Future<byte[]> readSnapshot(SnapshotInfo snapshot) {
    return run(() -> log.readSnapshot(snapshot));
  }

  public Future<Long> pruneBefore(long height) {
    return run(() -> log.pruneBefore(height));
  }

  /** Closes the log after every call already submitted, then the worker pool if it is ours. */
  public Future<Void> close() {
    Future<Void> closed = run(() -> {
      log.close();
      return null;
    });
    if (!ownsExecutor) return closed;
    return closed.eventually(() -> executor.close());
  }
}
