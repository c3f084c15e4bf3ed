package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.storage.StateView;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptTest {
  @Test
  void scriptCallsAModuleAndAborts() {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "math");
    m.fun("double").params(Ty.U64).returns(Ty.U64).code(c -> c.moveLoc(0).ldU64(2).mul().ret());
    CompiledModule math = m.build();
    TestVm vm = new TestVm(math);
    // script(x: u64) { if (math::double(x) != 10) abort 1 }
    CompiledScript.Builder b = CompiledScript.builder(BinaryFormat.of(FormatFlavor.SUI, 7));
    byte[] addr = new byte[32];
    addr[31] = 0x42;
    b.addressIdentifiers.add(new Address(addr));
    b.identifiers.add("math");
    b.identifiers.add("double");
    b.moduleHandles.add(new ModuleHandle(0, 0));
    b.signatures.add(Signature.EMPTY);
    b.signatures.add(Signature.of(SignatureToken.Primitive.U64));
    b.functionHandles.add(new FunctionHandle(0, 1, 1, 1, List.<AbilitySet>of()));
    b.parameters(1);
    b.code(new CodeUnit(0, List.of(
        Bytecode.withIndex(Opcode.MOVE_LOC, 0),
        Bytecode.withIndex(Opcode.CALL, 0),
        Bytecode.withValue(Opcode.LD_U64, 10),
        Bytecode.of(Opcode.NEQ),
        Bytecode.withIndex(Opcode.BR_FALSE, 7),
        Bytecode.withValue(Opcode.LD_U64, 1),
        Bytecode.of(Opcode.ABORT),
        Bytecode.of(Opcode.RET))));
    CompiledScript script = b.build();
    ExecutionResult ok = vm.vm.executeScript(StateView.EMPTY, script, List.of(), List.of(),
        List.of(Bcs.serialize(Type.U64, 5L)), 10_000);
    assertThat(ok.isSuccess()).as(ok.toString()).isTrue();
    ExecutionResult bad = vm.vm.executeScript(StateView.EMPTY, script, List.of(), List.of(),
        List.of(Bcs.serialize(Type.U64, 6L)), 10_000);
    assertThat(bad.error().statusCode()).isEqualTo(StatusCode.ABORTED);
    assertThat(bad.error().abortCode()).isEqualTo(1L);
    assertThat(bad.error().codeOffset()).isEqualTo(6);
  }
}
