package io.statecraft.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesAndHexTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sha256MatchesTheFips180Vector() {
    assertThat(Hex.encode(Hashes.sha256(ABC)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void sha3MatchesTheFips202Vector() {
    assertThat(Hex.encode(Hashes.sha3_256(ABC)))
        .isEqualTo("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  }

  @Test
  void hashingPartsEqualsHashingTheirConcatenation() {
    assertThat(Hashes.sha256(new byte[] {'a'}, new byte[] {'b', 'c'})).isEqualTo(Hashes.sha256(ABC));
    assertThat(Hashes.sha3_256(new byte[] {'a', 'b'}, new byte[] {'c'})).isEqualTo(Hashes.sha3_256(ABC));
  }

  @Test
  void hexRoundTripsAndAcceptsPrefixAndUpperCase() {
    byte[] b = {0, 1, (byte) 0xab, (byte) 0xff};
    assertThat(Hex.encode(b)).isEqualTo("0001abff");
    assertThat(Hex.decode("0x0001ABff")).isEqualTo(b);
  }

  @Test
  void hexRefusesOddLengthsAndNonDigits() {
    assertThatThrownBy(() -> Hex.decode("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hex.decode("zz")).isInstanceOf(IllegalArgumentException.class);
  }
}
