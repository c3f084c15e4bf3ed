package io.statecraft.move.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Mutated valid binaries and random bytes: only the typed exceptions escape. The count comes
 * from {@code -Dmove.fuzz.iterations} (default 20,000); {@link FuzzMain} runs the long campaign.
 */
class FuzzTest {
  @Test
  void onlyTypedExceptionsEscape() {
    long iterations = Long.getLong("move.fuzz.iterations", 20_000L);
    Fuzzer.Stats stats = new Fuzzer(Long.getLong("move.fuzz.seed", 1L)).run(iterations);
    assertThat(stats.failures).as(stats.toString()).isEmpty();
    assertThat(stats.inputs).isEqualTo(iterations);
    // a mutation campaign that never gets past the header would prove little
    assertThat(stats.accepted + stats.invalid).isGreaterThan(iterations / 50);
  }
}
