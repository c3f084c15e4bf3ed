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
    assertThat(rx.delivered()).isEqualTo(1);
    assertThat(offer(7, 2)).isEqualTo(Outcome.DELIVERED);
    assertThat(out).containsExactly(1L, 2L, 3L);
    assertThat(rx.delivered()).isEqualTo(3);
    assertThat(offer(7, 2)).isEqualTo(Outcome.REFUSED);
    assertThat(offer(6, 4)).isEqualTo(Outcome.REFUSED); // older epoch
  }

  @Test
  void aGapIsNeverSkippedAndWhatDoesNotFitIsDroppedForRetransmission() {
    offer(1, 2);
    offer(1, 3);
    offer(1, 4);
    offer(1, 5);
    assertThat(offer(1, 6)).isEqualTo(Outcome.DROPPED); // 4 held already
    assertThat(out).isEmpty();
    assertThat(rx.delivered()).isZero();
    assertThat(offer(1, 1)).isEqualTo(Outcome.DELIVERED); // the retransmission fills the gap
    assertThat(out).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(offer(1, 6)).isEqualTo(Outcome.DELIVERED);
    assertThat(rx.delivered()).isEqualTo(6);
  }

  @Test
  void aNewEpochStartsOverAndForgetsWhatWasHeld() {
    offer(1, 1);
    offer(1, 3);
    assertThat(offer(2, 1)).isEqualTo(Outcome.DELIVERED);
    assertThat(offer(2, 2)).isEqualTo(Outcome.DELIVERED);
    assertThat(out).containsExactly(1L, 1L, 2L);
    assertThat(rx.epoch()).isEqualTo(2);
  }
}
