package io.statecraft.verticle.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox worker pool (SPEC §11): Move execution runs here, never on an event loop. One
 * pool per node (a shared Vert.x worker executor named {@value #NAME}); each channel gets a
 * {@link Lane}, which runs its tasks one at a time in submission order, while different
 * channels run in parallel on the pool's threads.
 */
public final class SandboxPool {
  public static final String NAME = "statecraft-sandbox";

  private final WorkerExecutor executor;

  private SandboxPool(WorkerExecutor executor) {
    this.executor = executor;
  }

  /** The node's pool of {@code threads} workers (shared by name within one Vert.x instance). */
  public static SandboxPool create(Vertx vertx, int threads) {
    return new SandboxPool(vertx.createSharedWorkerExecutor(NAME, threads, 2, TimeUnit.MINUTES));
  }

  /** A new ordered lane holding at most {@code maxQueued} waiting tasks. */
  public Lane lane(int maxQueued) {
    return new Lane(maxQueued);
  }

  public Future<Void> close() {
    return executor.close();
  }

  /**
   * Tasks of one channel, run one after the other on the pool. {@link #submit} may be called
   * from any thread; the returned future completes on the pool thread (callers on an event
   * loop get their continuation through Vert.x's future callbacks on their own context when
   * they compose with a context-bound promise).
   */
  public final class Lane {
    private final int maxQueued;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    private Lane(int maxQueued) {
      this.maxQueued = maxQueued;
    }

    /** Queues a task; fails at once with {@link RejectedExecutionException} when the lane is full. */
    public <T> Future<T> submit(Callable<T> task) {
      Promise<T> p = Promise.promise();
      Runnable r = () -> executor.<T>executeBlocking(task, false).onComplete(ar -> {
        p.handle(ar);
        next();
      });
      synchronized (this) {
        if (queue.size() >= maxQueued) {
          return Future.failedFuture(new RejectedExecutionException("sandbox lane full (" + maxQueued + ")"));
        }
        if (running) {
          queue.add(r);
          return p.future();
        }
        running = true;
      }
      r.run();
      return p.future();
    }

    private void next() {
      Runnable r;
      synchronized (this) {
        r = queue.poll();
        if (r == null) {
          running = false;
          return;
        }
      }
      r.run();
    }

    public synchronized int queued() {
      return queue.size();
    }
  }
}
