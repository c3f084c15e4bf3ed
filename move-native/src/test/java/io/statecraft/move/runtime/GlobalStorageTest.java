package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.natives.NativeRegistry;
import io.statecraft.move.storage.ChangeSet;
import io.statecraft.move.storage.ResourceChange;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalStorageTest {
  static final AccountAddress ALICE = AccountAddress.ofLong(0xA11CE);
  static final AccountAddress BOB = AccountAddress.ofLong(0xB0B);

  static CompiledModule bank() {
    ModuleBuilder m = ModuleBuilder.aptos("0x42", "bank");
    m.struct("Coin", Abilities.KEY | Abilities.STORE, "value", Ty.U64);
    m.struct("Minted", Abilities.COPY | Abilities.DROP, "to", Ty.ADDRESS, "value", Ty.U64);
    m.fun("emit").typeParams(Abilities.DROP).params(Ty.tp(0)).nativeFun();
    m.fun("mint").entry().params(Ty.ref(Ty.SIGNER), Ty.U64).code(c -> c
        .copyLoc(0).copyLoc(1).pack("Coin").moveTo("Coin")
        .moveLoc(0).call("0x1::signer::borrow_address").readRef().moveLoc(1).pack("Minted")
        .callGeneric("emit", Ty.st("Minted")).ret());
    m.fun("balance").params(Ty.ADDRESS).returns(Ty.U64).code(c -> c
        .moveLoc(0).borrowGlobal("Coin", false).borrowField("Coin", "value", false).readRef().ret());
    m.fun("add").entry().params(Ty.ADDRESS, Ty.U64).locals(Ty.mref(Ty.st("Coin"))).code(c -> c
        .moveLoc(0).borrowGlobal("Coin", true).stLoc(2)
        .copyLoc(2).borrowField("Coin", "value", false).readRef().moveLoc(1).add()
        .moveLoc(2).borrowField("Coin", "value", true).writeRef().ret());
    m.fun("touch").entry().params(Ty.ADDRESS).code(c -> c
        .moveLoc(0).borrowGlobal("Coin", true).pop().ret());
    m.fun("burn").entry().params(Ty.ADDRESS).code(c -> c
        .moveLoc(0).moveFrom("Coin").unpack("Coin").pop().ret());
    m.fun("has").params(Ty.ADDRESS).returns(Ty.BOOL).code(c -> c.moveLoc(0).exists("Coin").ret());
    m.fun("mint_then_abort").entry().params(Ty.ref(Ty.SIGNER)).code(c -> c
        .moveLoc(0).ldU64(1).pack("Coin").moveTo("Coin").ldU64(77).abort());
    return m.dependsOn(StdlibModules.signer()).build();
  }

  static TestVm vm() {
    NativeRegistry natives = NativeRegistry.standard().with(AccountAddress.parse("0x42"), "bank", "emit",
        (ctx, t, a) -> {
          ctx.emitEvent(t[0], a[0]);
          return new Object[0];
        });
    return new TestVm(natives, StdlibModules.signer(), bank());
  }

  @Test
  void moveToWritesAResourceAndEmitsAnEvent() {
    TestVm vm = vm();
    ExecutionResult r = vm.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 100L);
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    ChangeSet cs = r.changeSet();
    assertThat(cs.changes()).hasSize(1);
    ResourceChange c = cs.changes().get(0);
    assertThat(c.key().address()).isEqualTo(ALICE);
    assertThat(c.key().typeTag()).isEqualTo("0x" + AccountAddress.parse("0x42").toHex() + "::bank::Coin");
    assertThat(c.value()).isEqualTo(Bcs.serialize(Type.U64, 100L));
    assertThat(cs.events()).hasSize(1);
    assertThat(cs.events().get(0).typeTag()).endsWith("::bank::Minted");
    assertThat(vm.call("0x42::bank::balance", Type.ADDRESS, ALICE).returnValues()).containsExactly(100L);
    assertThat(vm.call("0x42::bank::has", Type.ADDRESS, ALICE).returnValues()).containsExactly(true);
    assertThat(vm.call("0x42::bank::has", Type.ADDRESS, BOB).returnValues()).containsExactly(false);
  }

  @Test
  void moveToTwiceIsResourceAlreadyExists() {
    TestVm vm = vm();
    vm.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 1L);
    ExecutionResult r = vm.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 2L);
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.RESOURCE_ALREADY_EXISTS);
    assertThat(r.error().function()).isEqualTo("mint");
    assertThat(r.error().codeOffset()).isEqualTo(3);
    assertThat(r.changeSet().changes()).isEmpty();
    assertThat(r.changeSet().events()).isEmpty();
    assertThat(r.gasUsed()).isPositive();
  }

  @Test
  void missingResourceIsMissingData() {
    TestVm vm = vm();
    assertThat(vm.call("0x42::bank::balance", Type.ADDRESS, BOB).error().statusCode()).isEqualTo(StatusCode.MISSING_DATA);
    assertThat(vm.call("0x42::bank::burn", Type.ADDRESS, BOB).error().statusCode()).isEqualTo(StatusCode.MISSING_DATA);
    assertThat(vm.call("0x42::bank::add", Type.ADDRESS, BOB, Type.U64, 1L).error().statusCode())
        .isEqualTo(StatusCode.MISSING_DATA);
  }

  @Test
  void mutationAndDeletionAreInTheChangeSetSorted() {
    TestVm vm = vm();
    vm.call("0x42::bank::mint", List.of(), List.of(BOB), Type.U64, 5L);
    vm.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 5L);
    ExecutionResult add = vm.call("0x42::bank::add", Type.ADDRESS, ALICE, Type.U64, 10L);
    assertThat(add.changeSet().changes()).singleElement()
        .satisfies(c -> assertThat(c.value()).isEqualTo(Bcs.serialize(Type.U64, 15L)));
    // a mutable borrow that changes nothing writes nothing
    assertThat(vm.call("0x42::bank::touch", Type.ADDRESS, ALICE).changeSet().changes()).isEmpty();
    ExecutionResult burn = vm.call("0x42::bank::burn", Type.ADDRESS, ALICE);
    assertThat(burn.changeSet().changes()).singleElement().satisfies(c -> assertThat(c.isDeletion()).isTrue());
    assertThat(vm.state).hasSize(1);
    assertThat(vm.state.firstKey().address()).isEqualTo(BOB);
  }

  @Test
  void abortDiscardsEverything() {
    TestVm vm = vm();
    ExecutionResult r = vm.call("0x42::bank::mint_then_abort", List.of(), List.of(ALICE));
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.ABORTED);
    assertThat(r.error().abortCode()).isEqualTo(77L);
    assertThat(r.changeSet().isEmpty()).isTrue();
    assertThat(vm.state).isEmpty();
    assertThat(r.toJson()).contains("\"abort_code\":\"77\"").contains("\"function\":\"mint_then_abort\"");
  }

  @Test
  void changeSetHashIsStable() {
    TestVm a = vm();
    TestVm b = vm();
    byte[] h1 = a.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 3L).changeSet().effectsHash();
    byte[] h2 = b.call("0x42::bank::mint", List.of(), List.of(ALICE), Type.U64, 3L).changeSet().effectsHash();
    assertThat(h1).isEqualTo(h2).hasSize(32);
  }
}
