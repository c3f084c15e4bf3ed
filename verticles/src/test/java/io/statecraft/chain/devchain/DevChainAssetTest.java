package io.statecraft.chain.devchain;

import static io.statecraft.chain.ChainErrorCode.*;
import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.ChainException;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Fungible assets, NFTs (owner and user separate), and the shared staking pool. */
@ExtendWith(VertxExtension.class)
class DevChainAssetTest {
  final Ed25519.KeyPair studio = key(1);
  final Ed25519.KeyPair alice = key(2);
  final Ed25519.KeyPair bob = key(3);
  ChainHarness h;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path dir) {
    h = new ChainHarness(vertx, dir);
    h.fund(alice, 1000);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  String createGold(String maxSupply) {
    JsonObject args = new JsonObject().put("symbol", "GOLD").put("decimals", 2);
    if (maxSupply != null) args.put("maxSupply", maxSupply);
    return h.ok(studio, "asset.create", args).result().getString("assetId");
  }

  @Test
  void onlyTheCreatorMintsAFungibleAssetUpToItsMaxSupply() {
    String gold = createGold("100");
    h.refused(ASSET_EXISTS, studio, "asset.create", new JsonObject().put("symbol", "GOLD"));
    h.ok(studio, "asset.mint", new JsonObject().put("assetId", gold).put("to", addr(alice)).put("amount", "60"));
    h.refused(NOT_ASSET_CREATOR, alice, "asset.mint", new JsonObject().put("assetId", gold).put("amount", "1"));
    h.refused(SUPPLY_EXCEEDED, studio, "asset.mint", new JsonObject().put("assetId", gold).put("amount", "41"));
    h.refused(ASSET_NOT_FOUND, studio, "asset.mint", new JsonObject().put("assetId", root(3)).put("amount", "1"));
    assertThat(h.account(alice).fungible(gold)).isEqualTo(BigInteger.valueOf(60));
  }

  @Test
  void fungibleTransfersNeedTheBalance() {
    String gold = createGold(null);
    h.ok(studio, "asset.mint", new JsonObject().put("assetId", gold).put("to", addr(alice)).put("amount", "10"));
    h.ok(alice, "asset.transfer", new JsonObject().put("assetId", gold).put("to", addr(bob)).put("amount", "4"));
    h.refused(INSUFFICIENT_BALANCE, alice, "asset.transfer", new JsonObject().put("assetId", gold).put("to", addr(bob)).put("amount", "7"));
    assertThat(h.account(alice).fungible(gold)).isEqualTo(BigInteger.valueOf(6));
    assertThat(h.account(bob).fungible(gold)).isEqualTo(BigInteger.valueOf(4));
  }

  @Test
  void anNftKeepsItsCreatorAndDataWhileOwnerAndUserChangeSeparately() {
    String sword = h.ok(studio, "nft.mint", new JsonObject().put("to", addr(alice))
        .put("data", new JsonObject().put("kind", "sword").put("power", 9))).result().getString("nftId");
    long end = h.clock.nowMillis() + 60_000;
    h.ok(alice, "nft.setUser", new JsonObject().put("nftId", sword).put("user", addr(bob)).put("expiresAtMillis", end));
    AccountView.NftView v = h.account(alice).nfts().get(0);
    assertThat(v.creator()).isEqualTo(addr(studio));
    assertThat(v.owner()).isEqualTo(addr(alice));
    assertThat(v.user()).isEqualTo(addr(bob));
    assertThat(v.userExpiresAtMillis()).isEqualTo(end);
    assertThat(v.data().getInteger("power")).isEqualTo(9);
    h.refused(NOT_NFT_OWNER, bob, "nft.transfer", new JsonObject().put("nftId", sword).put("to", addr(bob)));
    h.ok(alice, "nft.transfer", new JsonObject().put("nftId", sword).put("to", addr(bob)));
    assertThat(h.account(alice).nfts()).isEmpty();
    AccountView.NftView after = h.account(bob).nfts().get(0);
    assertThat(after.owner()).isEqualTo(addr(bob));
    assertThat(after.user()).isEqualTo(addr(bob));
    h.refused(NFT_NOT_FOUND, bob, "nft.transfer", new JsonObject().put("nftId", root(4)).put("to", addr(alice)));
  }

  @Test
  void anNftBroughtIntoAChannelIsLockedAndComesBackToItsHolderOnClose() {
    h.fund(studio, 1000);
    String sword = h.ok(studio, "nft.mint", new JsonObject().put("to", addr(alice))).result().getString("nftId");
    String channel = h.createChannel(studio, createArgs(3, 10)
        .put("assetsAccepted", new JsonObject().put("nftCreators", new JsonArray().add(addr(studio)))));
    h.fund(bob, 1000);
    h.ok(alice, "channel.join", joinArgs(channel, 10).put("assets", new JsonObject().put("nfts", new JsonArray().add(sword))));
    h.join(bob, channel, 10);
    h.refused(NFT_LOCKED, alice, "nft.transfer", new JsonObject().put("nftId", sword).put("to", addr(bob)));
    h.applyLeader(alice, channel);
    JsonObject cs = new JsonObject().put("nfts", new JsonArray().add(new JsonObject().put("nftId", sword).put("to", addr(bob))));
    long id = h.propose(alice, settleArgs(channel, 0, 3, cs, 1));
    h.vote(bob, channel, id, true);
    h.ok(studio, "channel.close", ch(channel));
    assertThat(h.account(bob).nfts()).singleElement().satisfies(n -> {
      assertThat(n.owner()).isEqualTo(addr(bob));
      assertThat(n.lockedIn()).isNull();
    });
  }

  @Test
  void poolStakeBacksChannelsAndCannotBeUnstakedBelowTheirRequirement() {
    h.fund(studio, 1000);
    String channel = h.createChannel(studio, 3, 300);
    JsonObject poolJoin = joinArgs(channel, 0).put("stake", new JsonObject().put("pool", true));
    h.refused(INSUFFICIENT_STAKE, alice, "channel.join", poolJoin);
    h.ok(alice, "pool.stake", new JsonObject().put("amount", "400"));
    h.ok(alice, "channel.join", poolJoin);
    assertThat(h.account(alice).poolChannels()).containsExactly(channel);
    h.refused(INSUFFICIENT_POOL_STAKE, alice, "pool.unstake", new JsonObject().put("amount", "401"));
    ChainException e = h.refused(alice, "pool.unstake", new JsonObject().put("amount", "101"));
    assertThat(e.code()).isEqualTo(POOL_STAKE_IN_USE);
    assertThat(e.data().getString("required")).isEqualTo("300");
    h.ok(alice, "pool.unstake", new JsonObject().put("amount", "100"));
    assertThat(h.account(alice).poolStake()).isEqualTo(BigInteger.valueOf(300));
    assertThat(h.coin(alice)).isEqualTo(BigInteger.valueOf(700));
  }

  @Test
  void accountViewsRoundTripThroughJson() {
    String gold = createGold(null);
    h.ok(studio, "asset.mint", new JsonObject().put("assetId", gold).put("to", addr(alice)).put("amount", "10"));
    h.ok(studio, "nft.mint", new JsonObject().put("to", addr(alice)));
    AccountView a = h.account(alice);
    assertThat(AccountView.fromJson(a.toJson())).isEqualTo(a);
    assertThat(a.nonce()).isEqualTo(1);
  }
}
