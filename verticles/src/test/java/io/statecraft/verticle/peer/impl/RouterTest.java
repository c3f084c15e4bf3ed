package io.statecraft.verticle.peer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  final Router router = new Router(2_000, 0.10);
  static final String X = "x";
  static final String R = "r";

  @Test
  void directUntilARelayIsFasterByTheMargin() {
    // direct 10 ms, relay 8.5 ms: 1.5 ms better, the margin is max(2 ms, 1 ms) = 2 ms
    Router.Route r1 = router.choose(X, true, 10_000, Map.of(R, 8_500L), null, null, false);
    assertThat(r1.nextHop()).isEqualTo(X);
    Router.Route r2 = router.choose(X, true, 10_000, Map.of(R, 7_900L), r1, null, false);
    assertThat(r2.nextHop()).isEqualTo(R);
    assertThat(r2.rttMicros()).isEqualTo(7_900);
  }

  @Test
  void staysRelayedWhileFasterAndGoesBackWhenNot() {
    Router.Route relayed = new Router.Route(R, 5_000, false);
    assertThat(router.choose(X, true, 10_000, Map.of(R, 9_000L), relayed, null, false).nextHop()).isEqualTo(R);
    assertThat(router.choose(X, true, 10_000, Map.of(R, 10_000L), relayed, null, false).nextHop()).isEqualTo(X);
  }

  @Test
  void relaysWhenTheDirectLinkIsDownAndIsUnreachableWithoutAny() {
    assertThat(router.choose(X, false, -1, Map.of(R, 50_000L, "q", 40_000L), null, null, false).nextHop()).isEqualTo("q");
    assertThat(router.choose(X, false, -1, Map.of(), null, null, false)).isNull();
    assertThat(router.choose(X, true, -1, Map.of(R, 1L), null, null, false).nextHop()).isEqualTo(X); // not measured yet
  }

  @Test
  void aForcedRelayWinsWhileUp() {
    Router.Route f = router.choose(X, true, 100, Map.of(), null, R, true);
    assertThat(f.nextHop()).isEqualTo(R);
    assertThat(f.forced()).isTrue();
    assertThat(router.choose(X, true, 100, Map.of(), f, R, false).nextHop()).isEqualTo(X);
  }
}
