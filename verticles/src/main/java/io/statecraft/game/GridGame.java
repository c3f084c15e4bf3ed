package io.statecraft.game;

import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.Values;
import java.util.List;

/**
 * The node's sample game {@code 0xc0de::grid_game} (verticles/SAMPLE-GAME.md): its module bytes,
 * built from {@code src/main/move/grid_game.masm} at process-classes, its abort codes, and
 * builders for its entry calls.
 */
public final class GridGame {
  private GridGame() {}

  public static final String RESOURCE = "/move/grid_game.mv";
  public static final AccountAddress GAME_ACCOUNT = AccountAddress.ofLong(0xc0de);
  public static final ModuleId MODULE_ID = new ModuleId(GAME_ACCOUNT, "grid_game");
  public static final String MODULE = "0xc0de::grid_game";

  /** The tick function the channel names. */
  public static final String TICK_FUNCTION = MODULE + "::tick";

  public static final long E_NOT_GAME_ACCOUNT = 1;
  public static final long E_BAD_SIZE = 2;
  public static final long E_TOO_MANY_COINS = 3;
  public static final long E_ALREADY_JOINED = 4;
  public static final long E_NOT_JOINED = 5;
  public static final long E_GAME_FULL = 6;
  public static final long E_BAD_DIRECTION = 7;
  public static final long E_NO_COINS = 8;
  public static final long E_BAD_MAX_PLAYERS = 9;
  public static final long E_NOT_INITIALIZED = 10;

  /** The module bytes as built. */
  public static byte[] bytes() {
    return ChannelFramework.resource(RESOURCE);
  }

  /** The game linked with the channel framework and natives (verified). */
  public static ModuleSet load() {
    return ChannelFramework.loadBytes(List.of(bytes()));
  }

  public static byte[] u64(long v) {
    return Bcs.serialize(Type.U64, Values.u64(v));
  }

  public static byte[] u8(int v) {
    return Bcs.serialize(Type.U8, Values.u8(v));
  }

  public static byte[] address(AccountAddress a) {
    return a.toBytes();
  }

  /** {@code init(width, height, coin_count, max_players)} arguments (after the signer). */
  public static List<byte[]> initArgs(long width, long height, long coinCount, long maxPlayers) {
    return List.of(u64(width), u64(height), u64(coinCount), u64(maxPlayers));
  }

  public static MoveCall joinCall() {
    return MoveCall.of(MODULE + "::join", List.of(), List.of());
  }

  /** dx, dy in -3..=3 (sent as u8 two's complement). */
  public static MoveCall setDirectionCall(int dx, int dy) {
    return MoveCall.of(MODULE + "::set_direction", List.of(),
        List.of(Blob.of(u8(dx & 0xff)), Blob.of(u8(dy & 0xff))));
  }

  public static MoveCall payCall(AccountAddress to, long amount) {
    return MoveCall.of(MODULE + "::pay", List.of(), List.of(Blob.of(address(to)), Blob.of(u64(amount))));
  }
}
