package io.statecraft.verticle.chainwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.statecraft.chain.SignedTx;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ChainWatcherVerticleTest {
  private FakeSettlementChain chain;
  private Ed25519.KeyPair member;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void setUp() {
    chain = new FakeSettlementChain();
    member = Ed25519.generate();
    registry = new SimpleMeterRegistry();
  }

  private ChainWatcherOptions fast(String... channels) {
    return new ChainWatcherOptions().setNodeId("t1").setChannels(List.of(channels))
        .setHeartbeatInterval(Duration.ofMillis(40))
        .setRetryInitial(Duration.ofMillis(10))
        .setRetryMax(Duration.ofMillis(40));
  }

  private String address() {
    return SignedTx.addressOf(member.publicKey());
  }

  private double counter(String name, String channel) {
    var c = registry.find(name).tag("channel", channel).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void heartbeatsEveryWatchedChannelWithConsecutiveNonces(Vertx vertx, VertxTestContext test) {
    AtomicInteger ok = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.HEARTBEATS_ADDRESS, msg -> {
      if (msg.body().getBoolean("ok") && ok.incrementAndGet() == 6) {
        test.verify(() -> {
          List<SignedTx> txs = chain.accepted();
          assertThat(txs).hasSizeGreaterThanOrEqualTo(6);
          for (int i = 0; i < txs.size(); i++) {
            SignedTx tx = txs.get(i);
            assertThat(tx.kind()).isEqualTo("channel.heartbeat");
            assertThat(tx.sender()).isEqualTo(address());
            assertThat(tx.chainId()).isEqualTo(FakeSettlementChain.CHAIN_ID);
            assertThat(tx.nonce()).isEqualTo(i);
            assertThat(tx.verifySignature()).isTrue();
            assertThat(tx.args().getString("channelId")).isEqualTo(i % 2 == 0 ? "ch-a" : "ch-b");
          }
          assertThat(counter("statecraft.chainwatch.heartbeats.sent", "ch-a")).isGreaterThanOrEqualTo(3);
          assertThat(counter("statecraft.chainwatch.heartbeats.sent", "ch-b")).isGreaterThanOrEqualTo(3);
          assertThat(counter("statecraft.chainwatch.heartbeats.failed", "ch-a")).isZero();
        });
        test.completeNow();
      }
    });
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, fast("ch-a", "ch-b"), registry))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void deliversEventsFromTheStartHeightOnTheEventBus(Vertx vertx, VertxTestContext test) {
    chain.emit("channel.created", "c1"); // height 1: before the start height
    chain.emit("channel.joined", "c1"); // height 2
    chain.emit("account.funded", null); // height 3
    List<Long> all = new ArrayList<>();
    List<Long> ofC1 = new ArrayList<>();
    var checkpoint = test.checkpoint(2);
    Runnable verifyWhenAllArrived = () -> {
      if (all.size() == 3 && ofC1.size() == 2) {
        test.verify(() -> {
          assertThat(all).containsExactly(2L, 3L, 4L);
          assertThat(ofC1).containsExactly(2L, 4L);
          assertThat(registry.get("statecraft.chainwatch.last.event.height").gauge().value()).isEqualTo(4.0);
          assertThat(registry.get("statecraft.chainwatch.events").tag("type", "channel.settled").counter().count())
              .isEqualTo(1.0);
        });
        checkpoint.flag();
      }
    };
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.CHANNEL_EVENTS_PREFIX + "c1", msg -> {
      ofC1.add(msg.body().getLong("height"));
      verifyWhenAllArrived.run();
    });
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.EVENTS_ADDRESS, msg -> {
      all.add(msg.body().getLong("height"));
      if (all.size() == 2) {
        // The past is delivered; now a new block commits.
        chain.emit("channel.settled", "c1");
      }
      verifyWhenAllArrived.run();
    });
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, new ChainWatcherOptions().setFromHeight(2), registry))
        .onComplete(test.succeeding(id -> checkpoint.flag()));
  }

  @Test
  void retriesWithBackoffWhileTheChainIsUnreachable(Vertx vertx, VertxTestContext test) {
    AtomicInteger phase = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.HEARTBEATS_ADDRESS, msg -> {
      boolean ok = msg.body().getBoolean("ok");
      if (phase.get() == 0 && ok) {
        phase.set(1);
        chain.setReachable(false);
      } else if (phase.get() == 1 && !ok) {
        phase.set(2);
        test.verify(() -> assertThat(registry.get("statecraft.chainwatch.chain.reachable").gauge().value()).isZero());
        chain.setReachable(true);
      } else if (phase.get() == 2 && ok) {
        phase.set(3);
        test.verify(() -> {
          assertThat(counter("statecraft.chainwatch.heartbeats.failed", "ch-a")).isGreaterThanOrEqualTo(1);
          assertThat(registry.get("statecraft.chainwatch.chain.reachable").gauge().value()).isEqualTo(1.0);
          // The undelivered heartbeat used no nonce: the next one takes it.
          assertThat(chain.accepted()).extracting(SignedTx::nonce).startsWith(0L, 1L);
        });
        test.completeNow();
      }
    });
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, fast("ch-a"), registry))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void connectsOnceTheChainComesUp(Vertx vertx, VertxTestContext test) {
    chain.setReachable(false);
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.HEARTBEATS_ADDRESS, msg -> {
      if (msg.body().getBoolean("ok")) {
        test.completeNow();
      }
    });
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, fast("ch-a"), registry))
        .onComplete(test.succeeding(id -> {
          // Deployed although the chain is down; it reports so, then recovers.
          vertx.eventBus().<JsonObject>request(ChainWatcherVerticle.STATUS_ADDRESS, null)
              .onComplete(test.succeeding(reply -> {
                test.verify(() -> assertThat(reply.body().getBoolean("connected")).isFalse());
                chain.setReachable(true);
              }));
        }));
  }

  @Test
  void refusedHeartbeatsMakeTheWatcherRereadTheNonce(Vertx vertx, VertxTestContext test) {
    chain.refuseHeartbeatsFor("gone");
    AtomicInteger okCount = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ChainWatcherVerticle.HEARTBEATS_ADDRESS, msg -> {
      if (msg.body().getBoolean("ok") && okCount.incrementAndGet() == 2) {
        // Another client of the same key takes a nonce: the next heartbeat is refused with
        // BAD_NONCE, the watcher re-reads the nonce, and the one after succeeds.
        chain.bumpNonce(address());
      } else if (msg.body().getBoolean("ok") && okCount.get() == 4) {
        test.verify(() -> {
          assertThat(counter("statecraft.chainwatch.heartbeats.failed", "gone")).isGreaterThanOrEqualTo(2);
          assertThat(counter("statecraft.chainwatch.heartbeats.sent", "ch-a")).isGreaterThanOrEqualTo(4);
          assertThat(chain.accepted()).allSatisfy(tx -> assertThat(tx.args().getString("channelId")).isEqualTo("ch-a"));
        });
        test.completeNow();
      }
    });
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, fast("ch-a", "gone"), registry))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void channelsCanBeWatchedAndUnwatchedOverTheEventBus(Vertx vertx, VertxTestContext test) {
    var bus = vertx.eventBus();
    vertx.deployVerticle(new ChainWatcherVerticle(chain, member, fast(), registry))
        .compose(id -> bus.<JsonObject>request(ChainWatcherVerticle.WATCH_ADDRESS, new JsonObject().put("channelId", "x")))
        .compose(reply -> {
          test.verify(() -> assertThat(reply.body().getJsonArray("channels").getList()).containsExactly("x"));
          var p = io.vertx.core.Promise.<Void>promise();
          var c = bus.<JsonObject>consumer(ChainWatcherVerticle.HEARTBEATS_ADDRESS);
          c.handler(m -> {
            if (m.body().getBoolean("ok") && "x".equals(m.body().getString("channelId"))) {
              c.unregister();
              p.tryComplete();
            }
          });
          return p.future();
        })
        .compose(v -> bus.<JsonObject>request(ChainWatcherVerticle.STATUS_ADDRESS, null))
        .compose(reply -> {
          test.verify(() -> {
            JsonObject st = reply.body();
            assertThat(st.getString("member")).isEqualTo(address());
            assertThat(st.getString("chainId")).isEqualTo(FakeSettlementChain.CHAIN_ID);
            assertThat(st.getBoolean("reachable")).isTrue();
            assertThat(st.getJsonObject("lastHeartbeatMillis").containsKey("x")).isTrue();
          });
          return bus.<JsonObject>request(ChainWatcherVerticle.UNWATCH_ADDRESS, new JsonObject().put("channelId", "x"));
        })
        .compose(reply -> {
          test.verify(() -> assertThat(reply.body().getJsonArray("channels")).isEmpty());
          return bus.<JsonObject>request(ChainWatcherVerticle.WATCH_ADDRESS, new JsonObject());
        })
        .onComplete(ar -> {
          test.verify(() -> {
            assertThat(ar.failed()).isTrue();
            assertThat(((ReplyException) ar.cause()).failureCode()).isEqualTo(400);
          });
          test.completeNow();
        });
  }

  @Test
  void defaultHeartbeatIntervalIsWellInsideTheFifteenSecondWindow() {
    assertThat(new ChainWatcherOptions().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ChainWatcherOptions.DEFAULT_HEARTBEAT_INTERVAL.multipliedBy(2)).isLessThan(Duration.ofSeconds(15));
  }
}
