package io.statecraft.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  // RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
  private static final String SEED_1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUB_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String SIG_1 = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  private static final String SEED_2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
  private static final String PUB_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  private static final String SIG_2 = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

  @Test
  void derivesThePublicKeyAndSignatureOfTheRfc8032Vectors() {
    Ed25519.KeyPair k1 = Ed25519.fromSeed(Hex.decode(SEED_1));
    assertThat(k1.publicKeyHex()).isEqualTo(PUB_1);
    assertThat(Hex.encode(k1.sign(new byte[0]))).isEqualTo(SIG_1);

    Ed25519.KeyPair k2 = Ed25519.fromSeed(Hex.decode(SEED_2));
    assertThat(k2.publicKeyHex()).isEqualTo(PUB_2);
    assertThat(Hex.encode(k2.sign(new byte[] {0x72}))).isEqualTo(SIG_2);
  }

  @Test
  void verifiesGoodSignaturesAndRefusesAlteredOnes() {
    byte[] msg = "move 3 north".getBytes(StandardCharsets.UTF_8);
    Ed25519.KeyPair k = Ed25519.generate();
    byte[] sig = k.sign(msg);
    assertThat(Ed25519.verify(k.publicKey(), msg, sig)).isTrue();

    byte[] otherMsg = "move 4 north".getBytes(StandardCharsets.UTF_8);
    assertThat(Ed25519.verify(k.publicKey(), otherMsg, sig)).isFalse();

    byte[] flipped = sig.clone();
    flipped[10] ^= 1;
    assertThat(Ed25519.verify(k.publicKey(), msg, flipped)).isFalse();
    assertThat(Ed25519.verify(Ed25519.generate().publicKey(), msg, sig)).isFalse();
  }

  @Test
  void verificationOfMalformedKeysOrSignaturesIsFalseNotAnException() {
    byte[] msg = {1, 2, 3};
    assertThat(Ed25519.verify(new byte[31], msg, new byte[64])).isFalse();
    assertThat(Ed25519.verify(new byte[32], msg, new byte[63])).isFalse();
    assertThat(Ed25519.verify(null, msg, new byte[64])).isFalse();
    byte[] notAPoint = new byte[32];
    java.util.Arrays.fill(notAPoint, (byte) 0xff);
    assertThat(Ed25519.verify(notAPoint, msg, new byte[64])).isFalse();
  }

  @Test
  void keyPairNeverPrintsItsSeed() {
    Ed25519.KeyPair k = Ed25519.fromSeed(Hex.decode(SEED_1));
    assertThat(k.toString()).contains(PUB_1).doesNotContain(SEED_1);
  }

  @Test
  void refusesSeedsOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }
}
