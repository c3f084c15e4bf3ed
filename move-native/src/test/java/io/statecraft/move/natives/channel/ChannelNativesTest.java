package io.statecraft.move.natives.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.asm.Assembler;
import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.runtime.AccountAddress;
import io.statecraft.move.runtime.ExecutionResult;
import io.statecraft.move.runtime.GasSchedule;
import io.statecraft.move.runtime.LinkException;
import io.statecraft.move.runtime.ModuleId;
import io.statecraft.move.runtime.ModuleSet;
import io.statecraft.move.runtime.MoveVm;
import io.statecraft.move.runtime.StatusCode;
import io.statecraft.move.runtime.Type;
import io.statecraft.move.runtime.Values;
import io.statecraft.move.storage.ResourceKey;
import io.statecraft.move.storage.StateTree;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every channel native and framework function: semantics, abort codes, gas, determinism. */
class ChannelNativesTest {
  static final AccountAddress ALICE = AccountAddress.ofLong(0xa11ce);
  static final AccountAddress BOB = AccountAddress.ofLong(0xb0b);
  static final AccountAddress MALLORY = AccountAddress.ofLong(0xbad);
  static final ModuleId PROBE = ModuleId.parse("0x77::probe");
  static final ModuleId CHANNEL = ChannelFramework.MODULE_ID;

  static final String PROBE_SRC = """
      #[format(legacy, 6)]
      module 0x77::probe {
        use fun 0x5c::channel::height(): u64;
        use fun 0x5c::channel::tick_number(): u64;
        use fun 0x5c::channel::tick_time_ms(): u64;
        use fun 0x5c::channel::entry_kind(): u8;
        use fun 0x5c::channel::is_member(address): bool;
        use fun 0x5c::channel::member_count(): u64;
        use fun 0x5c::channel::member_at(u64): address;
        use fun 0x5c::channel::address_of(&signer): address;
        use fun 0x5c::channel::emit<T: copy + drop + store>(T);
        use fun 0x5c::channel::assert_member(&signer);
        use fun 0x5c::channel::assert_tick();
        use fun 0x5c::channel::assert_system();
        use fun 0x5c::channel::balance(address): u64;
        use fun 0x5c::channel::transfer(&signer, address, u64);

        struct Ping has copy, drop, store { n: u64, who: address }

        public fun entry_info(): (u64, u64, u64, u8) {
          Call height
          Call tick_number
          Call tick_time_ms
          Call entry_kind
          Ret
        }
        public fun member(a: address): bool {
          MoveLoc a
          Call is_member
          Ret
        }
        public fun count(): u64 {
          Call member_count
          Ret
        }
        public fun at(i: u64): address {
          MoveLoc i
          Call member_at
          Ret
        }
        public fun who(s: &signer): address {
          MoveLoc s
          Call address_of
          Ret
        }
        public entry fun ping(s: &signer, n: u64) {
          MoveLoc n
          MoveLoc s
          Call address_of
          Pack Ping
          Call emit<Ping>
          Ret
        }
        public entry fun members_only(s: &signer) {
          MoveLoc s
          Call assert_member
          Ret
        }
        public entry fun tick_only() {
          Call assert_tick
          Ret
        }
        public entry fun system_only() {
          Call assert_system
          Ret
        }
        public fun bal(a: address): u64 {
          MoveLoc a
          Call balance
          Ret
        }
        public entry fun send(s: &signer, to: address, amount: u64) {
          MoveLoc s
          MoveLoc to
          MoveLoc amount
          Call transfer
          Ret
        }
        // Busy loop calling a native: used for gas accounting.
        public fun many(n: u64): u64 {
          local i: u64;
          LdU64 0
          StLoc i
        loop:
          CopyLoc i
          CopyLoc n
          Lt
          BrFalse done
          Call member_count
          Pop
          MoveLoc i
          LdU64 1
          Add
          StLoc i
          Branch loop
        done:
          MoveLoc i
          Ret
        }
      }
      """;

  final ModuleSet modules = ChannelFramework.load(List.of(Assembler.assembleModule(PROBE_SRC, "probe.masm")));
  final TreeMap<ResourceKey, byte[]> state = new TreeMap<>();

  ChannelContext.Builder ctx() {
    return ChannelContext.builder().height(7).tick(3, 150).members(List.of(ALICE, BOB));
  }

  ExecutionResult run(ChannelContext c, ModuleId m, String f, List<AccountAddress> signers, byte[]... args) {
    ExecutionResult r = ChannelNatives.vm(modules, c).execute(state::get, m, f, List.of(), signers, List.of(args),
        1_000_000);
    if (r.isSuccess()) {
      r.changeSet().applyTo(state);
    }
    return r;
  }

  static byte[] u64(long v) {
    return Bcs.serialize(Type.U64, Values.u64(v));
  }

  static void assertAbort(ExecutionResult r, ModuleId where, long code) {
    assertThat(r.isSuccess()).as(r.toString()).isFalse();
    assertThat(r.error().statusCode()).as(r.toString()).isEqualTo(StatusCode.ABORTED);
    assertThat(r.error().abortCode()).isEqualTo(code);
    assertThat(r.error().module()).isEqualTo(where);
  }

  @Test
  void frameworkIsBuiltVerifiedAndAtTheDocumentedAddress() {
    CompiledModule m = ChannelFramework.module();
    assertThat(m.moduleId().name()).isEqualTo("channel");
    assertThat(AccountAddress.of(m.moduleId().address().toBytes())).isEqualTo(AccountAddress.ofLong(0x5c));
    assertThat(ChannelNatives.registry().asMap().keySet()).filteredOn(k -> k.contains("::channel::")).hasSize(11);
  }

  @Test
  void entryInfoComesFromTheContext() {
    ExecutionResult r = run(ctx().build(), PROBE, "entry_info", List.of());
    assertThat(r.returnValues()).containsExactly(7L, 3L, 150L, (byte) 0);
    r = run(ctx().tickEntry().build(), PROBE, "entry_info", List.of());
    assertThat(r.returnValues().get(3)).isEqualTo((byte) 1);
    r = run(ctx().join(ALICE, 5).build(), PROBE, "entry_info", List.of());
    assertThat(r.returnValues().get(3)).isEqualTo((byte) 2);
    r = run(ctx().leave(ALICE).build(), PROBE, "entry_info", List.of());
    assertThat(r.returnValues().get(3)).isEqualTo((byte) 3);
    r = run(ctx().system().build(), PROBE, "entry_info", List.of());
    assertThat(r.returnValues().get(3)).isEqualTo((byte) 4);
  }

  @Test
  void members() {
    ChannelContext c = ctx().build();
    assertThat(run(c, PROBE, "member", List.of(), ALICE.toBytes()).returnValues()).containsExactly(true);
    assertThat(run(c, PROBE, "member", List.of(), MALLORY.toBytes()).returnValues()).containsExactly(false);
    assertThat(run(c, PROBE, "count", List.of()).returnValues()).containsExactly(2L);
    assertThat(run(c, PROBE, "at", List.of(), u64(0)).returnValues()).containsExactly(ALICE);
    assertThat(run(c, PROBE, "at", List.of(), u64(1)).returnValues()).containsExactly(BOB);
    assertAbort(run(c, PROBE, "at", List.of(), u64(2)), CHANNEL, ChannelNatives.E_MEMBER_INDEX);
    assertAbort(run(c, PROBE, "at", List.of(), u64(-1)), CHANNEL, ChannelNatives.E_MEMBER_INDEX);
    assertThat(run(c, PROBE, "who", List.of(BOB)).returnValues()).containsExactly(BOB);
  }

  @Test
  void assertMemberRefusesNonMembers() {
    assertThat(run(ctx().build(), PROBE, "members_only", List.of(ALICE)).isSuccess()).isTrue();
    assertAbort(run(ctx().build(), PROBE, "members_only", List.of(MALLORY)), CHANNEL, ChannelNatives.E_NOT_MEMBER);
  }

  @Test
  void assertTickAndSystem() {
    assertAbort(run(ctx().build(), PROBE, "tick_only", List.of()), CHANNEL, ChannelNatives.E_NOT_TICK_ENTRY);
    assertThat(run(ctx().tickEntry().build(), PROBE, "tick_only", List.of()).isSuccess()).isTrue();
    assertAbort(run(ctx().build(), PROBE, "system_only", List.of()), CHANNEL, ChannelNatives.E_NOT_SYSTEM_ENTRY);
    assertAbort(run(ctx().tickEntry().build(), PROBE, "system_only", List.of()), CHANNEL,
        ChannelNatives.E_NOT_SYSTEM_ENTRY);
    assertThat(run(ctx().system().build(), PROBE, "system_only", List.of()).isSuccess()).isTrue();
  }

  @Test
  void emitRecordsTheEvent() {
    ExecutionResult r = run(ctx().build(), PROBE, "ping", List.of(ALICE), u64(42));
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.changeSet().events()).hasSize(1);
    assertThat(r.changeSet().events().get(0).typeTag()).endsWith("::probe::Ping");
    byte[] expected = new byte[40];
    expected[0] = 42;
    ALICE.writeTo(expected, 8);
    assertThat(r.changeSet().events().get(0).data()).isEqualTo(expected);
  }

  @Test
  void joinCreditsTheDepositOnlyInTheMembersJoinEntry() {
    ExecutionResult r = run(ctx().join(ALICE, 100).build(), CHANNEL, "on_join", List.of(ALICE));
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.changeSet().events()).hasSize(1);
    assertThat(balance(ALICE)).isEqualTo(100);
    assertThat(state).containsKey(new ResourceKey(ALICE, "0x" + "0".repeat(62) + "5c::channel::Balance"));
    // a second join (top-up) adds
    assertThat(run(ctx().join(ALICE, 25).build(), CHANNEL, "on_join", List.of(ALICE)).isSuccess()).isTrue();
    assertThat(balance(ALICE)).isEqualTo(125);
    // a member calling on_join itself, or in another member's join entry: refused
    assertAbort(run(ctx().build(), CHANNEL, "on_join", List.of(ALICE)), CHANNEL, ChannelNatives.E_NOT_JOIN_ENTRY);
    assertAbort(run(ctx().join(BOB, 10).build(), CHANNEL, "on_join", List.of(ALICE)), CHANNEL,
        ChannelNatives.E_NOT_JOIN_ENTRY);
    assertThat(balance(ALICE)).isEqualTo(125);
  }

  long balance(AccountAddress a) {
    return (Long) run(ctx().build(), PROBE, "bal", List.of(), a.toBytes()).returnValues().get(0);
  }

  @Test
  void transferMovesCoinsBetweenMembers() {
    run(ctx().join(ALICE, 100).build(), CHANNEL, "on_join", List.of(ALICE));
    run(ctx().join(BOB, 10).build(), CHANNEL, "on_join", List.of(BOB));
    ExecutionResult r = run(ctx().build(), PROBE, "send", List.of(ALICE), BOB.toBytes(), u64(30));
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.changeSet().changes()).hasSize(2);
    assertThat(r.changeSet().events().get(0).typeTag()).endsWith("::channel::Transferred");
    assertThat(balance(ALICE)).isEqualTo(70);
    assertThat(balance(BOB)).isEqualTo(40);
    // to oneself: a no-op on the balance
    assertThat(run(ctx().build(), PROBE, "send", List.of(BOB), BOB.toBytes(), u64(40)).isSuccess()).isTrue();
    assertThat(balance(BOB)).isEqualTo(40);
    assertAbort(run(ctx().build(), PROBE, "send", List.of(BOB), ALICE.toBytes(), u64(41)), CHANNEL,
        ChannelNatives.E_INSUFFICIENT_BALANCE);
    assertAbort(run(ctx().build(), PROBE, "send", List.of(MALLORY), ALICE.toBytes(), u64(0)), CHANNEL,
        ChannelNatives.E_NOT_MEMBER);
    assertAbort(run(ctx().build(), PROBE, "send", List.of(ALICE), MALLORY.toBytes(), u64(1)), CHANNEL,
        ChannelNatives.E_NOT_MEMBER);
    ChannelContext withCarol = ctx().addMember(MALLORY).build();
    assertAbort(run(withCarol, PROBE, "send", List.of(ALICE), MALLORY.toBytes(), u64(1)), CHANNEL,
        ChannelNatives.E_NO_BALANCE);
    assertAbort(run(withCarol, PROBE, "send", List.of(MALLORY), ALICE.toBytes(), u64(1)), CHANNEL,
        ChannelNatives.E_NO_BALANCE);
    assertThat(balance(ALICE) + balance(BOB)).isEqualTo(110);
  }

  @Test
  void leaveRemovesTheBalanceOnlyInTheMembersLeaveEntry() {
    run(ctx().join(ALICE, 100).build(), CHANNEL, "on_join", List.of(ALICE));
    assertAbort(run(ctx().build(), CHANNEL, "on_leave", List.of(ALICE)), CHANNEL, ChannelNatives.E_NOT_LEAVE_ENTRY);
    assertAbort(run(ctx().leave(BOB).build(), CHANNEL, "on_leave", List.of(ALICE)), CHANNEL,
        ChannelNatives.E_NOT_LEAVE_ENTRY);
    ExecutionResult r = run(ctx().leave(ALICE).build(), CHANNEL, "on_leave", List.of(ALICE));
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    assertThat(r.changeSet().changes()).singleElement().satisfies(c -> assertThat(c.isDeletion()).isTrue());
    assertThat(balance(ALICE)).isZero();
  }

  @Test
  void privateNativesCannotBeLinkedFromGames() {
    String thief = """
        #[format(legacy, 6)]
        module 0x66::thief {
          use fun 0x5c::channel::join_deposit(address): u64;
          public fun steal(a: address): u64 {
            MoveLoc a
            Call join_deposit
            Ret
          }
        }
        """;
    assertThatThrownBy(() -> ChannelFramework.load(List.of(Assembler.assembleModule(thief, "thief.masm"))))
        .isInstanceOf(LinkException.class)
        .satisfies(e -> assertThat(((LinkException) e).statusCode()).isEqualTo(StatusCode.LINKER_ERROR));
  }

  @Test
  void undeclaredNativeIsRefusedAtLoad() {
    String rogue = """
        #[format(legacy, 6)]
        module 0x66::rogue {
          native public fun wall_clock(): u64;
        }
        """;
    assertThatThrownBy(() -> ChannelFramework.load(List.of(Assembler.assembleModule(rogue, "rogue.masm"))))
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("wall_clock");
  }

  @Test
  void withoutAContextTheNativesFailCleanly() {
    ExecutionResult r = new MoveVm(modules).execute(state::get, PROBE, "count", List.of(), List.of(), List.of(),
        1_000_000);
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.MISSING_DEPENDENCY);
  }

  @Test
  void gasPerNativeCallIsFixedAndDocumented() {
    ChannelContext c = ctx().build();
    long g10 = run(c, PROBE, "many", List.of(), u64(10)).gasUsed();
    long g20 = run(c, PROBE, "many", List.of(), u64(20)).gasUsed();
    // per iteration: the loop's own instructions + Call + native base + GAS_READ
    long perIteration = (g20 - g10) / 10;
    long loopOnly = LOOP_WITHOUT_NATIVE;
    assertThat(perIteration - loopOnly).isEqualTo(GasSchedule.DEFAULT.nativeBase + ChannelNatives.GAS_READ);
    // out of gas inside a loop of native calls
    ExecutionResult r = ChannelNatives.vm(modules, c).execute(state::get, PROBE, "many", List.of(), List.of(),
        List.of(u64(1_000_000_000L)), 50_000);
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.OUT_OF_GAS);
  }

  /**
   * The loop of {@code many} minus the native's own cost: Call (8: the VM's call base; a native
   * has no locals) and ten one-unit ops (CopyLoc, CopyLoc, Lt, BrFalse, Pop, MoveLoc, LdU64,
   * Add, StLoc, Branch).
   */
  private static final long LOOP_WITHOUT_NATIVE = 8 + 10;

  @Test
  void sameEntriesGiveTheSameStateRootAndEffects() {
    byte[][] roots = new byte[2][];
    byte[][] effects = new byte[2][];
    for (int round = 0; round < 2; round++) {
      state.clear();
      run(ctx().join(ALICE, 100).build(), CHANNEL, "on_join", List.of(ALICE));
      run(ctx().join(BOB, 50).build(), CHANNEL, "on_join", List.of(BOB));
      ExecutionResult last = null;
      for (int i = 0; i < 20; i++) {
        last = run(ctx().height(i).build(), PROBE, "send", List.of(i % 2 == 0 ? ALICE : BOB),
            (i % 2 == 0 ? BOB : ALICE).toBytes(), u64(i));
      }
      roots[round] = StateTree.of(Map.copyOf(state)).root();
      effects[round] = last.changeSet().effectsHash();
    }
    assertThat(roots[0]).isEqualTo(roots[1]);
    assertThat(effects[0]).isEqualTo(effects[1]);
  }

  @Test
  void contextRejectsInconsistentEntries() {
    assertThatThrownBy(() -> ChannelContext.builder().members(List.of(ALICE, ALICE)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChannelContext.builder().members(List.of(BOB)).join(ALICE, 1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChannelContext.builder().deposit(5).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChannelContext.builder().kind(ChannelContext.EntryKind.LEAVE).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
