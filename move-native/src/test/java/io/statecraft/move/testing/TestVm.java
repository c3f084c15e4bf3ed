package io.statecraft.move.testing;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.GasSchedule;
import io.statecraft.move.runtime.LinkException;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.VmLimits;
import io.statecraft.move.storage.ResourceKey;
import io.statecraft.move.storage.StateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A VM over some modules and an in-memory state that successful transactions update. */
public final class TestVm {
  public final ModuleSet modules;
  public final MoveVm vm;
  public final TreeMap<ResourceKey, byte[]> state = new TreeMap<>();
  public long gasLimit = 10_000_000;

  public TestVm(CompiledModule... modules) {
    this(NativeRegistry.standard(), modules);
  }

  public TestVm(NativeRegistry natives, CompiledModule... modules) {
    this(natives, VmLimits.DEFAULT, modules);
  }

  public TestVm(NativeRegistry natives, VmLimits limits, CompiledModule... modules) {
    this.modules = loadForTest(List.of(modules), natives);
    this.vm = new MoveVm(this.modules, limits, GasSchedule.DEFAULT, Map.of());
  }

  /**
   * Loads through the verifier like production code. Several older runtime tests build modules
   * that the verifier rejects on purpose (ill-typed code, polymorphic recursion, stack floods)
   * or by omission (acquires lists, stack balance); those run unverified, on the generic ops.
   */
  static ModuleSet loadForTest(List<CompiledModule> modules, NativeRegistry natives) {
    try {
      return ModuleSet.load(modules, natives);
    } catch (LinkException e) {
      if (e.statusCode() != StatusCode.UNKNOWN_VERIFICATION_ERROR) {
        throw e;
      }
      return ModuleSet.loadUnverified(modules, natives);
    }
  }

  public StateView view() {
    Map<ResourceKey, byte[]> s = state;
    return s::get;
  }

  /** Runs {@code addr::module::function}; arguments are (type, value) pairs, BCS-encoded here. */
  public ExecutionResult call(String function, List<Type> typeArgs, List<AccountAddress> signers, Object... typedArgs) {
    int last = function.lastIndexOf("::");
    ModuleId module = ModuleId.parse(function.substring(0, last));
    List<byte[]> args = new ArrayList<>();
    for (int i = 0; i < typedArgs.length; i += 2) {
      args.add(Bcs.serialize((Type) typedArgs[i], typedArgs[i + 1]));
    }
    ExecutionResult r = vm.execute(view(), module, function.substring(last + 2), typeArgs, signers, args, gasLimit);
    if (r.isSuccess()) {
      r.changeSet().applyTo(state);
    }
    return r;
  }

  public ExecutionResult call(String function, Object... typedArgs) {
    return call(function, List.of(), List.of(), typedArgs);
  }
}
