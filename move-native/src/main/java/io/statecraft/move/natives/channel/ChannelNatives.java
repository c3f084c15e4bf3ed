package io.statecraft.move.natives.channel;

import io.statecraft.move.natives.NativeContext;
import io.statecraft.move.natives.NativeFunction;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.GasSchedule;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.Ref;
import io.statecraft.move.runtime.SignerValue;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.runtime.VmLimits;
import java.util.List;
import java.util.Map;

/**
 * The channel natives of {@code 0x5c::channel} (SPEC §9, §10): the entry's tick time and kind,
 * the channel's members, and the private hooks the framework's join and leave entries use.
 * Everything a native returns comes from the {@link ChannelContext} the node built for the
 * entry, never from the host (no clock, no randomness, no iteration over hash order), so the
 * same entry gives the same result on every node and JVM. See {@code move-native/CHANNEL-NATIVES.md}.
 *
 * <p>Gas: the VM charges {@link GasSchedule#nativeBase} for every native call; these natives add
 * the {@code GAS_*} amounts below, and {@code emit} the event bytes
 * ({@link GasSchedule#eventPerByte} per byte, charged by the VM's event store).
 */
public final class ChannelNatives {
  private ChannelNatives() {}

  /** The framework address, {@code 0x5c}. */
  public static final AccountAddress FRAMEWORK = AccountAddress.ofLong(0x5c);
  /** The framework module's name. */
  public static final String MODULE = "channel";

  /** Abort codes (also declared as constants in {@code channel.masm}). */
  public static final long E_NOT_MEMBER = 101;
  public static final long E_INSUFFICIENT_BALANCE = 102;
  public static final long E_NO_BALANCE = 103;
  public static final long E_NOT_JOIN_ENTRY = 104;
  public static final long E_MEMBER_INDEX = 105;
  public static final long E_NOT_TICK_ENTRY = 106;
  public static final long E_NOT_SYSTEM_ENTRY = 107;
  public static final long E_NOT_LEAVE_ENTRY = 108;

  /** Extra gas on top of the VM's native base cost. */
  public static final long GAS_READ = 0;
  public static final long GAS_MEMBER_LOOKUP = 2;
  public static final long GAS_EMIT = 10;

  private static final Object[] NONE = new Object[0];

  /** The channel natives alone, at {@link #FRAMEWORK}. */
  public static NativeRegistry register(NativeRegistry r) {
    AccountAddress a = FRAMEWORK;
    String m = MODULE;
    return r
        .with(a, m, "height", (c, t, args) -> one(Values.u64(ctx(c, GAS_READ).height())))
        .with(a, m, "tick_number", (c, t, args) -> one(Values.u64(ctx(c, GAS_READ).tickNumber())))
        .with(a, m, "tick_time_ms", (c, t, args) -> one(Values.u64(ctx(c, GAS_READ).tickTimeMillis())))
        .with(a, m, "entry_kind", (c, t, args) -> one(Values.u8(ctx(c, GAS_READ).kind().ordinal())))
        .with(a, m, "is_member", (c, t, args) ->
            one(Values.bool(ctx(c, GAS_MEMBER_LOOKUP).isMember((AccountAddress) args[0]))))
        .with(a, m, "member_count", (c, t, args) -> one(Values.u64(ctx(c, GAS_READ).members().size())))
        .with(a, m, "member_at", ChannelNatives::memberAt)
        .with(a, m, "address_of", (c, t, args) -> one(((SignerValue) ((Ref) args[0]).get()).address()))
        .with(a, m, "emit", ChannelNatives::emit)
        .with(a, m, "join_deposit", ChannelNatives::joinDeposit)
        .with(a, m, "check_leave", ChannelNatives::checkLeave);
  }

  /** Move's standard natives at 0x1 plus the channel natives. */
  public static NativeRegistry registry() {
    return register(NativeRegistry.standard());
  }

  /** A VM for one entry: the module set (linked with {@link #registry()}) and the entry's context. */
  public static MoveVm vm(ModuleSet modules, ChannelContext context) {
    return vm(modules, VmLimits.DEFAULT, GasSchedule.DEFAULT, context);
  }

  public static MoveVm vm(ModuleSet modules, VmLimits limits, GasSchedule schedule, ChannelContext context) {
    return new MoveVm(modules, limits, schedule, Map.of(ChannelContext.class, context));
  }

  private static Object[] one(Object v) {
    return new Object[] {v};
  }

  private static ChannelContext ctx(NativeContext c, long gas) {
    if (gas > 0) {
      c.charge(gas);
    }
    return c.extension(ChannelContext.class);
  }

  private static Object[] memberAt(NativeContext c, Type[] t, Object[] args) {
    List<AccountAddress> members = ctx(c, GAS_MEMBER_LOOKUP).members();
    long i = (Long) args[0];
    if (i < 0 || i >= members.size()) {
      throw c.abort(E_MEMBER_INDEX);
    }
    return one(members.get((int) i));
  }

  private static Object[] emit(NativeContext c, Type[] t, Object[] args) {
    c.charge(GAS_EMIT);
    c.emitEvent(t[0], args[0]);
    return NONE;
  }

  private static Object[] joinDeposit(NativeContext c, Type[] t, Object[] args) {
    ChannelContext x = ctx(c, GAS_READ);
    if (x.kind() != ChannelContext.EntryKind.JOIN || !x.subject().equals(args[0])) {
      throw c.abort(E_NOT_JOIN_ENTRY);
    }
    return one(Values.u64(x.deposit()));
  }

  private static Object[] checkLeave(NativeContext c, Type[] t, Object[] args) {
    ChannelContext x = ctx(c, GAS_READ);
    if (x.kind() != ChannelContext.EntryKind.LEAVE || !x.subject().equals(args[0])) {
      throw c.abort(E_NOT_LEAVE_ENTRY);
    }
    return NONE;
  }

  /** For tests and tools: the implementation of one channel native by name. */
  public static NativeFunction lookup(String function) {
    return register(NativeRegistry.EMPTY).lookup(FRAMEWORK, MODULE, function);
  }
}
