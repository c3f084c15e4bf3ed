package io.statecraft.chain.devchain;

import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.ChainEvent;
import io.statecraft.chain.ChainSubscription;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Event subscriptions: the committed past, then live blocks, once each, in order, on the subscriber's context. */
@ExtendWith(VertxExtension.class)
class DevChainSubscriptionTest {
  final Ed25519.KeyPair alice = key(2);
  ChainHarness h;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void aSubscriberGetsThePastThenNewBlocksExactlyOnceInOrder(Vertx vertx, VertxTestContext test) {
    for (int i = 1; i <= 3; i++) h.fund(alice, i);
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    Context ctx = vertx.getOrCreateContext();
    java.util.concurrent.atomic.AtomicReference<ChainSubscription> sub = new java.util.concurrent.atomic.AtomicReference<>();
    ctx.runOnContext(v -> {
      sub.set(h.chain.subscribe(0, e -> {
        test.verify(() -> assertThat(Vertx.currentContext()).isSameAs(ctx));
        seen.add(e);
        if (seen.size() == 5) {
          test.verify(() -> {
            assertThat(seen).extracting(ChainEvent::type).containsOnly("faucet");
            assertThat(seen).extracting(x -> x.data().getString("amount")).containsExactly("1", "2", "3", "4", "5");
            assertThat(seen).extracting(ChainEvent::height).isSorted();
          });
          // Let a possible duplicate arrive before declaring success.
          h.chain.status().onComplete(x -> vertx.setTimer(20, t -> test.verify(() -> {
            assertThat(seen).hasSize(5);
            assertThat(sub.get().deliveredHeight()).isEqualTo(seen.get(4).height());
            test.completeNow();
          })));
        }
      }));
    });
    // Live blocks while and after the replay.
    vertx.executeBlocking(() -> {
      h.fund(alice, 4);
      h.fund(alice, 5);
      return null;
    });
  }

  @Test
  void aSubscriptionFromALaterHeightSkipsEarlierBlocks(Vertx vertx, VertxTestContext test) {
    h.fund(alice, 1);
    long from = await(h.chain.status()).height() + 1;
    h.fund(alice, 2);
    h.chain.subscribe(from, e -> test.verify(() -> {
      assertThat(e.height()).isEqualTo(from);
      assertThat(e.data().getString("amount")).isEqualTo("2");
      test.completeNow();
    }));
  }

  @Test
  void aCancelledSubscriptionGetsNothingMore(Vertx vertx, VertxTestContext test) {
    List<ChainEvent> seen = new CopyOnWriteArrayList<>();
    ChainSubscription sub = h.chain.subscribe(0, seen::add);
    await(sub.cancel());
    h.fund(alice, 1);
    h.chain.status().onComplete(x -> vertx.setTimer(20, t -> test.verify(() -> {
      assertThat(seen).isEmpty();
      test.completeNow();
    })));
  }

  @Test
  void submitCompletesOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    Context ctx = vertx.getOrCreateContext();
    var tx = h.sign(alice, "faucet", new JsonObject().put("amount", "7"));
    ctx.runOnContext(v -> {
      h.chain.submit(tx)
          .onComplete(test.succeeding(r -> test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(ctx);
            assertThat(r.events().get(0).type()).isEqualTo("faucet");
            test.completeNow();
          })));
      h.chain.produceBlock();
    });
  }
}
