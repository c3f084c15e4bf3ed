package io.statecraft.game;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.move.runtime.AccountAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible load for the grid game: 1..N members with Ed25519 keys derived from the
 * seed, their signed {@code join} calls, then random signed {@code set_direction} and {@code pay}
 * calls with per-member nonces, interleaved with ticks. The same seed gives the same keys and
 * the same transactions (signatures included: Ed25519 is deterministic). Reusable by the channel
 * core tests and the benchmarks; {@link GridGameSandbox} runs it without a node.
 */
public final class GridGameWorkload {
  /** Per mille of calls that are {@code pay} (the rest {@code set_direction}). */
  public static final int PAY_PER_MILLE = 300;
  /** Per mille of {@code set_direction} calls with an out-of-range component (they abort E_BAD_DIRECTION). */
  public static final int BAD_DIRECTION_PER_MILLE = 20;

  private final String channelId;
  private final List<Ed25519.KeyPair> keys = new ArrayList<>();
  private final List<AccountAddress> members = new ArrayList<>();
  private final long[] nonces;
  private final SplittableRandom random;
  private long tickNumber;
  private long tickTimeMs;
  private final long tickIntervalMs;

  public GridGameWorkload(long seed, int players, String channelId) {
    this(seed, players, channelId, 50);
  }

  public GridGameWorkload(long seed, int players, String channelId, long tickIntervalMs) {
    if (players < 1) {
      throw new IllegalArgumentException("players must be >= 1");
    }
    this.channelId = channelId;
    this.random = new SplittableRandom(seed);
    this.tickIntervalMs = tickIntervalMs;
    this.nonces = new long[players];
    for (int i = 0; i < players; i++) {
      Ed25519.KeyPair k = Ed25519.fromSeed(keySeed(seed, i));
      keys.add(k);
      members.add(AccountAddress.of(k.publicKey()));
    }
  }

  private static byte[] keySeed(long seed, int i) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("statecraft/grid-game-workload".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.update(ByteBuffer.allocate(12).putLong(seed).putInt(i).array());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String channelId() {
    return channelId;
  }

  public List<Ed25519.KeyPair> keys() {
    return List.copyOf(keys);
  }

  public List<AccountAddress> members() {
    return List.copyOf(members);
  }

  private Transaction.Call signed(int player, MoveCall call) {
    return Transaction.Call.sign(channelId, keys.get(player), ++nonces[player], call);
  }

  /** Every member's signed {@code grid_game::join}, in member order. */
  public List<Transaction> joins() {
    List<Transaction> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(signed(i, GridGame.joinCall()));
    }
    return out;
  }

  /** The next tick transaction (numbers 1, 2, …; time advancing by the tick interval). */
  public Transaction.Tick nextTick() {
    tickNumber++;
    tickTimeMs += tickIntervalMs;
    return new Transaction.Tick(tickNumber, tickTimeMs);
  }

  /** One random signed call by a random member. */
  public Transaction.Call nextCall() {
    int p = random.nextInt(keys.size());
    if (keys.size() > 1 && random.nextInt(1000) < PAY_PER_MILLE) {
      int to = random.nextInt(keys.size() - 1);
      if (to >= p) {
        to++;
      }
      return signed(p, GridGame.payCall(members.get(to), 1 + random.nextInt(10)));
    }
    if (random.nextInt(1000) < BAD_DIRECTION_PER_MILLE) {
      return signed(p, GridGame.setDirectionCall(4 + random.nextInt(100), 0));
    }
    return signed(p, GridGame.setDirectionCall(random.nextInt(3) - 1, random.nextInt(3) - 1));
  }

  /** {@code calls} random calls with a tick after every {@code callsPerTick} of them. */
  public List<Transaction> sequence(int calls, int callsPerTick) {
    List<Transaction> out = new ArrayList<>();
    for (int i = 1; i <= calls; i++) {
      out.add(nextCall());
      if (callsPerTick > 0 && i % callsPerTick == 0) {
        out.add(nextTick());
      }
    }
    return out;
  }

  /**
   * A sandbox with the game initialised ({@code width} x {@code height}, {@code coins} coins),
   * every member joined on the channel with {@code deposit} coins and joined the game.
   */
  public GridGameSandbox setUp(GridGameSandbox sandbox, long width, long height, long coins, long deposit) {
    requireSuccess(sandbox.init(width, height, coins, Math.max(keys.size(), 1)), "init");
    for (AccountAddress m : members) {
      requireSuccess(sandbox.joinChannel(m, deposit), "channel join");
    }
    for (Transaction t : joins()) {
      requireSuccess(sandbox.apply(t), "game join");
    }
    return sandbox;
  }

  private static void requireSuccess(io.statecraft.move.runtime.ExecutionResult r, String what) {
    if (!r.isSuccess()) {
      throw new IllegalStateException(what + " failed: " + r.errorJson());
    }
  }
}
