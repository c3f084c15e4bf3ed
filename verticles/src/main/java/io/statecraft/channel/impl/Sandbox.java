package io.statecraft.channel.impl;

import io.statecraft.codec.channel.AbortInfo;
import io.statecraft.codec.channel.Address;
import io.statecraft.codec.channel.Blob;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Event;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.StructTag;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.channel.TypeTag;
import io.statecraft.codec.channel.WriteOp;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.FunctionDef;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.natives.channel.ChannelContext;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.statecraft.move.natives.channel.ChannelNatives;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.VmError;
import io.statecraft.move.storage.ChangeSet;
import io.statecraft.move.storage.ResourceChange;
import io.statecraft.move.storage.ResourceKey;
import io.statecraft.move.storage.StateTree;
import io.statecraft.move.storage.StateView;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One node's Move sandbox for one channel: the resource map, its state tree, and the VM over
 * the channel's modules. Confined to the channel's sandbox lane (one thread at a time); never
 * touched from an event loop.
 *
 * <p>Execution is a pure function of (state, transaction): {@link #execute} computes an
 * {@link Outcome} without applying it; {@link #apply} commits it. The controller's own system
 * resources live at address {@code 0x0} types {@code 0x0::statecraft::*} (see CHANNEL-CORE.md):
 * per-member call nonces, membership records, the highest join sequence and the tick clock, so
 * a snapshot of the resource map is the whole channel state.
 */
public final class Sandbox {
  /** Move status of a transaction the channel refuses before the VM runs (bad signature, not a member, replayed nonce). */
  public static final long STATUS_REJECTED = 1;
  public static final long REJECT_BAD_SIGNATURE = 1;
  public static final long REJECT_NOT_A_MEMBER = 2;
  public static final long REJECT_REPLAYED_NONCE = 3;

  private static final String SYS = "0x" + "0".repeat(64) + "::statecraft::";
  static final String NONCE = SYS + "Nonce";
  static final String MEMBER = SYS + "Member";
  static final String JOIN_SEQ = SYS + "JoinSeq";
  static final String CLOCK = SYS + "Clock";

  private final String channelId;
  private final AccountAddress channelAddress;
  private final ModuleSet modules;
  private final boolean framework;
  private final long gasLimit;
  private List<AccountAddress> membersCache;
  private final String tickFunction;
  private TreeMap<ResourceKey, byte[]> state = new TreeMap<>();
  private StateTree tree = StateTree.EMPTY;

  /**
   * @param modules the channel's modules, linked (with the {@code 0x5c::channel} framework when
   *     they use it: then every entry runs with a {@link ChannelContext}, joins run
   *     {@code channel::on_join} with the deposit read from the chain, leaves {@code on_leave})
   */
  public Sandbox(String channelId, ModuleSet modules, long gasLimit, String tickFunction) {
    this.channelId = channelId;
    this.channelAddress = channelAddress(channelId);
    this.modules = modules;
    this.framework = modules.module(ChannelFramework.MODULE_ID) != null;
    this.gasLimit = gasLimit;
    this.tickFunction = tickFunction == null || tickFunction.isEmpty() ? null : tickFunction;
  }

  /** A channel id {@code 0x} + 64 hex is its own address; anything else is hashed to one. */
  public static AccountAddress channelAddress(String channelId) {
    try {
      if (channelId.startsWith("0x") && channelId.length() == 66) return AccountAddress.parse(channelId);
    } catch (RuntimeException ignored) {
      // fall through
    }
    return AccountAddress.of(io.statecraft.codec.Hashes.sha256(channelId.getBytes(StandardCharsets.UTF_8)));
  }

  /** The result of executing one transaction against the current state. */
  public record Outcome(Effects effects, List<ResourceChange> writes, Hash32 stateRoot, StateTree tree) {}

  // ------------------------------------------------------------------ genesis

  /**
   * Runs the channel's init function on the empty state, as a SYSTEM entry at height 0. Syntax
   * {@code ADDR::module::function} or {@code ADDR::module::function(u64, …)} with decimal u64
   * arguments; a {@code signer} parameter receives the module's own address (the game account).
   * Fails if it aborts.
   */
  public void genesis(String initFunction) {
    if (initFunction == null || initFunction.isEmpty()) return;
    String name = initFunction.trim();
    List<byte[]> args = new ArrayList<>();
    int paren = name.indexOf('(');
    if (paren > 0) {
      if (!name.endsWith(")")) throw new IllegalArgumentException("bad init function " + initFunction);
      for (String a : name.substring(paren + 1, name.length() - 1).split(",")) {
        if (!a.isBlank()) args.add(u64(Long.parseUnsignedLong(a.trim())));
      }
      name = name.substring(0, paren).trim();
    }
    FunctionRef f = FunctionRef.parse(name);
    ChannelContext ctx = ChannelContext.builder().height(0).tick(0, 0).system().build();
    ExecutionResult r = runFunction(vm(ctx), view(), f, List.of(f.module().address()), args);
    if (!r.isSuccess()) throw new IllegalStateException("init function failed: " + r.error().getMessage());
    for (ResourceChange c : r.changeSet().changes()) put(c);
    rebuildTree();
  }

  // ------------------------------------------------------------------ execution

  /** Execution without chain data: joins credit no deposit. */
  public Outcome execute(Transaction tx, Map<Address, byte[]> memberKeys) {
    return execute(tx, 0, a -> 0L);
  }

  /**
   * Executes {@code tx} as the entry at {@code height}. {@code deposits} gives a joining member's
   * coin deposit as the chain records it (only read for Join entries).
   */
  public Outcome execute(Transaction tx, long height, java.util.function.ToLongFunction<Address> deposits) {
    Map<Address, byte[]> memberKeys = null;
    long[] clk = clock();
    ChannelContext.Builder base = ChannelContext.builder().height(height).tick(clk[0], clk[1]).members(members());
    List<ResourceChange> sys = new ArrayList<>();
    ChangeSet cs;
    AbortInfo abort = null;
    if (tx instanceof Transaction.Call c) {
      long reject = checkCall(c.sender(), c.nonce(), c.verifySignature(channelId, key(memberKeys, c.sender())));
      if (reject != 0) return rejected(reject);
      sys.add(new ResourceChange(new ResourceKey(addr(c.sender()), NONCE), u64(c.nonce())));
      ExecutionResult r = runCall(vm(base.call().build()), view(), c.sender(), c.call());
      cs = r.changeSet();
      abort = abortOf(r);
    } else if (tx instanceof Transaction.Batch b) {
      long reject = checkCall(b.sender(), b.nonce(), b.verifySignature(channelId, key(memberKeys, b.sender())));
      if (reject != 0) return rejected(reject);
      sys.add(new ResourceChange(new ResourceKey(addr(b.sender()), NONCE), u64(b.nonce())));
      TreeMap<ResourceKey, byte[]> overlay = new TreeMap<>();
      java.util.Set<ResourceKey> deleted = new java.util.TreeSet<>();
      List<io.statecraft.move.storage.Event> events = new ArrayList<>();
      long gas = 0;
      MoveVm bvm = vm(base.call().build());
      for (MoveCall call : b.calls()) {
        StateView v = k -> deleted.contains(k) ? null : overlay.containsKey(k) ? overlay.get(k) : state.get(k);
        ExecutionResult r = runCall(bvm, v, b.sender(), call);
        gas += r.gasUsed();
        if (!r.isSuccess()) {
          abort = abortOf(r);
          break;
        }
        for (ResourceChange ch : r.changeSet().changes()) {
          if (ch.isDeletion()) {
            overlay.remove(ch.key());
            deleted.add(ch.key());
          } else {
            overlay.put(ch.key(), ch.value());
            deleted.remove(ch.key());
          }
        }
        events.addAll(r.changeSet().events());
      }
      if (abort != null) {
        cs = ChangeSet.gasOnly(gas);
      } else {
        List<ResourceChange> all = new ArrayList<>();
        for (var e : overlay.entrySet()) {
          if (!java.util.Arrays.equals(e.getValue(), state.get(e.getKey()))) all.add(new ResourceChange(e.getKey(), e.getValue()));
        }
        for (ResourceKey k : deleted) if (state.containsKey(k)) all.add(new ResourceChange(k, null));
        cs = new ChangeSet(all, events, gas);
      }
    } else if (tx instanceof Transaction.Tick t) {
      byte[] clock = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(t.number()).putLong(t.timeMs()).array();
      sys.add(new ResourceChange(new ResourceKey(channelAddress, CLOCK), clock));
      if (tickFunction != null) {
        FunctionRef f = FunctionRef.parse(tickFunction);
        MoveVm tvm = vm(base.tick(t.number(), t.timeMs()).tickEntry().build());
        ExecutionResult r = runFunction(tvm, view(), f, List.of(f.module().address()), tickArgs(f, t));
        cs = r.changeSet();
        abort = abortOf(r);
      } else {
        cs = ChangeSet.EMPTY;
      }
    } else if (tx instanceof Transaction.Join j) {
      sys.add(new ResourceChange(new ResourceKey(addr(j.member()), MEMBER), u64(j.joinSeq())));
      sys.add(new ResourceChange(new ResourceKey(channelAddress, JOIN_SEQ), u64(j.joinSeq())));
      cs = ChangeSet.EMPTY;
      if (framework && !isMember(j.member())) {
        List<AccountAddress> ms = new ArrayList<>(members());
        ms.add(addr(j.member()));
        long deposit = deposits.applyAsLong(j.member());
        ChannelContext ctx = base.members(ms).join(addr(j.member()), deposit).build();
        ExecutionResult r = vm(ctx).execute(view(), ChannelFramework.MODULE_ID, "on_join", List.of(),
            List.of(addr(j.member())), List.of(), gasLimit);
        cs = r.changeSet();
        abort = abortOf(r);
      }
    } else if (tx instanceof Transaction.Leave l) {
      ResourceKey k = new ResourceKey(addr(l.member()), MEMBER);
      if (state.containsKey(k)) sys.add(new ResourceChange(k, null));
      cs = ChangeSet.EMPTY;
      if (framework && state.containsKey(k)) {
        ExecutionResult r = vm(base.leave(addr(l.member())).build()).execute(view(), ChannelFramework.MODULE_ID,
            "on_leave", List.of(), List.of(addr(l.member())), List.of(), gasLimit);
        cs = r.changeSet();
        abort = abortOf(r);
      }
    } else {
      cs = ChangeSet.EMPTY;
    }
    List<ResourceChange> writes = new ArrayList<>(cs.changes());
    writes.addAll(sys);
    StateTree t = tree;
    for (ResourceChange c : writes) t = c.isDeletion() ? t.remove(c.key()) : t.put(c.key(), c.value());
    Effects effects = new Effects(toWriteOps(writes), toEvents(cs.events()), cs.gasUsed(), abort);
    return new Outcome(effects, writes, Hash32.of(t.root()), t);
  }

  private Outcome rejected(long reason) {
    Effects e = new Effects(List.of(), List.of(), 0, new AbortInfo(STATUS_REJECTED, reason, null));
    return new Outcome(e, List.of(), stateRoot(), tree);
  }

  private long checkCall(Address sender, long nonce, boolean signatureOk) {
    if (!signatureOk) return REJECT_BAD_SIGNATURE;
    if (!state.containsKey(new ResourceKey(addr(sender), MEMBER))) return REJECT_NOT_A_MEMBER;
    if (nonce <= lastNonce(sender)) return REJECT_REPLAYED_NONCE;
    return 0;
  }

  private static byte[] key(Map<Address, byte[]> memberKeys, Address sender) {
    byte[] k = memberKeys == null ? null : memberKeys.get(sender);
    return k != null ? k : sender.toByteArray();
  }

  /** Commits an outcome computed from the current state. */
  public void apply(Outcome o) {
    for (ResourceChange c : o.writes()) put(c);
    tree = o.tree();
  }

  private MoveVm vm(ChannelContext ctx) {
    return framework ? ChannelNatives.vm(modules, ctx) : new MoveVm(modules);
  }

  /** Members in join order (by join sequence). */
  public List<AccountAddress> members() {
    if (membersCache == null) {
      List<Map.Entry<Long, AccountAddress>> ms = new ArrayList<>();
      for (var e : state.entrySet()) {
        if (e.getKey().typeTag().equals(MEMBER)) ms.add(Map.entry(readU64(e.getValue()), e.getKey().address()));
      }
      ms.sort(Map.Entry.comparingByKey());
      List<AccountAddress> out = new ArrayList<>();
      for (var e : ms) out.add(e.getValue());
      membersCache = List.copyOf(out);
    }
    return membersCache;
  }

  /** Applies a logged entry's write set directly (restart replay of entries this node verified). */
  public Hash32 applyWriteSet(Effects effects) {
    StateTree t = tree;
    for (WriteOp w : effects.writeSet()) {
      ResourceKey k = new ResourceKey(addr(w.address()), vmTag(w.type()));
      if (k.typeTag().equals(MEMBER)) membersCache = null;
      if (w.isDeletion()) {
        state.remove(k);
        t = t.remove(k);
      } else {
        byte[] v = w.value().toByteArray();
        state.put(k, v);
        t = t.put(k, v);
      }
    }
    tree = t;
    return stateRoot();
  }

  private void put(ResourceChange c) {
    if (c.key().typeTag().equals(MEMBER)) membersCache = null;
    if (c.isDeletion()) state.remove(c.key());
    else state.put(c.key(), c.value());
  }

  private void rebuildTree() {
    tree = StateTree.of(state);
  }

  private StateView view() {
    TreeMap<ResourceKey, byte[]> s = state;
    return s::get;
  }

  private ExecutionResult runCall(MoveVm vm, StateView view, Address sender, MoveCall call) {
    List<Type> targs = new ArrayList<>();
    try {
      for (TypeTag t : call.typeArgs()) targs.add(modules.parseType(vmTag(t)));
    } catch (RuntimeException e) {
      return failedResult(vm, view, e);
    }
    List<byte[]> args = new ArrayList<>();
    for (Blob b : call.args()) args.add(b.toByteArray());
    ModuleId mid = new ModuleId(addr(call.function().address()), call.function().module());
    return vm.execute(view, mid, call.function().function(), targs, List.of(addr(sender)), args, gasLimit);
  }

  private ExecutionResult failedResult(MoveVm vm, StateView view, RuntimeException e) {
    // Resolution of a type argument failed: run a call that cannot resolve, which the VM reports
    // as a typed failure with zero gas (deterministic on every node).
    return vm.execute(view, new ModuleId(AccountAddress.ZERO, "statecraft_missing"), "missing", List.of(), List.of(),
        List.of(), gasLimit);
  }

  private ExecutionResult runFunction(MoveVm vm, StateView view, FunctionRef f, List<AccountAddress> signers,
      List<byte[]> args) {
    FunctionDef def;
    try {
      def = modules.function(f.module(), f.name());
    } catch (RuntimeException e) {
      return vm.execute(view, f.module(), f.name(), List.of(), signers, args, gasLimit);
    }
    int signerParams = 0;
    for (Type p : def.parameters()) {
      Type v = p.isReference() ? p.element() : p;
      if (v.kind() == Type.Kind.SIGNER) signerParams++;
    }
    return vm.run(view, def, List.of(), signers.subList(0, Math.min(signerParams, signers.size())), args, gasLimit);
  }

  /** Tick arguments by arity: none; (timeMs); (number, timeMs) — all u64. */
  private List<byte[]> tickArgs(FunctionRef f, Transaction.Tick t) {
    int plain = 0;
    try {
      for (Type p : modules.function(f.module(), f.name()).parameters()) {
        Type v = p.isReference() ? p.element() : p;
        if (v.kind() != Type.Kind.SIGNER) plain++;
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    if (plain == 0) return List.of();
    if (plain == 1) return List.of(u64(t.timeMs()));
    return List.of(u64(t.number()), u64(t.timeMs()));
  }

  private static AbortInfo abortOf(ExecutionResult r) {
    if (r.isSuccess()) return null;
    VmError e = r.error();
    AbortInfo.Location loc = null;
    if (e.hasLocation()) {
      loc = new AbortInfo.Location(Address.of(e.module().address().toBytes()), e.module().name(), e.function(),
          e.codeOffset());
    }
    return new AbortInfo(e.statusCode(), e.abortCode() == null ? 0 : e.abortCode(), loc);
  }

  // ------------------------------------------------------------------ reads

  public Hash32 stateRoot() {
    return Hash32.of(tree.root());
  }

  public long lastNonce(Address member) {
    byte[] v = state.get(new ResourceKey(addr(member), NONCE));
    return v == null ? -1 : readU64(v);
  }

  public boolean isMember(Address member) {
    return state.containsKey(new ResourceKey(addr(member), MEMBER));
  }

  public long highestJoinSeq() {
    byte[] v = state.get(new ResourceKey(channelAddress, JOIN_SEQ));
    return v == null ? 0 : readU64(v);
  }

  /** The last tick's number and time, or {0, 0}. */
  public long[] clock() {
    byte[] v = state.get(new ResourceKey(channelAddress, CLOCK));
    if (v == null) return new long[] {0, 0};
    ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
    return new long[] {b.getLong(), b.getLong()};
  }

  /** Every resource in key order. */
  public List<ResourceView> resources(Address only) {
    List<ResourceView> out = new ArrayList<>();
    SortedMap<ResourceKey, byte[]> m = state;
    for (var e : m.entrySet()) {
      Address a = Address.of(e.getKey().address().toBytes());
      if (only != null && !only.equals(a)) continue;
      out.add(new ResourceView(a, StructTag.parseStruct(e.getKey().typeTag()), Blob.of(e.getValue())));
    }
    return out;
  }

  public record ResourceView(Address address, StructTag type, Blob value) {}

  // ------------------------------------------------------------------ snapshots

  /** u32 count, then per resource: address (32) ‖ u32 tag length ‖ tag UTF-8 ‖ u32 value length ‖ value. */
  public byte[] snapshot() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, state.size());
    for (var e : state.entrySet()) {
      out.writeBytes(e.getKey().address().toBytes());
      byte[] tag = e.getKey().typeTag().getBytes(StandardCharsets.UTF_8);
      writeInt(out, tag.length);
      out.writeBytes(tag);
      writeInt(out, e.getValue().length);
      out.writeBytes(e.getValue());
    }
    return out.toByteArray();
  }

  public void restore(byte[] snapshot) {
    ByteBuffer b = ByteBuffer.wrap(snapshot);
    int n = b.getInt();
    TreeMap<ResourceKey, byte[]> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byte[] a = new byte[32];
      b.get(a);
      byte[] tag = new byte[b.getInt()];
      b.get(tag);
      byte[] v = new byte[b.getInt()];
      b.get(v);
      m.put(new ResourceKey(AccountAddress.of(a), new String(tag, StandardCharsets.UTF_8)), v);
    }
    state = m;
    membersCache = null;
    rebuildTree();
  }

  // ------------------------------------------------------------------ conversions

  static AccountAddress addr(Address a) {
    return AccountAddress.of(a.toByteArray());
  }

  /** The VM's canonical tag text of a codec type tag (long addresses, no spaces). */
  static String vmTag(TypeTag t) {
    if (t instanceof StructTag s) {
      StringBuilder sb = new StringBuilder(s.address().toHex()).append("::").append(s.module()).append("::").append(s.name());
      if (!s.typeParams().isEmpty()) {
        sb.append('<');
        for (int i = 0; i < s.typeParams().size(); i++) {
          if (i > 0) sb.append(',');
          sb.append(vmTag(s.typeParams().get(i)));
        }
        sb.append('>');
      }
      return sb.toString();
    }
    if (t instanceof TypeTag.Vector v) return "vector<" + vmTag(v.element()) + ">";
    return t.toString();
  }

  private static List<WriteOp> toWriteOps(List<ResourceChange> writes) {
    List<WriteOp> ops = new ArrayList<>(writes.size());
    for (ResourceChange c : writes) {
      Address a = Address.of(c.key().address().toBytes());
      StructTag type = StructTag.parseStruct(c.key().typeTag());
      ops.add(c.isDeletion() ? WriteOp.delete(a, type) : WriteOp.put(a, type, Blob.of(c.value())));
    }
    return ops;
  }

  private static List<Event> toEvents(List<io.statecraft.move.storage.Event> events) {
    List<Event> out = new ArrayList<>(events.size());
    for (io.statecraft.move.storage.Event e : events) out.add(new Event(TypeTag.parse(e.typeTag()), Blob.of(e.data())));
    return out;
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static long readU64(byte[] v) {
    return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /** {@code ADDR::module::function}. */
  record FunctionRef(ModuleId module, String name) {
    static FunctionRef parse(String text) {
      int i = text.lastIndexOf("::");
      if (i < 0) throw new IllegalArgumentException("not a function: " + text);
      return new FunctionRef(ModuleId.parse(text.substring(0, i)), text.substring(i + 2));
    }
  }
}
