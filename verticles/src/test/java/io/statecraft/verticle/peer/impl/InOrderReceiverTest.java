package io.statecraft.verticle.peer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.verticle.peer.impl.InOrderReceiver.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InOrderReceiverTest {
  final List<Long> out = new ArrayList<>();
  final InOrderReceiver<Long> rx = new InOrderReceiver<>(4);

  Outcome offer(long epoch, long seq) {
    return rx.offer(epoch, seq, seq, out::add);
  }

  @Test
  void deliversInOrderAcrossOvertakingAndRefusesReplays() {
    assertThat(offer(7, 1)).isEqualTo(Outcome.DELIVERED);
    assertThat(offer(7, 3)).isEqualTo(Outcome.HELD);
    assertThat(offer(7, 3)).isEqualTo(Outcome.REFUSED);
    assertThat(offer(7, 2)).isEqualTo(Outcome.DELIVERED);
    assertThat(out).containsExactly(1L, 2L, 3L);
    assertThat(offer(7, 2)).isEqualTo(Outcome.REFUSED);
    assertThat(offer(6, 4)).isEqualTo(Outcome.REFUSED); // older epoch
  }

  @Test
  void aLostGapIsSkippedOnRequestOrWhenTooMuchIsHeld() {
    offer(1, 2);
    offer(1, 3);
    assertThat(out).isEmpty();
    rx.skipGap(out::add);
    assertThat(out).containsExactly(2L, 3L);
    assertThat(offer(1, 1)).isEqualTo(Outcome.REFUSED); // too late now
    for (long s = 5; s <= 9; s++) offer(1, s); // 5 held > 4: gap at 4 skipped
    assertThat(out).containsExactly(2L, 3L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void aNewEpochStartsOver() {
    offer(1, 1);
    offer(1, 2);
    assertThat(offer(2, 1)).isEqualTo(Outcome.DELIVERED);
    assertThat(out).containsExactly(1L, 2L, 1L);
  }
}
