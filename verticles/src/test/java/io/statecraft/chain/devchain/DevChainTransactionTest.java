package io.statecraft.chain.devchain;

import static io.statecraft.chain.ChainErrorCode.*;
import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainException;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The transaction envelope: signature, chain id, nonces, kinds, args; and how outcomes commit. */
@ExtendWith(VertxExtension.class)
class DevChainTransactionTest {
  final Ed25519.KeyPair alice = key(2);
  final Ed25519.KeyPair bob = key(3);
  ChainHarness h;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  SignedTx tx(Ed25519.KeyPair k, long nonce, String kind, JsonObject args) {
    return SignedTx.sign(k, h.options.chainId(), nonce, kind, args);
  }

  ChainException submitRefused(SignedTx tx) {
    Future<TxReceipt> f = h.chain.submit(tx);
    try {
      await(f);
    } catch (ChainException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  JsonObject amount(long n) {
    return new JsonObject().put("amount", Long.toString(n));
  }

  @Test
  void aTransactionWithAForgedSignatureIsRefusedAtSubmit() {
    SignedTx good = tx(alice, 0, "faucet", amount(5));
    SignedTx forged = new SignedTx(good.chainId(), addr(bob), 0, good.kind(), good.args(), good.signature());
    assertThat(submitRefused(forged).code()).isEqualTo(BAD_SIGNATURE);
    SignedTx tampered = new SignedTx(good.chainId(), good.sender(), 0, good.kind(), amount(6), good.signature());
    assertThat(submitRefused(tampered).code()).isEqualTo(BAD_SIGNATURE);
    assertThat(h.account(alice).nonce()).isZero();
  }

  @Test
  void aTransactionForAnotherChainIsRefusedAtSubmit() {
    ChainException e = submitRefused(SignedTx.sign(alice, "other-chain", 0, "faucet", amount(5)));
    assertThat(e.code()).isEqualTo(WRONG_CHAIN);
    assertThat(e.data().getString("chainId")).isEqualTo(DevChainOptions.DEFAULT_CHAIN_ID);
  }

  @Test
  void usedDuplicateAndFarFutureNoncesAreRefusedAtSubmit() {
    h.fund(alice, 10);
    assertThat(submitRefused(tx(alice, 0, "faucet", amount(1))).code()).isEqualTo(BAD_NONCE);
    Future<TxReceipt> pending = h.chain.submit(tx(alice, 1, "faucet", amount(1)));
    assertThat(submitRefused(tx(alice, 1, "faucet", amount(2))).code()).isEqualTo(BAD_NONCE);
    ChainException far = submitRefused(tx(alice, 1 + 16, "faucet", amount(1)));
    assertThat(far.code()).isEqualTo(BAD_NONCE);
    assertThat(far.data().getLong("expected")).isEqualTo(1);
    h.block();
    assertThat(await(pending).height()).isPositive();
  }

  @Test
  void futureNoncesWaitAndAreOrderedInTheBlock() {
    Future<TxReceipt> second = h.chain.submit(tx(alice, 1, "faucet", amount(2)));
    Future<TxReceipt> third = h.chain.submit(tx(alice, 2, "faucet", amount(3)));
    Block empty = h.block();
    assertThat(empty.transactions()).isEmpty();
    Future<TxReceipt> first = h.chain.submit(tx(alice, 0, "faucet", amount(1)));
    Block b = h.block();
    assertThat(b.transactions()).extracting(o -> o.tx().nonce()).containsExactly(0L, 1L, 2L);
    assertThat(await(first).txIndex()).isZero();
    assertThat(await(second).txIndex()).isEqualTo(1);
    assertThat(await(third).txIndex()).isEqualTo(2);
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(6));
  }

  @Test
  void aNonceGapThatStaysOpenPastTheTimeoutIsRefused() {
    Future<TxReceipt> waiting = h.chain.submit(tx(alice, 1, "faucet", amount(2)));
    h.advance(60_001);
    assertThatThrownBy(() -> await(waiting)).isInstanceOfSatisfying(ChainException.class,
        e -> assertThat(e.code()).isEqualTo(BAD_NONCE));
  }

  @Test
  void malformedArgsAndUnknownKindsAreRefusedAtSubmitAndUseNoNonce() {
    assertThat(submitRefused(tx(alice, 0, "faucet", new JsonObject().put("amount", "-1"))).code())
        .isEqualTo(MALFORMED_TRANSACTION);
    assertThat(submitRefused(tx(alice, 0, "transfer", new JsonObject().put("to", "bob").put("amount", "1"))).code())
        .isEqualTo(MALFORMED_TRANSACTION);
    assertThat(submitRefused(tx(alice, 0, "channel.join", new JsonObject().put("channelId", root(1)))).code())
        .isEqualTo(MALFORMED_TRANSACTION);
    assertThat(submitRefused(tx(alice, 0, "mint.gold", new JsonObject())).code()).isEqualTo(UNKNOWN_TRANSACTION_KIND);
    assertThat(submitRefused(tx(alice, 0, "faucet", new JsonObject().put("amount", "18446744073709551616"))).code())
        .isEqualTo(MALFORMED_TRANSACTION);
    Block b = h.block();
    assertThat(b.transactions()).isEmpty();
    assertThat(h.account(alice).nonce()).isZero();
  }

  @Test
  void aRefusedContractCallIsCommittedWithItsErrorAndUsesItsNonce() {
    h.fund(alice, 10);
    ChainException e = h.refused(alice, "transfer", new JsonObject().put("to", addr(bob)).put("amount", "11"));
    assertThat(e.code()).isEqualTo(INSUFFICIENT_BALANCE);
    Block b = await(h.chain.block(await(h.chain.status()).height()));
    assertThat(b.transactions()).hasSize(1);
    assertThat(b.transactions().get(0).succeeded()).isFalse();
    assertThat(b.transactions().get(0).error().getInteger("code")).isEqualTo(INSUFFICIENT_BALANCE.code());
    assertThat(h.account(alice).nonce()).isEqualTo(2);
    assertThat(h.coin(alice)).isEqualTo(BigInteger.TEN);
  }

  @Test
  void submitCompletesOnlyWhenTheBlockIsCommitted() {
    Future<TxReceipt> f = h.chain.submit(tx(alice, 0, "faucet", amount(1)));
    await(h.chain.status());
    assertThat(f.isComplete()).isFalse();
    Block b = h.block();
    TxReceipt r = await(f);
    assertThat(r.height()).isEqualTo(b.height());
    assertThat(r.txHash()).isEqualTo(b.transactions().get(0).tx().hash());
  }

  @Test
  void blocksChainByHashAndCarryTheirTimeAndStateRoot() {
    Block b1 = h.block();
    h.clock.advance(250);
    h.fund(alice, 1);
    Block b2 = await(h.chain.block(b1.height() + 1));
    assertThat(b2.prevHash()).isEqualTo(b1.hash());
    assertThat(b2.hash()).isEqualTo(b2.computeHash());
    assertThat(b2.timeMillis()).isEqualTo(b1.timeMillis() + 250);
    assertThat(b2.stateRoot()).isNotEqualTo(b1.stateRoot());
    assertThat(Block.fromJson(b2.toJson())).isEqualTo(b2);
    assertThatThrownBy(() -> await(h.chain.block(99))).isInstanceOfSatisfying(ChainException.class,
        e -> assertThat(e.code()).isEqualTo(BLOCK_NOT_FOUND));
  }

  @Test
  void theBlockBeatMakesABlockPerIntervalOfChainTime(Vertx vertx, @TempDir Path dir) {
    ChainHarness beat = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(1000));
    try {
      long start = await(beat.chain.status()).height();
      beat.clock.advance(3000);
      Block made = beat.block();
      assertThat(made.height()).isEqualTo(start + 4);
      assertThat(await(beat.chain.block(start + 1)).timeMillis()).isEqualTo(T0 + 1000);
      assertThat(await(beat.chain.block(start + 3)).timeMillis()).isEqualTo(T0 + 3000);
    } finally {
      beat.close();
    }
  }

  @Test
  void theFaucetIsRefusedOutsideDevMode(Vertx vertx, @TempDir Path dir) {
    ChainHarness prod = new ChainHarness(vertx, dir, new DevChainOptions().devMode(false).blockIntervalMillis(0));
    try {
      prod.refused(FAUCET_DISABLED, alice, "faucet", amount(1));
    } finally {
      prod.close();
    }
  }

  @Test
  void coinTransfersMoveBalanceAndEmitATransferEvent() {
    h.fund(alice, 100);
    TxReceipt r = h.ok(alice, "transfer", new JsonObject().put("to", addr(bob)).put("amount", "40"));
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("transfer");
      assertThat(e.data().getString("amount")).isEqualTo("40");
    });
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(60));
    assertThat(h.coin(bob)).isEqualTo(BigInteger.valueOf(40));
  }

  @Test
  void amountsBeyondTwoToTheSixtyFourAreRefusedAsOverflow() {
    h.ok(alice, "faucet", new JsonObject().put("amount", "18446744073709551615"));
    h.refused(AMOUNT_OVERFLOW, alice, "faucet", amount(1));
    assertThat(h.coin(alice).toString()).isEqualTo("18446744073709551615");
  }
}
