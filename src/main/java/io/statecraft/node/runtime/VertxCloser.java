package io.statecraft.node.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Closes a Vert.x instance from outside it. */
public final class VertxCloser {
  private VertxCloser() {}

  /**
   * Closes {@code vertx} from a plain thread and completes outside any of its contexts.
   *
   * <p>Why: {@code vertx.close()} called on one of its own event loops returns a future bound
   * to that event loop, which is shut down by the close itself; the completion is then
   * rejected and whoever waits for it (a shutdown hook) waits forever. Called from a plain
   * thread, the future completes on the thread that finished the close.
   */
  public static Future<Void> close(Vertx vertx) {
    Promise<Void> done = Promise.promise();
    Thread t = new Thread(() -> vertx.close().onComplete(done), "vertx-closer");
    t.setDaemon(true);
    t.start();
    return done.future();
  }
}
