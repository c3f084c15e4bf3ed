package io.statecraft.move.bench;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.FunctionDef;
import io.statecraft.move.runtime.GasSchedule;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.VmLimits;
import io.statecraft.move.storage.StateView;
import java.util.List;
import java.util.Map;

/** The benchmark module loaded once; each call is one transaction. */
public final class BenchMove {
  final MoveVm vm;
  final MoveVm counting;
  final FunctionDef arith;
  final FunctionDef sort;
  final FunctionDef game;

  public BenchMove() {
    ModuleSet set = ModuleSet.load(List.of(BenchPrograms.module()), NativeRegistry.standard());
    vm = new MoveVm(set);
    counting = new MoveVm(set, VmLimits.DEFAULT, GasSchedule.INSTRUCTION_COUNT, Map.of());
    ModuleId id = ModuleId.parse("0xbe::bench");
    arith = set.function(id, "arith");
    sort = set.function(id, "sort");
    game = set.function(id, "game");
  }

  private static long value(ExecutionResult r) {
    if (!r.isSuccess()) {
      throw new IllegalStateException(r.toString());
    }
    return (Long) r.returnValues().get(0);
  }

  ExecutionResult run(MoveVm on, FunctionDef f, long... args) {
    byte[][] bcs = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bcs[i] = Bcs.serialize(Type.U64, args[i]);
    }
    return on.run(StateView.EMPTY, f, List.of(), List.of(), List.of(bcs), Long.MAX_VALUE / 2);
  }

  public long arith(long n) {
    return value(run(vm, arith, n));
  }

  public long sort(int n) {
    return value(run(vm, sort, n));
  }

  public long game(int n, int ticks) {
    return value(run(vm, game, n, ticks));
  }

  /** Instructions one call executes (gas under the instruction-count schedule). */
  public long instructions(FunctionDef f, long... args) {
    return run(counting, f, args).gasUsed();
  }
}
