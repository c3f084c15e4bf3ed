package io.statecraft.channel.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.channel.Entry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChannelLogAsyncTest {
  static final String CH = "ch-async";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void appendsIssuedBackToBackFromAnEventLoopLandInOrderAndCompleteOnTheCallersContext(Vertx vertx, VertxTestContext ctx) {
    TestEntries gen = new TestEntries(CH);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 200; i++) entries.add(gen.next());
    vertx.runOnContext(v -> {
      Context caller = Vertx.currentContext();
      AsyncChannelLog.open(vertx, ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).build()).onComplete(ctx.succeeding(log -> {
        List<Future<Void>> appends = new ArrayList<>();
        for (Entry e : entries) appends.add(log.append(e)); // no waiting in between
        Future.all(appends)
            .compose(all -> {
              ctx.verify(() -> {
                assertThat(Vertx.currentContext()).isSameAs(caller);
                assertThat(Context.isOnEventLoopThread()).isTrue();
              });
              return log.lastHeight();
            })
            .compose(last -> {
              ctx.verify(() -> assertThat(last).isEqualTo(200));
              return log.range(1, 1000);
            })
            .compose(read -> {
              ctx.verify(() -> assertThat(read).containsExactlyElementsOf(entries));
              return log.get(77);
            })
            .compose(e77 -> {
              ctx.verify(() -> assertThat(e77).contains(entries.get(76)));
              return log.close();
            })
            .onComplete(ctx.succeedingThenComplete());
      }));
    });
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aRejectedAppendFailsItsFutureWithTheTypedError(Vertx vertx, VertxTestContext ctx) {
    TestEntries gen = new TestEntries(CH);
    Entry first = gen.next();
    gen.next();
    Entry third = gen.next();
    AsyncChannelLog.open(vertx, ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).build())
        .compose(log -> log.append(first)
            .compose(v -> log.append(third))
            .transform(ar -> {
              ctx.verify(() -> {
                assertThat(ar.failed()).isTrue();
                assertThat(ar.cause()).isInstanceOfSatisfying(AppendRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(AppendRejectedException.Reason.HEIGHT_GAP));
              });
              return log.saveSnapshot(1, new byte[] {1});
            })
            .compose(snap -> log.readSnapshot(snap))
            .compose(state -> {
              ctx.verify(() -> assertThat(state).containsExactly(1));
              return log.close();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
