package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.TestVm;
import io.statecraft.move.testing.Ty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenericsEnumsNativesTest {
  static final int CD = Abilities.COPY | Abilities.DROP;

  static CompiledModule generic() {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "g");
    m.genericStruct("Box", CD | Abilities.STORE, new int[] {0}, new boolean[] {false}, "v", Ty.tp(0));
    m.fun("wrap").typeParams(0).params(Ty.tp(0)).returns(Ty.st("Box", Ty.tp(0)))
        .code(c -> c.moveLoc(0).packGeneric("Box", Ty.tp(0)).ret());
    m.fun("unwrap").typeParams(0).params(Ty.st("Box", Ty.tp(0))).returns(Ty.tp(0))
        .code(c -> c.moveLoc(0).unpackGeneric("Box", Ty.tp(0)).ret());
    // twice<T>(x): Box<Box<T>> = wrap<Box<T>>(wrap<T>(x)) -- generic call inside generic code
    m.fun("twice").typeParams(0).params(Ty.tp(0)).returns(Ty.st("Box", Ty.st("Box", Ty.tp(0))))
        .code(c -> c.moveLoc(0).callGeneric("wrap", Ty.tp(0)).callGeneric("wrap", Ty.st("Box", Ty.tp(0))).ret());
    m.fun("inner").params(Ty.U64).returns(Ty.U64).code(c -> c
        .moveLoc(0).callGeneric("twice", Ty.U64).callGeneric("unwrap", Ty.st("Box", Ty.U64))
        .callGeneric("unwrap", Ty.U64).ret());
    // deeper<T>(n): polymorphic recursion: deeper<Box<T>>(n - 1) until n == 0
    m.fun("deeper").typeParams(0).params(Ty.U64).code(c -> c
        .copyLoc(0).ldU64(0).eq().brFalse("rec").ret()
        .label("rec").moveLoc(0).ldU64(1).sub().callGeneric("deeper", Ty.st("Box", Ty.tp(0))).ret());
    m.fun("field").typeParams(0).params(Ty.ref(Ty.st("Box", Ty.tp(0)))).returns(Ty.ref(Ty.tp(0)))
        .code(c -> c.moveLoc(0).borrowFieldGeneric("Box", "v", false, Ty.tp(0)).ret());
    return m.build();
  }

  @Test
  void genericInstantiationAtDepth() {
    TestVm vm = new TestVm(generic());
    assertThat(vm.call("0x42::g::inner", Type.U64, 7L).returnValues()).containsExactly(7L);
    ExecutionResult r = vm.call("0x42::g::twice", List.of(Type.vector(Type.U8)), List.of(),
        Type.vector(Type.U8), VectorValue.ofBytes(new byte[] {1, 2}));
    assertThat(r.returnValuesJson()).isEqualTo("[{\"v\":{\"v\":\"0x0102\"}}]");
    assertThat(r.returnTypes().get(0).toString()).endsWith("::g::Box<0x" + AccountAddress.parse("0x42").toHex()
        + "::g::Box<vector<u8>>>");
    assertThat(vm.call("0x42::g::deeper", List.of(Type.U64), List.of(), Type.U64, 20L).isSuccess()).isTrue();
  }

  @Test
  void polymorphicRecursionStopsAtTheTypeDepthLimit() {
    TestVm vm = new TestVm(generic());
    ExecutionResult r = vm.call("0x42::g::deeper", List.of(Type.U64), List.of(), Type.U64, 100_000L);
    assertThat(r.error().statusCode()).isEqualTo(StatusCode.VM_MAX_TYPE_DEPTH_REACHED);
  }

  @Test
  void typeArgumentsAreChecked() {
    TestVm vm = new TestVm(generic());
    assertThat(vm.call("0x42::g::wrap", List.of(), List.of(), Type.U64, 1L).error().statusCode())
        .isEqualTo(StatusCode.NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
    Type box = vm.modules.parseType("0x42::g::Box<u64>");
    assertThat(box.typeArguments()).containsExactly(Type.U64);
    assertThat(vm.call("0x42::g::unwrap", List.of(Type.U64), List.of(), box, StructValue.of(9L)).returnValues())
        .containsExactly(9L);
    // a malformed argument is a deserialization error, not an exception
    ExecutionResult bad = vm.vm.execute(vm.view(), ModuleId.parse("0x42::g"), "unwrap", List.of(Type.U64), List.of(),
        List.of(new byte[] {1, 2}), 1000);
    assertThat(bad.error().statusCode()).isEqualTo(StatusCode.VALUE_DESERIALIZATION_ERROR);
  }

  static CompiledModule shapes() {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "shapes");
    m.enumType("Shape", CD, new int[0], "Circle", new Object[] {"r", Ty.U64},
        "Rect", new Object[] {"w", Ty.U64, "h", Ty.U64});
    m.fun("circle").params(Ty.U64).returns(Ty.st("Shape")).code(c -> c.moveLoc(0).packVariant("Shape", "Circle").ret());
    m.fun("rect").params(Ty.U64, Ty.U64).returns(Ty.st("Shape")).code(c -> c
        .moveLoc(0).moveLoc(1).packVariant("Shape", "Rect").ret());
    // area(s): match s { Circle{r} => 3*r*r, Rect{w,h} => w*h }
    m.fun("area").params(Ty.st("Shape")).returns(Ty.U64).code(c -> c
        .immBorrowLoc(0).variantSwitch("Shape", "circle", "rect")
        .label("circle").moveLoc(0).unpackVariant("Shape", "Circle").stLoc(0 + 1).ldU64(3).copyLoc(1).mul().moveLoc(1).mul().ret()
        .label("rect").moveLoc(0).unpackVariant("Shape", "Rect").mul().ret());
    m.fun("grow").params(Ty.st("Shape")).returns(Ty.st("Shape")).locals(Ty.mref(Ty.U64)).code(c -> c
        .mutBorrowLoc(0).unpackVariantRef("Shape", "Circle", true).stLoc(1)
        .copyLoc(1).readRef().ldU64(1).add().moveLoc(1).writeRef().moveLoc(0).ret());
    m.fun("radius").params(Ty.st("Shape")).returns(Ty.U64).code(c -> c.moveLoc(0).unpackVariant("Shape", "Circle").ret());
    return m.build();
  }

  @Test
  void suiEnums() {
    CompiledModule sm = shapes();
    // area's locals: the enum param plus one u64
    sm = sm.toBuilder().build();
    TestVm vm = new TestVm(withAreaLocal(sm));
    Type shape = vm.modules.parseType("0x42::shapes::Shape");
    StructValue circle = new StructValue(0, new Object[] {2L});
    StructValue rect = new StructValue(1, new Object[] {3L, 4L});
    assertThat(vm.call("0x42::shapes::area", shape, circle).returnValues()).containsExactly(12L);
    assertThat(vm.call("0x42::shapes::area", shape, rect).returnValues()).containsExactly(12L);
    assertThat(vm.call("0x42::shapes::grow", shape, circle).returnValuesJson()).isEqualTo("[{\"@variant\":\"Circle\",\"r\":\"3\"}]");
    assertThat(Bcs.serialize(shape, rect)).containsExactly(1, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0);
    VmError e = vm.call("0x42::shapes::radius", shape, rect).error();
    assertThat(e.statusCode()).isEqualTo(StatusCode.STRUCT_VARIANT_MISMATCH);
    assertThat(e.codeOffset()).isEqualTo(1);
  }

  private static CompiledModule withAreaLocal(CompiledModule m) {
    // the builder gave `area` no extra local; rebuild with one u64 local for Circle's radius
    ModuleBuilder b = ModuleBuilder.sui("0x42", "shapes");
    b.enumType("Shape", CD, new int[0], "Circle", new Object[] {"r", Ty.U64},
        "Rect", new Object[] {"w", Ty.U64, "h", Ty.U64});
    b.fun("area").params(Ty.st("Shape")).returns(Ty.U64).locals(Ty.U64).code(c -> c
        .immBorrowLoc(0).variantSwitch("Shape", "circle", "rect")
        .label("circle").moveLoc(0).unpackVariant("Shape", "Circle").stLoc(1).ldU64(3).copyLoc(1).mul().moveLoc(1).mul().ret()
        .label("rect").moveLoc(0).unpackVariant("Shape", "Rect").mul().ret());
    b.fun("grow").params(Ty.st("Shape")).returns(Ty.st("Shape")).locals(Ty.mref(Ty.U64)).code(c -> c
        .mutBorrowLoc(0).unpackVariantRef("Shape", "Circle", true).stLoc(1)
        .copyLoc(1).readRef().ldU64(1).add().moveLoc(1).writeRef().moveLoc(0).ret());
    b.fun("radius").params(Ty.st("Shape")).returns(Ty.U64).code(c -> c.moveLoc(0).unpackVariant("Shape", "Circle").ret());
    return b.build();
  }

  static CompiledModule user(CompiledModule... deps) {
    ModuleBuilder m = ModuleBuilder.sui("0x42", "u");
    for (CompiledModule d : deps) {
      m.dependsOn(d);
    }
    m.fun("hashes").params(Ty.vec(Ty.U8)).returns(Ty.vec(Ty.U8), Ty.vec(Ty.U8)).code(c -> c
        .copyLoc(0).call("0x1::hash::sha2_256").moveLoc(0).call("0x1::hash::sha3_256").ret());
    m.fun("to_bytes").params(Ty.U64).returns(Ty.vec(Ty.U8)).code(c -> c
        .immBorrowLoc(0).callGeneric("0x1::bcs::to_bytes", Ty.U64).ret());
    m.fun("vec").returns(Ty.U64, Ty.U64).locals(Ty.vec(Ty.U64)).code(c -> c
        .callGeneric("0x1::vector::empty", Ty.U64).stLoc(0)
        .mutBorrowLoc(0).ldU64(10).callGeneric("0x1::vector::push_back", Ty.U64)
        .mutBorrowLoc(0).ldU64(20).callGeneric("0x1::vector::push_back", Ty.U64)
        .mutBorrowLoc(0).ldU64(0).ldU64(1).callGeneric("0x1::vector::swap", Ty.U64)
        .immBorrowLoc(0).ldU64(0).callGeneric("0x1::vector::borrow", Ty.U64).readRef()
        .immBorrowLoc(0).callGeneric("0x1::vector::length", Ty.U64).ret());
    m.fun("vec_errors").params(Ty.U64).locals(Ty.vec(Ty.U64)).code(c -> c
        .callGeneric("0x1::vector::empty", Ty.U64).stLoc(1)
        .copyLoc(0).ldU64(0).eq().brFalse("one")
        .mutBorrowLoc(1).callGeneric("0x1::vector::pop_back", Ty.U64).pop().ret()
        .label("one").copyLoc(0).ldU64(1).eq().brFalse("two")
        .immBorrowLoc(1).ldU64(0).callGeneric("0x1::vector::borrow", Ty.U64).pop().ret()
        .label("two").mutBorrowLoc(1).ldU64(1).callGeneric("0x1::vector::push_back", Ty.U64)
        .moveLoc(1).callGeneric("0x1::vector::destroy_empty", Ty.U64).ret());
    m.fun("strings").params(Ty.vec(Ty.U8), Ty.vec(Ty.U8)).returns(Ty.BOOL, Ty.BOOL, Ty.vec(Ty.U8), Ty.U64).code(c -> c
        .immBorrowLoc(0).call("0x1::string::internal_check_utf8")
        .immBorrowLoc(0).ldU64(1).call("0x1::string::internal_is_char_boundary")
        .immBorrowLoc(0).ldU64(0).ldU64(1).call("0x1::string::internal_sub_string")
        .immBorrowLoc(0).immBorrowLoc(1).call("0x1::string::internal_index_of").ret());
    m.fun("name").returns(Ty.st("0x1::type_name::TypeName"))
        .code(c -> c.callGeneric("0x1::type_name::get", Ty.vec(Ty.st("0x1::string::String"))).ret());
    return m.build();
  }

  static TestVm natives() {
    CompiledModule string = StdlibModules.string();
    CompiledModule typeName = StdlibModules.typeName(string);
    CompiledModule[] deps = {StdlibModules.hash(), StdlibModules.bcs(), StdlibModules.vector(), string, typeName};
    CompiledModule u = user(deps);
    return new TestVm(deps[0], deps[1], deps[2], deps[3], deps[4], u);
  }

  @Test
  void hashAndBcsNatives() throws Exception {
    TestVm vm = natives();
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    ExecutionResult r = vm.call("0x42::u::hashes", Type.VECTOR_U8, VectorValue.ofBytes(abc));
    assertThat(((VectorValue) r.returnValues().get(0)).toBytes()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(abc));
    assertThat(((VectorValue) r.returnValues().get(1)).toBytes()).isEqualTo(MessageDigest.getInstance("SHA3-256").digest(abc));
    assertThat(((VectorValue) vm.call("0x42::u::to_bytes", Type.U64, 258L).returnValues().get(0)).toBytes())
        .containsExactly(2, 1, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void vectorNatives() {
    TestVm vm = natives();
    assertThat(vm.call("0x42::u::vec").returnValues()).containsExactly(20L, 2L);
    VmError pop = vm.call("0x42::u::vec_errors", Type.U64, 0L).error();
    assertThat(pop.statusCode()).isEqualTo(StatusCode.VECTOR_OPERATION_ERROR);
    assertThat(pop.subStatus()).isEqualTo(StatusCode.POP_EMPTY_VEC);
    assertThat(pop.module()).isEqualTo(ModuleId.parse("0x1::vector"));
    assertThat(vm.call("0x42::u::vec_errors", Type.U64, 1L).error().subStatus()).isEqualTo(StatusCode.INDEX_OUT_OF_BOUNDS);
    assertThat(vm.call("0x42::u::vec_errors", Type.U64, 2L).error().subStatus()).isEqualTo(StatusCode.DESTROY_NON_EMPTY_VEC);
  }

  @Test
  void stringAndTypeNameNatives() {
    TestVm vm = natives();
    byte[] s = "héllo".getBytes(StandardCharsets.UTF_8);
    ExecutionResult r = vm.call("0x42::u::strings", Type.VECTOR_U8, VectorValue.ofBytes(s),
        Type.VECTOR_U8, VectorValue.ofBytes("llo".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.returnValues().subList(0, 2)).containsExactly(true, true);
    assertThat(((VectorValue) r.returnValues().get(2)).toBytes()).containsExactly('h');
    assertThat(r.returnValues().get(3)).isEqualTo(3L);
    ExecutionResult bad = vm.call("0x42::u::strings", Type.VECTOR_U8, VectorValue.ofBytes(new byte[] {(byte) 0xC3, 0x28}),
        Type.VECTOR_U8, VectorValue.ofBytes(new byte[] {9}));
    assertThat(bad.returnValues().subList(0, 2)).containsExactly(false, true);
    assertThat(bad.returnValues().get(3)).isEqualTo(2L);
    String name = vm.call("0x42::u::name").returnValuesJson();
    assertThat(name).isEqualTo("[{\"name\":{\"bytes\":\"0x" + hex("vector<" + "0".repeat(63) + "1::string::String>") + "\"}}]");
  }

  private static String hex(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  @Test
  void linkErrors() {
    CompiledModule g = generic();
    ModuleBuilder user = ModuleBuilder.sui("0x43", "user").dependsOn(g);
    user.fun("f").params(Ty.U64).returns(Ty.U64).code(c -> c.moveLoc(0).callGeneric("0x42::g::wrap", Ty.U64)
        .callGeneric("0x42::g::unwrap", Ty.U64).ret());
    CompiledModule u = user.build();
    assertThatThrownBy(() -> ModuleSet.load(List.of(u)))
        .isInstanceOf(LinkException.class).hasMessageContaining("MISSING_DEPENDENCY");
    TestVm ok = new TestVm(g, u);
    assertThat(ok.call("0x43::user::f", Type.U64, 5L).returnValues()).containsExactly(5L);
    // the dependency changes wrap's signature under the user's feet
    ModuleBuilder g2 = ModuleBuilder.sui("0x42", "g");
    g2.genericStruct("Box", CD | Abilities.STORE, new int[] {0}, new boolean[] {false}, "v", Ty.tp(0));
    g2.fun("wrap").typeParams(0).params(Ty.tp(0), Ty.U8).returns(Ty.st("Box", Ty.tp(0)))
        .code(c -> c.moveLoc(0).packGeneric("Box", Ty.tp(0)).ret());
    g2.fun("unwrap").typeParams(0).params(Ty.st("Box", Ty.tp(0))).returns(Ty.tp(0))
        .code(c -> c.moveLoc(0).unpackGeneric("Box", Ty.tp(0)).ret());
    LinkException e = org.junit.jupiter.api.Assertions.assertThrows(LinkException.class,
        () -> ModuleSet.load(List.of(g2.build(), u)));
    assertThat(e.statusCode()).isEqualTo(StatusCode.TYPE_MISMATCH);
    // abilities differ
    ModuleBuilder g3 = ModuleBuilder.sui("0x42", "g");
    g3.genericStruct("Box", CD, new int[] {0}, new boolean[] {false}, "v", Ty.tp(0));
    g3.fun("wrap").typeParams(0).params(Ty.tp(0)).returns(Ty.st("Box", Ty.tp(0)))
        .code(c -> c.moveLoc(0).packGeneric("Box", Ty.tp(0)).ret());
    g3.fun("unwrap").typeParams(0).params(Ty.st("Box", Ty.tp(0))).returns(Ty.tp(0))
        .code(c -> c.moveLoc(0).unpackGeneric("Box", Ty.tp(0)).ret());
    assertThat(org.junit.jupiter.api.Assertions.assertThrows(LinkException.class,
        () -> ModuleSet.load(List.of(g3.build(), u))).statusCode()).isEqualTo(StatusCode.TYPE_MISMATCH);
  }
}
