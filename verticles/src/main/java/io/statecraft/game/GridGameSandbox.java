package io.statecraft.game;

import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.FunctionId;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.move.natives.channel.ChannelContext;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.statecraft.move.natives.channel.ChannelNatives;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.storage.ResourceKey;
import io.statecraft.move.storage.StateTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A single-process stand-in for a channel running the grid game: it keeps the Move state,
 * the member list, the height and the tick clock, builds the {@link ChannelContext} of every
 * entry the way the node does and applies successful change sets. For tests, benchmarks and
 * the workload; the real channel controller executes entries the same way.
 */
public final class GridGameSandbox {
  private final ModuleSet modules;
  private final TreeMap<ResourceKey, byte[]> state = new TreeMap<>();
  private final List<AccountAddress> members = new ArrayList<>();
  private final Map<AccountAddress, Long> pendingDeposits = new HashMap<>();
  private long height;
  private long tickNumber;
  private long tickTimeMs;
  private long gasLimit = 10_000_000;
  private String channelId;

  public GridGameSandbox() {
    this(GridGame.load());
  }

  public GridGameSandbox(ModuleSet modules) {
    this.modules = modules;
  }

  public GridGameSandbox gasLimit(long gasLimit) {
    this.gasLimit = gasLimit;
    return this;
  }

  /** Channel id for verifying signed calls in {@link #apply}; null skips verification. */
  public GridGameSandbox channelId(String channelId) {
    this.channelId = channelId;
    return this;
  }

  public ModuleSet modules() {
    return modules;
  }

  public Map<ResourceKey, byte[]> state() {
    return java.util.Collections.unmodifiableMap(state);
  }

  public List<AccountAddress> members() {
    return List.copyOf(members);
  }

  public long height() {
    return height;
  }

  public byte[] stateRoot() {
    return StateTree.of(state).root();
  }

  private ChannelContext.Builder context() {
    return ChannelContext.builder().height(height).tick(tickNumber, tickTimeMs).members(members);
  }

  private ExecutionResult run(ChannelContext ctx, ModuleId module, String function, List<AccountAddress> signers,
      List<byte[]> args) {
    ExecutionResult r = ChannelNatives.vm(modules, ctx).execute(state::get, module, function, List.of(), signers, args,
        gasLimit);
    height++;
    if (r.isSuccess()) {
      r.changeSet().applyTo(state);
    }
    return r;
  }

  /** The node's setup entry: {@code init} signed for the game account. */
  public ExecutionResult init(long width, long height, long coinCount, long maxPlayers) {
    return run(context().system().build(), GridGame.MODULE_ID, "init", List.of(GridGame.GAME_ACCOUNT),
        GridGame.initArgs(width, height, coinCount, maxPlayers));
  }

  /** A member joined on chain with {@code deposit} coins: the join entry runs {@code channel::on_join}. */
  public ExecutionResult joinChannel(AccountAddress member, long deposit) {
    if (!members.contains(member)) {
      members.add(member);
    }
    return run(context().join(member, deposit).build(), ChannelFramework.MODULE_ID, "on_join", List.of(member), List.of());
  }

  /** The deposit {@link #apply} credits for a {@link Transaction.Join} of this member. */
  public void expectDeposit(AccountAddress member, long deposit) {
    pendingDeposits.put(member, deposit);
  }

  /** The leave entry: {@code channel::on_leave}; the member is off the list afterwards. */
  public ExecutionResult leaveChannel(AccountAddress member) {
    ExecutionResult r = run(context().leave(member).build(), ChannelFramework.MODULE_ID, "on_leave", List.of(member),
        List.of());
    if (r.isSuccess()) {
      members.remove(member);
    }
    return r;
  }

  /** A member's call of a game (or any) entry function. */
  public ExecutionResult call(AccountAddress sender, String module, String function, List<byte[]> args) {
    return run(context().call().build(), ModuleId.parse(module), function, List.of(sender), args);
  }

  public ExecutionResult call(AccountAddress sender, MoveCall call) {
    if (!call.typeArgs().isEmpty()) {
      throw new IllegalArgumentException("the sandbox runs calls without type arguments");
    }
    FunctionId f = call.function();
    List<byte[]> args = new ArrayList<>();
    for (Blob b : call.args()) {
      args.add(b.toByteArray());
    }
    return run(context().call().build(), new ModuleId(AccountAddress.of(f.address().toByteArray()), f.module()),
        f.function(), List.of(sender), args);
  }

  /** The next tick entry at {@code timeMs}. */
  public ExecutionResult tick(long timeMs) {
    tickNumber++;
    tickTimeMs = timeMs;
    return run(context().tickEntry().build(), GridGame.MODULE_ID, "tick", List.of(), List.of());
  }

  /**
   * Applies a channel transaction as the node would: calls (signature checked when a channel
   * id is set; a bad one is refused with an {@link IllegalArgumentException}), ticks, joins
   * (crediting the deposit given to {@link #expectDeposit}) and leaves.
   */
  public ExecutionResult apply(Transaction tx) {
    if (tx instanceof Transaction.Call c) {
      if (channelId != null && !c.verifySignature(channelId)) {
        throw new IllegalArgumentException("bad signature from " + c.sender());
      }
      return call(AccountAddress.of(c.sender().toByteArray()), c.call());
    } else if (tx instanceof Transaction.Tick t) {
      tickNumber = t.number() - 1;
      return tick(t.timeMs());
    } else if (tx instanceof Transaction.Join j) {
      AccountAddress m = AccountAddress.of(j.member().toByteArray());
      return joinChannel(m, pendingDeposits.getOrDefault(m, 0L));
    } else if (tx instanceof Transaction.Leave l) {
      return leaveChannel(AccountAddress.of(l.member().toByteArray()));
    }
    throw new IllegalArgumentException("the sandbox does not run " + tx.getClass().getSimpleName());
  }

  /** Runs a view function (public, not entry) without changing anything or advancing the height. */
  public ExecutionResult view(String function, List<byte[]> args) {
    int last = function.lastIndexOf("::");
    return ChannelNatives.vm(modules, context().call().build()).execute(state::get,
        ModuleId.parse(function.substring(0, last)), function.substring(last + 2), List.of(), List.of(), args, gasLimit);
  }
}
