package io.statecraft.codec.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hashes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntrySignaturesTest {
  private static final byte[] LEADER_PUB = EntrySamples.LEADER.publicKey();

  @Test
  void hashesAreSha256OfTheDocumentedParts() {
    Entry e = EntrySamples.chain(1).get(0);
    byte[] txBytes = e.tx().encode();
    byte[] fxBytes = e.effects().encode();
    assertThat(e.txHash().toByteArray()).isEqualTo(Hashes.sha256(txBytes));
    assertThat(e.effectsHash().toByteArray()).isEqualTo(Hashes.sha256(fxBytes));
    assertThat(e.entryHash().toByteArray()).isEqualTo(Hashes.sha256(e.header().encode(), e.txHash().toByteArray(),
        e.effectsHash().toByteArray(), e.stateRoot().toByteArray()));
    // header ‖ tx ‖ effects ‖ root ‖ signature
    byte[] enc = e.encode();
    int h = e.header().encode().length;
    assertThat(Arrays.copyOfRange(enc, h, h + txBytes.length)).isEqualTo(txBytes);
    assertThat(enc.length).isEqualTo(h + txBytes.length + fxBytes.length + 32 + 64);
  }

  @Test
  void leaderSignatureVerifiesAndAnyAlteredByteBreaksTheHashOrTheSignature() throws Exception {
    for (Entry e : EntrySamples.chain(12)) {
      assertThat(e.verifyLeaderSignature(LEADER_PUB)).isTrue();
      assertThat(e.verifyLeaderSignature(EntrySamples.ALICE.publicKey())).isFalse();
      byte[] bytes = e.encode();
      for (int i = 0; i < bytes.length; i++) {
        byte[] altered = bytes.clone();
        altered[i] ^= 0x01;
        Entry d;
        try {
          d = Entry.decode(altered);
        } catch (MalformedEntryException expected) {
          continue;
        }
        assertThat(d.verifyLeaderSignature(LEADER_PUB)).as("byte %d of %s", i, e).isFalse();
      }
    }
  }

  @Test
  void everySignedByteOfAnEntryIsCoveredByTheEntryHash() throws Exception {
    Entry e = EntrySamples.chain(2).get(1);
    byte[] bytes = e.encode();
    int signed = bytes.length - 64;
    for (int i = 0; i < signed; i++) {
      byte[] altered = bytes.clone();
      altered[i] ^= (byte) 0x80;
      try {
        assertThat(Entry.decode(altered).entryHash()).as("byte %d", i).isNotEqualTo(e.entryHash());
      } catch (MalformedEntryException expected) {
        // refused outright: fine too
      }
    }
  }

  @Test
  void memberSignaturesVerifyBindTheChannelAndFailOnAnyAlteration() {
    Transaction.Call c = EntrySamples.call();
    assertThat(c.verifySignature(EntrySamples.CHANNEL)).isTrue();
    assertThat(c.verifySignature("ch-0002")).isFalse();
    assertThat(new Transaction.Call(c.sender(), c.nonce() + 1, c.call(), c.signature()).verifySignature(EntrySamples.CHANNEL)).isFalse();
    assertThat(new Transaction.Call(Address.of(EntrySamples.BOB.publicKey()), c.nonce(), c.call(), c.signature())
        .verifySignature(EntrySamples.CHANNEL)).isFalse();
    MoveCall other = new MoveCall(c.call().function(), c.call().typeArgs(), List.of(Blob.ofHex("0400000000000000"), Blob.ofHex("0207")));
    assertThat(new Transaction.Call(c.sender(), c.nonce(), other, c.signature()).verifySignature(EntrySamples.CHANNEL)).isFalse();
    byte[] sig = c.signature().toByteArray();
    for (int i = 0; i < sig.length; i++) {
      byte[] s = sig.clone();
      s[i] ^= 1;
      assertThat(new Transaction.Call(c.sender(), c.nonce(), c.call(), Blob.of(s)).verifySignature(EntrySamples.CHANNEL)).isFalse();
    }

    Transaction.Batch b = EntrySamples.batch();
    assertThat(b.verifySignature(EntrySamples.CHANNEL)).isTrue();
    // The Leader can neither trim nor reorder a batch.
    assertThat(new Transaction.Batch(b.sender(), b.nonce(), b.calls().subList(0, 2), b.signature()).verifySignature(EntrySamples.CHANNEL)).isFalse();
    assertThat(new Transaction.Batch(b.sender(), b.nonce(), List.of(b.calls().get(1), b.calls().get(0), b.calls().get(2)), b.signature())
        .verifySignature(EntrySamples.CHANNEL)).isFalse();
  }

  @Test
  void aCallSignatureIsNotALeaderSignatureAndViceVersa() {
    // Domain separation: the same key signing the same 32 bytes under two tags gives two signatures.
    Ed25519.KeyPair k = EntrySamples.ALICE;
    Entry e = Entry.sign(new EntryHeader("c", 1, Hash32.ZERO, 1, 1), EntrySamples.call(), Effects.NONE, Hash32.ZERO, k);
    byte[] callMsg = EntrySamples.call().signingBytes(EntrySamples.CHANNEL);
    assertThat(Ed25519.verify(k.publicKey(), callMsg, e.leaderSignature().toByteArray())).isFalse();
    assertThat(new String(Entry.leaderSigningBytes(e.entryHash()), 0, SigningDomains.ENTRY.length(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(SigningDomains.ENTRY);
  }

  @Test
  void cheatEvidenceIsValidOnlyForALeaderSignedEntryThatHonestExecutionContradicts() {
    Entry e = EntrySamples.chain(4).get(3);
    Hash32 honestFx = Hash32.sha256(new byte[] {9});
    assertThat(new CheatEvidence(e, honestFx, e.stateRoot()).verify(LEADER_PUB)).isEqualTo(CheatEvidence.Verdict.VALID);
    assertThat(new CheatEvidence(e, e.effectsHash(), Hash32.ZERO).verify(LEADER_PUB)).isEqualTo(CheatEvidence.Verdict.VALID);
    assertThat(new CheatEvidence(e, e.effectsHash(), e.stateRoot()).verify(LEADER_PUB)).isEqualTo(CheatEvidence.Verdict.NO_DIVERGENCE);
    assertThat(new CheatEvidence(e, honestFx, e.stateRoot()).verify(EntrySamples.BOB.publicKey()))
        .isEqualTo(CheatEvidence.Verdict.BAD_LEADER_SIGNATURE);
    // A forged entry (the Follower changing what the Leader signed) fails the signature.
    Effects other = e.effects().equals(Effects.NONE) ? EntrySamples.effectsVariety().get(1) : Effects.NONE;
    Entry forged = new Entry(e.header(), e.tx(), other, e.stateRoot(), e.leaderSignature());
    assertThat(new CheatEvidence(forged, honestFx, e.stateRoot()).verify(LEADER_PUB)).isEqualTo(CheatEvidence.Verdict.BAD_LEADER_SIGNATURE);
  }
}
