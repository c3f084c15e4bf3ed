package io.statecraft.move.runtime;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.bcs.BcsException;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.storage.ChangeSet;
import io.statecraft.move.storage.ResourceChange;
import io.statecraft.move.storage.StateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs transactions against a loaded {@link ModuleSet}. Shareable between threads: each call
 * builds its own machine and its own view of storage. A transaction reads a {@link StateView}
 * and yields an {@link ExecutionResult}; nothing is applied anywhere — the caller applies the
 * change set when it wants to, and a failed transaction has none.
 */
public final class MoveVm {
  private final ModuleSet modules;
  private final VmLimits limits;
  private final GasSchedule schedule;
  private final Map<Class<?>, Object> extensions;

  public MoveVm(ModuleSet modules) {
    this(modules, VmLimits.DEFAULT, GasSchedule.DEFAULT, Map.of());
  }

  /** {@code extensions}: host objects the node's natives reach through the native context. */
  public MoveVm(ModuleSet modules, VmLimits limits, GasSchedule schedule, Map<Class<?>, Object> extensions) {
    this.modules = modules;
    this.limits = limits;
    this.schedule = schedule;
    this.extensions = Map.copyOf(extensions);
  }

  public ModuleSet modules() {
    return modules;
  }

  /** Calls {@code module::function}; it must be public or entry. */
  public ExecutionResult execute(StateView state, ModuleId module, String function, List<Type> typeArguments,
      List<AccountAddress> signers, List<byte[]> arguments, long gasLimit) {
    FunctionDef f;
    try {
      f = modules.function(module, function);
    } catch (LinkException e) {
      return ExecutionResult.failure(VmError.of(StatusCode.FUNCTION_RESOLUTION_FAILURE, e.getMessage()), 0);
    }
    if (f.visibility() != Visibility.PUBLIC && !f.isEntry()) {
      return ExecutionResult.failure(VmError.of(StatusCode.FUNCTION_RESOLUTION_FAILURE,
          f + " is neither public nor entry"), 0);
    }
    return run(state, f, typeArguments, signers, arguments, gasLimit);
  }

  /** Runs a script's main. */
  public ExecutionResult executeScript(StateView state, CompiledScript script, List<Type> typeArguments,
      List<AccountAddress> signers, List<byte[]> arguments, long gasLimit) {
    FunctionDef main;
    try {
      main = modules.loadScript(script);
    } catch (LinkException e) {
      return ExecutionResult.failure(VmError.of(e.statusCode(), e.getMessage()), 0);
    }
    return run(state, main, typeArguments, signers, arguments, gasLimit);
  }

  /** Runs a function already resolved (tests, benchmarks, the node's tick function). */
  public ExecutionResult run(StateView state, FunctionDef f, List<Type> typeArguments,
      List<AccountAddress> signers, List<byte[]> arguments, long gasLimit) {
    GlobalStore store = new GlobalStore(state);
    Machine machine = new Machine(limits, schedule, store, gasLimit, extensions);
    try {
      Type[] targs = checkTypeArguments(f, typeArguments, machine);
      FunctionInstance instance = f.instantiate(targs);
      List<Type> params = new ArrayList<>();
      for (Type p : f.parameters()) {
        params.add(p.substitute(targs));
      }
      Object[] args = arguments(params, signers, arguments, machine);
      Object[] results = machine.execute(instance, args);
      List<ResourceChange> changes = store.changes();
      long bytes = 0;
      for (ResourceChange c : changes) {
        bytes += c.isDeletion() ? 0 : c.value().length;
      }
      if (changes.size() > limits.maxWriteSetEntries() || bytes > limits.maxWriteSetBytes()) {
        throw VmError.of(StatusCode.STORAGE_WRITE_LIMIT_REACHED,
            changes.size() + " writes of " + bytes + " bytes");
      }
      machine.charge(changes.size() * (long) schedule.storageWritePerEntry + bytes * schedule.storageWritePerByte);
      List<Type> returnTypes = new ArrayList<>();
      for (Type r : f.returns()) {
        returnTypes.add(r.substitute(targs));
      }
      return ExecutionResult.success(returnTypes, List.of(results),
          new ChangeSet(changes, store.events(), machine.gasUsed()));
    } catch (VmError e) {
      return ExecutionResult.failure(e, machine.gasUsed());
    } catch (RuntimeException | StackOverflowError e) {
      // Only code no verifier accepted gets here (e.g. a resource field holding a value of
      // another type, found when the write set is serialized): a deterministic trap, never
      // an exception escaping into the node.
      return ExecutionResult.failure(VmError.of(StatusCode.UNKNOWN_INVARIANT_VIOLATION_ERROR, e.toString()),
          machine.gasUsed());
    }
  }

  private Type[] checkTypeArguments(FunctionDef f, List<Type> typeArguments, Machine machine) {
    if (typeArguments.size() != f.typeParameterCount()) {
      throw VmError.of(StatusCode.NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
          f + " takes " + f.typeParameterCount() + " type arguments, got " + typeArguments.size());
    }
    Type[] targs = typeArguments.toArray(new Type[0]);
    for (int i = 0; i < targs.length; i++) {
      if (!targs[i].isClosed() || targs[i].isReference()) {
        throw VmError.of(StatusCode.TYPE_MISMATCH, "type argument " + targs[i]);
      }
      machine.checkValueDepth(targs[i]);
      int need = f.typeParameterConstraint(i);
      if ((TypeAbilities.of(targs[i]) & need) != need) {
        throw VmError.of(StatusCode.CONSTRAINT_KIND_MISMATCH, targs[i] + " lacks {" + Abilities.describe(need) + "}");
      }
    }
    return targs;
  }

  /** Signer parameters (signer or &signer) take the signers in order; the rest decode BCS. */
  private Object[] arguments(List<Type> params, List<AccountAddress> signers, List<byte[]> bcs, Machine machine) {
    Object[] args = new Object[params.size()];
    int s = 0;
    int b = 0;
    for (int i = 0; i < args.length; i++) {
      Type p = params.get(i);
      Type value = p.isReference() ? p.element() : p;
      Object v;
      if (value.kind() == Type.Kind.SIGNER) {
        if (s >= signers.size()) {
          throw VmError.of(StatusCode.TYPE_MISMATCH, "not enough signers");
        }
        v = new SignerValue(signers.get(s++));
      } else {
        if (b >= bcs.size()) {
          throw VmError.of(StatusCode.TYPE_MISMATCH, "expected " + (args.length - i) + " more arguments");
        }
        machine.checkValueDepth(value);
        byte[] bytes = bcs.get(b++);
        machine.charge(bytes.length * (long) schedule.argumentPerByte);
        try {
          v = Bcs.deserialize(value, bytes);
        } catch (BcsException | IllegalArgumentException e) {
          throw VmError.of(StatusCode.VALUE_DESERIALIZATION_ERROR, "argument " + i + " (" + value + "): " + e.getMessage());
        }
        if (value.kind() == Type.Kind.VECTOR) {
          machine.checkVectorLengths(value, v);
        }
      }
      args[i] = p.isReference() ? NativeValues.refTo(v) : v;
    }
    if (b != bcs.size()) {
      throw VmError.of(StatusCode.TYPE_MISMATCH, (bcs.size() - b) + " arguments too many");
    }
    return args;
  }
}
