package io.statecraft.verticle.ticking;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The ticking verticle (SPEC §9, §11): for every registered channel it publishes a tick on
 * {@code statecraft.ticking.tick.<channelId>} ({@code {channelId, timeMs}}) each time the
 * injected clock passes the channel's next due time. A Vert.x periodic timer polls the clock
 * every {@code pollMillis} (keep it well below the shortest interval: 60 Hz needs ≤ 8 ms);
 * tests drive a manual clock and never sleep. A channel that fell more than one interval
 * behind (a stalled node, a clock jump) skips to the present instead of emitting a burst.
 *
 * <p>Requests: {@value #REGISTER} {@code {channelId, intervalMillis}} and {@value #UNREGISTER}
 * {@code {channelId}}, both replied with {@code {ok:true}}.
 */
public final class TickingVerticle extends AbstractVerticle {
  public static final String REGISTER = "statecraft.ticking.register";
  public static final String UNREGISTER = "statecraft.ticking.unregister";
  public static final String TICK_PREFIX = "statecraft.ticking.tick.";

  private final LongSupplier clock;
  private final long pollMillis;
  private final Map<String, long[]> schedules = new TreeMap<>(); // channel → {interval, nextDue}
  private long timer = -1;

  public TickingVerticle(LongSupplier clock, long pollMillis) {
    this.clock = clock;
    this.pollMillis = Math.max(1, pollMillis);
  }

  @Override
  public void start() {
    vertx.eventBus().<JsonObject>consumer(REGISTER, m -> {
      long interval = Math.max(1, m.body().getLong("intervalMillis"));
      schedules.put(m.body().getString("channelId"), new long[] {interval, clock.getAsLong() + interval});
      m.reply(new JsonObject().put("ok", true));
    });
    vertx.eventBus().<JsonObject>consumer(UNREGISTER, m -> {
      schedules.remove(m.body().getString("channelId"));
      m.reply(new JsonObject().put("ok", true));
    });
    timer = vertx.setPeriodic(pollMillis, t -> poll());
  }

  private void poll() {
    long now = clock.getAsLong();
    for (Map.Entry<String, long[]> e : schedules.entrySet()) {
      long[] s = e.getValue();
      if (now < s[1]) continue;
      vertx.eventBus().publish(TICK_PREFIX + e.getKey(), new JsonObject().put("channelId", e.getKey()).put("timeMs", now));
      s[1] = now - s[1] >= s[0] ? now + s[0] : s[1] + s[0];
    }
  }

  @Override
  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
