package io.statecraft.sdk;

import io.statecraft.codec.stream.StreamException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A subscription's items, in height order, with no gap and no duplicate across reconnects
 * (after a SLOW_CONSUMER resync or a HEIGHT_PRUNED resume the next item is a snapshot).
 * Consume either by async iteration ({@link #next()}), a handler, or as a
 * {@link Flow.Publisher} (one subscriber).
 */
public final class StreamSubscription implements Flow.Publisher<SubscriptionItem> {
  private final StateChannelClient client;
  private final Context ctx;
  final String id;
  final boolean resync;
  long lastHeight = -1;
  private final ArrayDeque<SubscriptionItem> buffer = new ArrayDeque<>();
  private final ArrayDeque<Promise<SubscriptionItem>> waiters = new ArrayDeque<>();
  private Consumer<SubscriptionItem> handler;
  private StreamException ended;
  private boolean cancelled;

  StreamSubscription(StateChannelClient client, Context ctx, String id, boolean resync) {
    this.client = client;
    this.ctx = ctx;
    this.id = id;
    this.resync = resync;
  }

  /** The next item; fails with the {@link StreamException} that ended the subscription. */
  public Future<SubscriptionItem> next() {
    Promise<SubscriptionItem> p = Promise.promise();
    ctx.runOnContext(v -> {
      if (!buffer.isEmpty()) p.complete(buffer.poll());
      else if (ended != null) p.fail(ended);
      else waiters.add(p);
    });
    return p.future();
  }

  /** Delivers every item (buffered ones first) to {@code h} on the client's context. */
  public StreamSubscription handler(Consumer<SubscriptionItem> h) {
    ctx.runOnContext(v -> {
      handler = h;
      while (!buffer.isEmpty()) h.accept(buffer.poll());
    });
    return this;
  }

  /** The height of the last item delivered. */
  public long lastHeight() {
    return lastHeight;
  }

  public String id() {
    return id;
  }

  public Future<Void> cancel() {
    cancelled = true;
    return client.unsubscribe(this);
  }

  boolean cancelled() {
    return cancelled;
  }

  /** On the context: a snapshot or change arrived. */
  void offer(SubscriptionItem item) {
    if (cancelled || ended != null) return;
    if (item.isSnapshot()) {
      lastHeight = item.height();
    } else {
      if (lastHeight >= 0 && item.height() <= lastHeight) return; // duplicate after a resume
      lastHeight = item.height();
    }
    if (handler != null) {
      handler.accept(item);
    } else if (!waiters.isEmpty()) {
      waiters.poll().complete(item);
    } else {
      buffer.add(item);
    }
  }

  void end(StreamException e) {
    if (ended != null) return;
    ended = e;
    while (!waiters.isEmpty()) waiters.poll().fail(e);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super SubscriptionItem> s) {
    s.onSubscribe(new Flow.Subscription() {
      private boolean done;

      @Override
      public void request(long n) {
        for (long i = 0; i < n && !done; i++) {
          next().onComplete(ar -> {
            if (done) return;
            if (ar.succeeded()) {
              s.onNext(ar.result());
            } else {
              done = true;
              s.onError(ar.cause());
            }
          });
        }
      }

      @Override
      public void cancel() {
        done = true;
        StreamSubscription.this.cancel();
      }
    });
  }
}
