package io.statecraft.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.channel.Transaction;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.statecraft.move.natives.channel.ChannelNatives;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.runtime.VectorValue;
import io.statecraft.move.storage.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample grid game through the VM: rules, aborts, gas, determinism, the workload. */
class GridGameTest {
  static final AccountAddress ALICE = AccountAddress.ofLong(0xa11ce);
  static final AccountAddress BOB = AccountAddress.ofLong(0xb0b);
  static final AccountAddress MALLORY = AccountAddress.ofLong(0xbad);
  static final String G = GridGame.MODULE;

  final GridGameSandbox sb = new GridGameSandbox();

  static void ok(ExecutionResult r) {
    assertThat(r.isSuccess()).as(r.errorJson()).isTrue();
  }

  static void aborts(ExecutionResult r, ModuleId where, long code) {
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.error().statusCode()).as(r.errorJson()).isEqualTo(StatusCode.ABORTED);
    assertThat(r.error().abortCode()).as(r.errorJson()).isEqualTo(code);
    assertThat(r.error().module()).isEqualTo(where);
  }

  /** 8x8 grid, one coin (at cell 3 = (3, 0)), Alice (100 coins) and Bob (50) joined. */
  void twoPlayers() {
    ok(sb.init(8, 8, 1, 4));
    ok(sb.joinChannel(ALICE, 100));
    ok(sb.joinChannel(BOB, 50));
    ok(sb.call(ALICE, GridGame.joinCall()));
    ok(sb.call(BOB, GridGame.joinCall()));
  }

  /** (x, y, dx, dy, score). */
  List<Object> player(AccountAddress a) {
    ExecutionResult r = sb.view(G + "::player", List.of(a.toBytes()));
    ok(r);
    return r.returnValues();
  }

  long balance(AccountAddress a) {
    return (Long) sb.view("0x5c::channel::balance", List.of(a.toBytes())).returnValues().get(0);
  }

  List<Long> coins() {
    VectorValue v = (VectorValue) sb.view(G + "::status", List.of()).returnValues().get(2);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add((Long) v.get(i));
    }
    return out;
  }

  @Test
  void moduleIsBuiltIntoTheClassPathAndVerifies() {
    assertThat(GridGame.bytes()).isNotEmpty();
    assertThat(sb.modules().module(GridGame.MODULE_ID)).isNotNull();
    assertThat(sb.modules().module(ChannelFramework.MODULE_ID)).isNotNull();
  }

  @Test
  void joinPlacesPlayersOnTheDiagonal() {
    twoPlayers();
    assertThat(player(ALICE)).containsExactly(0L, 0L, (byte) 0, (byte) 0, 0L);
    assertThat(player(BOB)).containsExactly(1L, 1L, (byte) 0, (byte) 0, 0L);
    assertThat(sb.view(G + "::player_count", List.of()).returnValues()).containsExactly(2L);
  }

  @Test
  void joinAborts() {
    aborts(sb.call(ALICE, GridGame.joinCall()), ChannelFramework.MODULE_ID, ChannelNatives.E_NOT_MEMBER);
    ok(sb.joinChannel(ALICE, 100));
    aborts(sb.call(ALICE, GridGame.joinCall()), GridGame.MODULE_ID, GridGame.E_NOT_INITIALIZED);
    ok(sb.init(8, 8, 0, 1));
    ok(sb.call(ALICE, GridGame.joinCall()));
    aborts(sb.call(ALICE, GridGame.joinCall()), GridGame.MODULE_ID, GridGame.E_ALREADY_JOINED);
    ok(sb.joinChannel(BOB, 0));
    aborts(sb.call(BOB, GridGame.joinCall()), GridGame.MODULE_ID, GridGame.E_NO_COINS);
    ok(sb.joinChannel(BOB, 5));
    aborts(sb.call(BOB, GridGame.joinCall()), GridGame.MODULE_ID, GridGame.E_GAME_FULL);
    // non-members are refused by every entry with the channel's code
    aborts(sb.call(MALLORY, GridGame.setDirectionCall(1, 0)), ChannelFramework.MODULE_ID, ChannelNatives.E_NOT_MEMBER);
    aborts(sb.call(MALLORY, GridGame.payCall(ALICE, 0)), GridGame.MODULE_ID, GridGame.E_NOT_JOINED);
  }

  @Test
  void initIsForTheNodeOnly() {
    aborts(sb.call(GridGame.GAME_ACCOUNT, G, "init", GridGame.initArgs(8, 8, 0, 4)), ChannelFramework.MODULE_ID,
        ChannelNatives.E_NOT_SYSTEM_ENTRY);
    aborts(sb.init(3, 8, 0, 4), GridGame.MODULE_ID, GridGame.E_BAD_SIZE);
    aborts(sb.init(8, 1025, 0, 4), GridGame.MODULE_ID, GridGame.E_BAD_SIZE);
    aborts(sb.init(8, 8, 65, 4), GridGame.MODULE_ID, GridGame.E_TOO_MANY_COINS);
    aborts(sb.init(8, 8, 1, 0), GridGame.MODULE_ID, GridGame.E_BAD_MAX_PLAYERS);
    aborts(sb.init(8, 8, 1, 1025), GridGame.MODULE_ID, GridGame.E_BAD_MAX_PLAYERS);
    ok(sb.init(8, 8, 3, 4));
    assertThat(coins()).containsExactly(3L, 10L, 17L);
    assertThat(sb.init(8, 8, 3, 4).error().statusCode()).isEqualTo(StatusCode.RESOURCE_ALREADY_EXISTS);
  }

  @Test
  void ticksMovePlayersWithWrapAround() {
    twoPlayers();
    ok(sb.call(ALICE, GridGame.setDirectionCall(-1, 2)));
    ok(sb.call(BOB, GridGame.setDirectionCall(3, -3)));
    assertThat(player(ALICE)).containsExactly(0L, 0L, (byte) 0xff, (byte) 2, 0L);
    for (int t = 1; t <= 5; t++) {
      ok(sb.tick(t * 50L));
    }
    // Alice: x = 0 - 5 mod 8 = 3, y = 0 + 10 mod 8 = 2; Bob: x = 1 + 15 mod 8 = 0, y = 1 - 15 mod 8 = 2
    assertThat(player(ALICE).subList(0, 2)).containsExactly(3L, 2L);
    assertThat(player(BOB).subList(0, 2)).containsExactly(0L, 2L);
    List<Object> status = sb.view(G + "::status", List.of()).returnValues();
    assertThat(status.subList(0, 2)).containsExactly(5L, 250L);
  }

  @Test
  void standingStillStaysPut() {
    twoPlayers();
    for (int t = 1; t <= 3; t++) {
      ok(sb.tick(t));
    }
    assertThat(player(ALICE).subList(0, 2)).containsExactly(0L, 0L);
  }

  @Test
  void tickIsOnlyForTickEntries() {
    twoPlayers();
    aborts(sb.call(ALICE, G, "tick", List.of()), ChannelFramework.MODULE_ID, ChannelNatives.E_NOT_TICK_ENTRY);
  }

  @Test
  void badDirectionsAreRefused() {
    twoPlayers();
    aborts(sb.call(ALICE, GridGame.setDirectionCall(4, 0)), GridGame.MODULE_ID, GridGame.E_BAD_DIRECTION);
    aborts(sb.call(ALICE, GridGame.setDirectionCall(0, -4)), GridGame.MODULE_ID, GridGame.E_BAD_DIRECTION);
    ok(sb.joinChannel(MALLORY, 5));
    aborts(sb.call(MALLORY, GridGame.setDirectionCall(1, 0)), GridGame.MODULE_ID, GridGame.E_NOT_JOINED);
  }

  @Test
  void playersPickUpCoins() {
    twoPlayers();
    assertThat(coins()).containsExactly(3L);
    ok(sb.call(ALICE, GridGame.setDirectionCall(1, 0)));
    ok(sb.tick(1));
    ok(sb.tick(2));
    ExecutionResult r = sb.tick(3);
    ok(r);
    // Alice reaches (3, 0) on tick 3; the coin moves to 3 + 1 + (3 * 7 + 0 * 13) mod 63 = 25
    assertThat(player(ALICE)).containsExactly(3L, 0L, (byte) 1, (byte) 0, 1L);
    assertThat(coins()).containsExactly(25L);
    Event picked = r.changeSet().events().get(0);
    assertThat(picked.typeTag()).endsWith("::grid_game::CoinPicked");
    byte[] data = picked.data();
    assertThat(Arrays.copyOfRange(data, 0, 32)).isEqualTo(ALICE.toBytes());
  }

  @Test
  void paymentsMoveChannelCoins() {
    twoPlayers();
    ExecutionResult r = sb.call(ALICE, GridGame.payCall(BOB, 30));
    ok(r);
    assertThat(balance(ALICE)).isEqualTo(70);
    assertThat(balance(BOB)).isEqualTo(80);
    assertThat(r.changeSet().events()).extracting(Event::typeTag)
        .satisfiesExactly(t -> assertThat(t).endsWith("::channel::Transferred"),
            t -> assertThat(t).endsWith("::grid_game::Paid"));
    aborts(sb.call(BOB, GridGame.payCall(ALICE, 81)), ChannelFramework.MODULE_ID,
        ChannelNatives.E_INSUFFICIENT_BALANCE);
    ok(sb.joinChannel(MALLORY, 5));
    aborts(sb.call(ALICE, GridGame.payCall(MALLORY, 1)), GridGame.MODULE_ID, GridGame.E_NOT_JOINED);
    assertThat(balance(ALICE) + balance(BOB)).isEqualTo(150);
  }

  @Test
  void leavingPaysOutTheBalanceInTheChangeSet() {
    twoPlayers();
    ok(sb.call(ALICE, GridGame.payCall(BOB, 10)));
    ExecutionResult r = sb.leaveChannel(BOB);
    ok(r);
    assertThat(r.changeSet().changes()).singleElement().satisfies(c -> {
      assertThat(c.key().address()).isEqualTo(BOB);
      assertThat(c.isDeletion()).isTrue();
    });
    assertThat(sb.members()).containsExactly(ALICE);
  }

  @Test
  void hostileInputsRunOutOfGas() {
    sb.gasLimit(200_000);
    ExecutionResult r = sb.init(1024, 1024, 1_000_000, 1);
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.OUT_OF_GAS);
    assertThat(r.gasUsed()).isEqualTo(200_000);
    assertThat(sb.state()).isEmpty();
  }

  @Test
  void tickCostGrowsWithPlayersAndStaysBounded() {
    GridGameWorkload w = new GridGameWorkload(1, 64, "c1");
    w.setUp(sb, 64, 64, 256, 1000);
    for (int i = 0; i < 64; i++) {
      ok(sb.apply(w.nextCall()));
    }
    ExecutionResult r = sb.tick(50);
    ok(r);
    assertThat(r.gasUsed()).isBetween(10_000L, 1_000_000L);
  }

  @Test
  void sameSequenceGivesTheSameStateRoot() {
    byte[] a = runWorkload(42, 6);
    byte[] b = runWorkload(42, 6);
    assertThat(a).isEqualTo(b);
    assertThat(runWorkload(43, 6)).isNotEqualTo(a);
  }

  byte[] runWorkload(long seed, int players) {
    GridGameSandbox s = new GridGameSandbox().channelId("grid-" + seed);
    GridGameWorkload w = new GridGameWorkload(seed, players, "grid-" + seed);
    w.setUp(s, 16, 16, 8, 100);
    for (Transaction t : w.sequence(300, 10)) {
      s.apply(t);
    }
    return s.stateRoot();
  }

  @Test
  void workloadRunsForOneToEightPlayersWithOnlyExpectedAborts() {
    for (int players = 1; players <= 8; players++) {
      GridGameSandbox s = new GridGameSandbox().channelId("w");
      GridGameWorkload w = new GridGameWorkload(players, players, "w");
      w.setUp(s, 32, 32, 16, 20);
      int success = 0;
      for (Transaction t : w.sequence(200, 5)) {
        ExecutionResult r = s.apply(t);
        if (r.isSuccess()) {
          success++;
        } else {
          assertThat(r.error().statusCode()).isEqualTo(StatusCode.ABORTED);
          assertThat(r.error().abortCode()).isIn(GridGame.E_BAD_DIRECTION, ChannelNatives.E_INSUFFICIENT_BALANCE);
        }
      }
      assertThat(success).isGreaterThan(150);
      long total = 0;
      for (AccountAddress m : w.members()) {
        total += (Long) s.view("0x5c::channel::balance", List.of(m.toBytes())).returnValues().get(0);
      }
      assertThat(total).isEqualTo(20L * players);
    }
  }

  @Test
  void workloadSignaturesAreChecked() {
    GridGameSandbox s = new GridGameSandbox().channelId("other-channel");
    GridGameWorkload w = new GridGameWorkload(7, 2, "w");
    ok(s.init(8, 8, 0, 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.apply(w.joins().get(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
