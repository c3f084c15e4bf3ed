package io.statecraft.move.runtime;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.Ty;

/** Declarations of the move-stdlib modules whose natives the VM provides, for tests. */
final class StdlibModules {
  private StdlibModules() {}

  static CompiledModule signer() {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "signer");
    m.fun("borrow_address").params(Ty.ref(Ty.SIGNER)).returns(Ty.ref(Ty.ADDRESS)).nativeFun();
    return m.build();
  }

  static CompiledModule vector() {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "vector");
    int none = 0;
    m.fun("empty").typeParams(none).returns(Ty.vec(Ty.tp(0))).nativeFun();
    m.fun("length").typeParams(none).params(Ty.ref(Ty.vec(Ty.tp(0)))).returns(Ty.U64).nativeFun();
    m.fun("borrow").typeParams(none).params(Ty.ref(Ty.vec(Ty.tp(0))), Ty.U64).returns(Ty.ref(Ty.tp(0))).nativeFun();
    m.fun("borrow_mut").typeParams(none).params(Ty.mref(Ty.vec(Ty.tp(0))), Ty.U64).returns(Ty.mref(Ty.tp(0))).nativeFun();
    m.fun("push_back").typeParams(none).params(Ty.mref(Ty.vec(Ty.tp(0))), Ty.tp(0)).nativeFun();
    m.fun("pop_back").typeParams(none).params(Ty.mref(Ty.vec(Ty.tp(0)))).returns(Ty.tp(0)).nativeFun();
    m.fun("destroy_empty").typeParams(none).params(Ty.vec(Ty.tp(0))).nativeFun();
    m.fun("swap").typeParams(none).params(Ty.mref(Ty.vec(Ty.tp(0))), Ty.U64, Ty.U64).nativeFun();
    return m.build();
  }

  static CompiledModule hash() {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "hash");
    m.fun("sha2_256").params(Ty.vec(Ty.U8)).returns(Ty.vec(Ty.U8)).nativeFun();
    m.fun("sha3_256").params(Ty.vec(Ty.U8)).returns(Ty.vec(Ty.U8)).nativeFun();
    return m.build();
  }

  static CompiledModule bcs() {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "bcs");
    m.fun("to_bytes").typeParams(0).params(Ty.ref(Ty.tp(0))).returns(Ty.vec(Ty.U8)).nativeFun();
    return m.build();
  }

  static CompiledModule string() {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "string");
    m.struct("String", Abilities.COPY | Abilities.DROP | Abilities.STORE, "bytes", Ty.vec(Ty.U8));
    m.fun("internal_check_utf8").params(Ty.ref(Ty.vec(Ty.U8))).returns(Ty.BOOL).nativeFun();
    m.fun("internal_is_char_boundary").params(Ty.ref(Ty.vec(Ty.U8)), Ty.U64).returns(Ty.BOOL).nativeFun();
    m.fun("internal_sub_string").params(Ty.ref(Ty.vec(Ty.U8)), Ty.U64, Ty.U64).returns(Ty.vec(Ty.U8)).nativeFun();
    m.fun("internal_index_of").params(Ty.ref(Ty.vec(Ty.U8)), Ty.ref(Ty.vec(Ty.U8))).returns(Ty.U64).nativeFun();
    return m.build();
  }

  static CompiledModule typeName(CompiledModule string) {
    ModuleBuilder m = ModuleBuilder.sui("0x1", "type_name").dependsOn(string);
    m.struct("TypeName", Abilities.COPY | Abilities.DROP | Abilities.STORE, "name", Ty.st("0x1::string::String"));
    m.fun("get").typeParams(0).returns(Ty.st("TypeName")).nativeFun();
    return m.build();
  }
}
