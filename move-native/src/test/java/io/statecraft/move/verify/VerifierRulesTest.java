package io.statecraft.move.verify;

import static io.statecraft.move.binary.Opcode.*;
import static io.statecraft.move.verify.TestModule.ld;
import static io.statecraft.move.verify.TestModule.ldU8;
import static io.statecraft.move.verify.TestModule.op;
import static io.statecraft.move.verify.TestModule.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.DatatypeInstantiation;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Reference;
import io.statecraft.move.binary.SignatureToken.TypeParameter;
import io.statecraft.move.binary.SignatureToken.Vector;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.VariantJumpTable;
import io.statecraft.move.binary.Visibility;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.FunctionDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One minimal failing module per rule, and its passing counterpart. */
class VerifierRulesTest {
  static final SignatureToken U64 = Primitive.U64;
  static final SignatureToken U8 = Primitive.U8;
  static final SignatureToken BOOL = Primitive.BOOL;
  static final AbilitySet NONE = AbilitySet.EMPTY;
  static final AbilitySet DROP = AbilitySet.of(Ability.DROP);
  static final AbilitySet COPY_DROP = AbilitySet.of(Ability.COPY, Ability.DROP);
  static final AbilitySet KEY = AbilitySet.of(Ability.KEY);
  static final BinaryFormat APTOS = BinaryFormat.of(FormatFlavor.APTOS, 7);

  static void ok(CompiledUnit unit) {
    Verifier.verifyAll(unit);
  }

  static InvalidModuleException rejects(CompiledUnit unit, Kind kind) {
    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> Verifier.verifyAll(unit));
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  static InvalidModuleException rejects(CompiledUnit unit, VerifierLimits limits, Kind kind) {
    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> Verifier.verifyAll(unit, limits));
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  /** A module with one function {@code f(params): returns} whose body is {@code code}. */
  static CompiledModule fn(List<SignatureToken> params, List<SignatureToken> returns, List<SignatureToken> locals,
      io.statecraft.move.binary.Bytecode... code) {
    TestModule m = new TestModule();
    m.fun("f", params, returns, locals, code);
    return m.build();
  }

  // ================================================================= duplication, consistency

  @Test
  void duplicateIdentifierIsRejected() {
    TestModule m = new TestModule();
    m.fun("f", List.of(), List.of(), List.of(), op(RET));
    ok(m.build());
    m.b.identifiers.add("f");
    rejects(m.build(), Kind.DUPLICATE_ELEMENT);
  }

  @Test
  void duplicateFunctionHandleIsRejected() {
    TestModule m = new TestModule();
    int h = m.handle("f", List.of(), List.of(), List.of());
    m.define(h, List.of(), op(RET));
    m.b.functionHandles.add(m.b.functionHandles.get(h));
    rejects(m.build(), Kind.DUPLICATE_ELEMENT);
  }

  @Test
  void duplicateSignatureIsRejected() {
    TestModule m = new TestModule();
    m.fun("f", List.of(), List.of(), List.of(), op(RET));
    m.b.signatures.add(m.b.signatures.get(0));
    rejects(m.build(), Kind.DUPLICATE_ELEMENT);
  }

  @Test
  void functionHandleOfSelfModuleWithoutDefinitionIsRejected() {
    TestModule m = new TestModule();
    m.handle("f", List.of(), List.of(), List.of());
    rejects(m.build(), Kind.DEFINITION_MISMATCH);
  }

  @Test
  void datatypeHandleOfSelfModuleWithoutDefinitionIsRejected() {
    TestModule m = new TestModule();
    int s = m.struct("S", DROP, U64);
    ok(m.build());
    m.b.structDefs.remove(s);
    rejects(m.build(), Kind.DEFINITION_MISMATCH);
  }

  @Test
  void structDefinedForAnotherModulesHandleIsRejected() {
    TestModule m = new TestModule();
    m.b.moduleHandles.add(new ModuleHandle(0, m.id("Other")));
    int s = m.struct("S", DROP, U64);
    var h = m.b.datatypeHandles.get(m.handleOf(s));
    m.b.datatypeHandles.set(m.handleOf(s), new io.statecraft.move.binary.DatatypeHandle(1, h.name(), h.abilities(), h.typeParameters()));
    rejects(m.build(), Kind.DEFINITION_MISMATCH);
  }

  @Test
  void duplicateFieldNamesAreRejected() {
    TestModule m = new TestModule();
    m.struct("S", DROP, U64, U64);
    ok(m.build());
    int f0 = m.id("f0");
    m.b.structDefs.set(0, new StructDefinition(0, new StructFieldInformation.Declared(
        List.of(new FieldDefinition(f0, U64), new FieldDefinition(f0, U64)))));
    rejects(m.build(), Kind.DUPLICATE_ELEMENT);
  }

  @Test
  void moduleCannotBeItsOwnFriend() {
    TestModule m = new TestModule();
    m.b.friendDecls.add(new ModuleHandle(0, m.id("M")));
    rejects(m.build(), Kind.FRIEND_VIOLATION);
  }

  @Test
  void friendAtAnotherAddressIsRejectedAndSameAddressPasses() {
    TestModule m = new TestModule();
    m.b.friendDecls.add(new ModuleHandle(0, m.id("N")));
    ok(m.build());
    m.b.addressIdentifiers.add(Address.ofShort(32, 2));
    m.b.friendDecls.set(0, new ModuleHandle(1, m.id("N")));
    rejects(m.build(), Kind.FRIEND_VIOLATION);
  }

  @Test
  void aptosEntryFunctionReturningAValueIsRejected() {
    TestModule m = new TestModule(APTOS);
    int h = m.handle("f", List.of(), List.of(U64), List.of());
    m.define(h, Visibility.PUBLIC, true, List.of(), List.of(), ld(1), op(RET));
    rejects(m.build(), Kind.INVALID_FUNCTION_DECLARATION);
    TestModule sui = new TestModule();
    int hs = sui.handle("f", List.of(), List.of(U64), List.of());
    sui.define(hs, Visibility.PUBLIC, true, List.of(), List.of(), ld(1), op(RET));
    ok(sui.build());
  }

  @Test
  void entryFunctionTakingAReferenceToAnIntegerIsRejected() {
    TestModule m = new TestModule();
    int h = m.handle("f", List.of(new MutableReference(U64)), List.of(), List.of());
    m.define(h, Visibility.PUBLIC, true, List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(RET));
    rejects(m.build(), Kind.INVALID_FUNCTION_DECLARATION);
  }

  // ================================================================= constants

  @Test
  void constantsMustBeTheBcsOfTheirType() {
    TestModule m = new TestModule();
    m.constant(U64, new byte[8]);
    m.constant(new Vector(U8), 2, 7, 9);
    m.constant(BOOL, 1);
    ok(m.build());
    m.constant(U64, new byte[7]);
    rejects(m.build(), Kind.INVALID_CONSTANT);
  }

  @Test
  void boolConstantOtherThanZeroOrOneIsRejected() {
    TestModule m = new TestModule();
    m.constant(BOOL, 2);
    rejects(m.build(), Kind.INVALID_CONSTANT);
  }

  @Test
  void vectorConstantWithNonCanonicalLengthIsRejected() {
    TestModule m = new TestModule();
    m.constant(new Vector(U8), 0x81, 0, 7);
    rejects(m.build(), Kind.INVALID_CONSTANT);
  }

  @Test
  void signerConstantIsRejected() {
    TestModule m = new TestModule();
    m.constant(Primitive.SIGNER, new byte[32]);
    rejects(m.build(), Kind.INVALID_CONSTANT);
  }

  // ================================================================= signatures

  @Test
  void referenceInsideVectorIsRejected() {
    TestModule m = new TestModule();
    m.fun("f", List.of(new Reference(U64)), List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(RET));
    ok(m.build());
    m.sig(new Vector(new Reference(U64)));
    rejects(m.build(), Kind.INVALID_SIGNATURE);
  }

  @Test
  void referenceToReferenceIsRejected() {
    TestModule m = new TestModule();
    m.sig(new Reference(new Reference(U64)));
    rejects(m.build(), Kind.INVALID_SIGNATURE);
  }

  @Test
  void referenceFieldIsRejected() {
    TestModule m = new TestModule();
    m.struct("S", DROP, new Reference(U64));
    rejects(m.build(), Kind.INVALID_SIGNATURE);
  }

  @Test
  void instantiationThatLacksARequiredAbilityIsRejected() {
    TestModule m = new TestModule();
    int box = m.genericStruct("Box", DROP, List.of(new DatatypeTypeParameter(AbilitySet.of(Ability.COPY), false)), new TypeParameter(0));
    int res = m.struct("R", NONE, U64);
    SignatureToken okType = new DatatypeInstantiation(m.handleOf(box), List.of(U64));
    m.fun("f", List.of(okType), List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(RET));
    ok(m.build());
    m.sig(new Vector(new DatatypeInstantiation(m.handleOf(box), List.of(m.type(res)))));
    m.fun("g", List.of(new DatatypeInstantiation(m.handleOf(box), List.of(m.type(res)))), List.of(), List.of(),
        op(MOVE_LOC, 0), op(POP), op(RET));
    rejects(m.build(), Kind.CONSTRAINT_NOT_SATISFIED);
  }

  @Test
  void phantomTypeParameterInAFieldIsRejected() {
    TestModule m = new TestModule();
    m.genericStruct("P", DROP, List.of(new DatatypeTypeParameter(NONE, true)), U64);
    ok(m.build());
    TestModule bad = new TestModule();
    bad.genericStruct("P", DROP, List.of(new DatatypeTypeParameter(NONE, true)), new TypeParameter(0));
    rejects(bad.build(), Kind.INVALID_SIGNATURE);
  }

  @Test
  void structContainingItselfIsRejected() {
    TestModule m = new TestModule();
    int a = m.struct("A", DROP, U64);
    m.struct("B", DROP, m.type(a), new Vector(m.type(a)));
    ok(m.build());
    TestModule bad = new TestModule();
    int s = bad.struct("S", DROP, U64);
    int t = bad.struct("T", DROP, new Vector(bad.type(s)));
    bad.b.structDefs.set(s, new StructDefinition(bad.handleOf(s), new StructFieldInformation.Declared(
        List.of(new FieldDefinition(bad.id("f0"), bad.type(t))))));
    rejects(bad.build(), Kind.RECURSIVE_DATATYPE);
  }

  @Test
  void genericFunctionCallingItselfWithAGrowingTypeIsRejected() {
    TestModule m = new TestModule();
    int h = m.handle("f", List.of(), List.of(), List.of(NONE));
    int same = m.funInst(h, new TypeParameter(0));
    m.define(h, List.of(), op(CALL_GENERIC, same), op(RET));
    ok(m.build());
    TestModule bad = new TestModule();
    int hb = bad.handle("f", List.of(), List.of(), List.of(NONE));
    int grow = bad.funInst(hb, new Vector(new TypeParameter(0)));
    bad.define(hb, List.of(), op(CALL_GENERIC, grow), op(RET));
    rejects(bad.build(), Kind.INSTANTIATION_LOOP);
  }

  // ================================================================= field abilities

  @Test
  void copyableStructWithNonCopyableFieldIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", DROP, U64);
    m.struct("S", DROP, m.type(r));
    ok(m.build());
    m.struct("T", COPY_DROP, m.type(r));
    rejects(m.build(), Kind.FIELD_MISSING_ABILITY);
  }

  @Test
  void keyStructWithFieldWithoutStoreIsRejected() {
    TestModule m = new TestModule(APTOS);
    int r = m.struct("R", DROP, U64);
    m.struct("K", KEY, m.type(r));
    rejects(m.build(), Kind.FIELD_MISSING_ABILITY);
  }

  @Test
  void genericFieldAbilitiesAreConditional() {
    TestModule m = new TestModule();
    m.genericStruct("Box", COPY_DROP, List.of(new DatatypeTypeParameter(NONE, false)), new TypeParameter(0));
    ok(m.build());
  }

  // ================================================================= control flow

  @Test
  void emptyCodeIsRejected() {
    rejects(fn(List.of(), List.of(), List.of()), Kind.INVALID_CONTROL_FLOW);
  }

  @Test
  void fallingOffTheEndOfTheCodeIsRejected() {
    rejects(fn(List.of(), List.of(), List.of(), op(LD_TRUE), op(POP)), Kind.INVALID_CONTROL_FLOW);
    ok(fn(List.of(), List.of(), List.of(), op(LD_TRUE), op(POP), op(RET)));
  }

  @Test
  void loopWithTwoEntriesIsRejected() {
    rejects(fn(List.of(), List.of(), List.of(),
        op(LD_TRUE), op(BR_TRUE, 5), op(LD_FALSE), op(BR_TRUE, 5), op(RET), op(BRANCH, 2)),
        Kind.INVALID_CONTROL_FLOW);
  }

  @Test
  void loopWithOneHeadPasses() {
    ok(fn(List.of(), List.of(), List.of(), op(LD_FALSE), op(BR_TRUE, 0), op(RET)));
  }

  @Test
  void tooManyBackEdgesAreRejected() {
    CompiledModule m = fn(List.of(), List.of(), List.of(), op(LD_FALSE), op(BR_TRUE, 0), op(RET));
    rejects(m, VerifierLimits.DEFAULT.withMaxBackEdgesPerFunction(0), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void tooManyBasicBlocksAreRejected() {
    CompiledModule m = fn(List.of(), List.of(), List.of(), op(LD_FALSE), op(BR_TRUE, 3), op(BRANCH, 3), op(RET));
    ok(m);
    rejects(m, VerifierLimits.DEFAULT.withMaxBasicBlocks(2), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void jumpTableMustCoverEveryVariant() {
    TestModule m = new TestModule();
    int e = m.enumType("E", DROP, List.of(List.of(), List.of(U64)));
    SignatureToken et = new SignatureToken.Datatype(m.b.enumDefs.get(e).enumHandle());
    int h = m.handle("f", List.of(new Reference(et)), List.of(), List.of());
    List<io.statecraft.move.binary.Bytecode> code = List.of(op(MOVE_LOC, 0), op(VARIANT_SWITCH, 0), op(RET), op(RET));
    m.b.functionDefs.add(new FunctionDefinition(h, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(m.sig(), code, List.of(new VariantJumpTable(e, List.of(2, 3))))));
    ok(m.build());
    m.b.functionDefs.set(0, new FunctionDefinition(h, Visibility.PUBLIC, false, List.of(),
        new CodeUnit(m.sig(), code, List.of(new VariantJumpTable(e, List.of(2))))));
    rejects(m.build(), Kind.INVALID_CONTROL_FLOW);
  }

  // ================================================================= stack and types

  @Test
  void valueLeftOnTheStackAtBlockEndIsRejected() {
    rejects(fn(List.of(), List.of(), List.of(), ld(1), op(RET)), Kind.STACK_IMBALANCE);
  }

  @Test
  void stackUnderflowIsRejected() {
    rejects(fn(List.of(), List.of(), List.of(), op(POP), op(RET)), Kind.STACK_IMBALANCE);
  }

  @Test
  void valueCarriedAcrossABranchIsRejected() {
    rejects(fn(List.of(), List.of(U64), List.of(), ld(1), op(BRANCH, 2), op(RET)), Kind.STACK_IMBALANCE);
  }

  @Test
  void arithmeticOnDifferentIntegerTypesIsRejected() {
    ok(fn(List.of(), List.of(U64), List.of(), ld(1), ld(2), op(ADD), op(RET)));
    rejects(fn(List.of(), List.of(U64), List.of(), ldU8(1), ld(2), op(ADD), op(RET)), Kind.TYPE_MISMATCH);
  }

  @Test
  void shiftAmountMustBeU8() {
    ok(fn(List.of(), List.of(U64), List.of(), ld(1), ldU8(2), op(SHL), op(RET)));
    rejects(fn(List.of(), List.of(U64), List.of(), ld(1), ld(2), op(SHL), op(RET)), Kind.TYPE_MISMATCH);
  }

  @Test
  void returnOfTheWrongTypeIsRejected() {
    rejects(fn(List.of(), List.of(U64), List.of(), op(LD_TRUE), op(RET)), Kind.TYPE_MISMATCH);
  }

  @Test
  void castOfABoolIsRejected() {
    ok(fn(List.of(), List.of(U8), List.of(), ld(1), op(CAST_U8), op(RET)));
    rejects(fn(List.of(), List.of(U8), List.of(), op(LD_TRUE), op(CAST_U8), op(RET)), Kind.TYPE_MISMATCH);
  }

  @Test
  void callArgumentsMustMatchTheParameters() {
    TestModule m = new TestModule();
    int g = m.fun("g", List.of(U64, BOOL), List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(MOVE_LOC, 1), op(POP), op(RET));
    int gh = m.b.functionDefs.get(g).function();
    m.fun("f", List.of(), List.of(), List.of(), ld(1), op(LD_TRUE), op(CALL, gh), op(RET));
    ok(m.build());
    m.fun("h", List.of(), List.of(), List.of(), op(LD_TRUE), ld(1), op(CALL, gh), op(RET));
    rejects(m.build(), Kind.TYPE_MISMATCH);
  }

  @Test
  void nonGenericCallOfAGenericFunctionIsRejected() {
    TestModule m = new TestModule();
    int h = m.handle("g", List.of(), List.of(), List.of(NONE));
    m.define(h, List.of(), op(RET));
    m.fun("f", List.of(), List.of(), List.of(), op(CALL, h), op(RET));
    rejects(m.build(), Kind.INCONSISTENT_INSTRUCTION);
  }

  @Test
  void packWithAFieldOfTheWrongTypeIsRejected() {
    TestModule m = new TestModule();
    int s = m.struct("S", DROP, U64, BOOL);
    m.fun("f", List.of(), List.of(m.type(s)), List.of(), ld(1), op(LD_TRUE), op(PACK, s), op(RET));
    ok(m.build());
    m.fun("g", List.of(), List.of(m.type(s)), List.of(), op(LD_TRUE), ld(1), op(PACK, s), op(RET));
    rejects(m.build(), Kind.TYPE_MISMATCH);
  }

  @Test
  void packOfANativeStructIsRejected() {
    TestModule m = new TestModule();
    int s = m.struct("S", DROP);
    m.b.structDefs.set(s, new StructDefinition(m.handleOf(s), StructFieldInformation.NATIVE));
    m.fun("f", List.of(), List.of(m.type(s)), List.of(), op(PACK, s), op(RET));
    rejects(m.build(), Kind.INCONSISTENT_INSTRUCTION);
  }

  @Test
  void copyOfAResourceIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(m.type(r)), List.of(m.type(r)), List.of(), op(MOVE_LOC, 0), op(RET));
    ok(m.build());
    m.fun("g", List.of(m.type(r)), List.of(m.type(r)), List.of(), op(COPY_LOC, 0), op(RET));
    rejects(m.build(), Kind.MISSING_ABILITY);
  }

  @Test
  void popOfAValueWithoutDropIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(m.type(r)), List.of(), List.of(), op(MOVE_LOC, 0), op(UNPACK, r), op(POP), op(RET));
    ok(m.build());
    m.fun("g", List.of(m.type(r)), List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(RET));
    rejects(m.build(), Kind.MISSING_ABILITY);
  }

  @Test
  void equalityRequiresDrop() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(m.type(r), m.type(r)), List.of(BOOL), List.of(), op(MOVE_LOC, 0), op(MOVE_LOC, 1), op(EQ), op(RET));
    rejects(m.build(), Kind.MISSING_ABILITY);
  }

  @Test
  void readRefOfANonCopyValueIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(new Reference(m.type(r))), List.of(m.type(r)), List.of(), op(MOVE_LOC, 0), op(READ_REF), op(RET));
    rejects(m.build(), Kind.MISSING_ABILITY);
  }

  @Test
  void writeThroughAnImmutableReferenceIsRejected() {
    ok(fn(List.of(new MutableReference(U64)), List.of(), List.of(), ld(1), op(MOVE_LOC, 0), op(WRITE_REF), op(RET)));
    rejects(fn(List.of(new Reference(U64)), List.of(), List.of(), ld(1), op(MOVE_LOC, 0), op(WRITE_REF), op(RET)),
        Kind.TYPE_MISMATCH);
  }

  @Test
  void vectorOperationsCheckTheElementType() {
    TestModule m = new TestModule();
    int u64s = m.sig(U64);
    m.fun("f", List.of(), List.of(new Vector(U64)), List.of(new Vector(U64)),
        ld(1), ld(2), vec(VEC_PACK, u64s, 2), op(ST_LOC, 0), op(MUT_BORROW_LOC, 0), ld(3),
        op(VEC_PUSH_BACK, u64s), op(MOVE_LOC, 0), op(RET));
    ok(m.build());
    m.fun("g", List.of(), List.of(new Vector(U64)), List.of(new Vector(U64)),
        ld(1), ld(2), vec(VEC_PACK, u64s, 2), op(ST_LOC, 0), op(MUT_BORROW_LOC, 0), op(LD_TRUE),
        op(VEC_PUSH_BACK, u64s), op(MOVE_LOC, 0), op(RET));
    rejects(m.build(), Kind.TYPE_MISMATCH);
  }

  @Test
  void globalStorageRequiresKey() {
    TestModule m = new TestModule(APTOS);
    int k = m.struct("K", AbilitySet.of(Ability.KEY, Ability.STORE), U64);
    int h = m.handle("f", List.of(Primitive.ADDRESS), List.of(U64), List.of());
    m.define(h, Visibility.PUBLIC, false, List.of(k), List.of(),
        op(MOVE_LOC, 0), op(IMM_BORROW_GLOBAL, k), op(IMM_BORROW_FIELD, m.fieldHandle(k, 0)), op(READ_REF), op(RET));
    ok(m.build());
    TestModule bad = new TestModule(APTOS);
    int s = bad.struct("S", DROP, U64);
    bad.fun("f", List.of(Primitive.ADDRESS), List.of(BOOL), List.of(), op(MOVE_LOC, 0), op(EXISTS, s), op(RET));
    rejects(bad.build(), Kind.MISSING_ABILITY);
  }

  @Test
  void acquiresMustBeExact() {
    TestModule m = new TestModule(APTOS);
    int k = m.struct("K", AbilitySet.of(Ability.KEY, Ability.STORE), U64);
    int h = m.handle("f", List.of(Primitive.ADDRESS), List.of(m.type(k)), List.of());
    m.define(h, Visibility.PUBLIC, false, List.of(), List.of(), op(MOVE_LOC, 0), op(MOVE_FROM, k), op(RET));
    rejects(m.build(), Kind.ACQUIRES_MISMATCH);
    TestModule extra = new TestModule(APTOS);
    int k2 = extra.struct("K", AbilitySet.of(Ability.KEY, Ability.STORE), U64);
    int h2 = extra.handle("f", List.of(), List.of(), List.of());
    extra.define(h2, Visibility.PUBLIC, false, List.of(k2), List.of(), op(RET));
    rejects(extra.build(), Kind.ACQUIRES_MISMATCH);
  }

  // ================================================================= locals

  @Test
  void useOfAMovedLocalIsRejected() {
    rejects(fn(List.of(U64), List.of(U64), List.of(), op(MOVE_LOC, 0), op(MOVE_LOC, 0), op(ADD), op(RET)),
        Kind.LOCAL_UNAVAILABLE);
    ok(fn(List.of(U64), List.of(U64), List.of(), op(COPY_LOC, 0), op(MOVE_LOC, 0), op(ADD), op(RET)));
  }

  @Test
  void useOfALocalSetOnOnlyOnePathIsRejected() {
    rejects(fn(List.of(BOOL), List.of(U64), List.of(U64),
        op(MOVE_LOC, 0), op(BR_FALSE, 4), ld(1), op(ST_LOC, 1), op(MOVE_LOC, 1), op(RET)),
        Kind.LOCAL_UNAVAILABLE);
    ok(fn(List.of(BOOL), List.of(U64), List.of(U64),
        ld(0), op(ST_LOC, 1), op(MOVE_LOC, 0), op(BR_FALSE, 6), ld(1), op(ST_LOC, 1), op(MOVE_LOC, 1), op(RET)));
  }

  @Test
  void resourceLeftInALocalAtReturnIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(m.type(r)), List.of(), List.of(), op(RET));
    rejects(m.build(), Kind.UNDROPPED_VALUE);
  }

  @Test
  void overwritingAResourceIsRejected() {
    TestModule m = new TestModule();
    int r = m.struct("R", NONE, U64);
    m.fun("f", List.of(m.type(r)), List.of(m.type(r)), List.of(),
        ld(1), op(PACK, r), op(ST_LOC, 0), op(MOVE_LOC, 0), op(RET));
    rejects(m.build(), Kind.UNDROPPED_VALUE);
  }

  // ================================================================= references

  @Test
  void returningAReferenceToALocalIsRejected() {
    rejects(fn(List.of(), List.of(new Reference(U64)), List.of(U64),
        ld(1), op(ST_LOC, 0), op(IMM_BORROW_LOC, 0), op(RET)), Kind.REFERENCE_SAFETY);
  }

  @Test
  void returningAReferenceIntoAParameterPasses() {
    TestModule m = new TestModule();
    int s = m.struct("S", DROP, U64);
    m.fun("f", List.of(new MutableReference(m.type(s))), List.of(new MutableReference(U64)), List.of(),
        op(MOVE_LOC, 0), op(MUT_BORROW_FIELD, m.fieldHandle(s, 0)), op(RET));
    ok(m.build());
  }

  @Test
  void movingABorrowedLocalIsRejected() {
    rejects(fn(List.of(U64), List.of(U64), List.of(new Reference(U64)),
        op(IMM_BORROW_LOC, 0), op(ST_LOC, 1), op(MOVE_LOC, 0), op(MOVE_LOC, 1), op(READ_REF), op(ADD), op(RET)),
        Kind.REFERENCE_SAFETY);
    ok(fn(List.of(U64), List.of(U64), List.of(new Reference(U64)),
        op(IMM_BORROW_LOC, 0), op(ST_LOC, 1), op(MOVE_LOC, 1), op(READ_REF), op(MOVE_LOC, 0), op(ADD), op(RET)));
  }

  @Test
  void twoMutableBorrowsOfALocalPassAsInMoveButTheLocalStaysPinned() {
    // the official verifier checks nothing on a mutable borrow of a local
    ok(fn(List.of(U64), List.of(), List.of(new MutableReference(U64)),
        op(MUT_BORROW_LOC, 0), op(ST_LOC, 1), op(MUT_BORROW_LOC, 0), op(POP), op(MOVE_LOC, 1), op(POP), op(RET)));
    // moving the local while one of them is alive is not allowed
    rejects(fn(List.of(U64), List.of(U64), List.of(new MutableReference(U64)),
        op(MUT_BORROW_LOC, 0), op(ST_LOC, 1), op(MUT_BORROW_LOC, 0), op(POP), op(MOVE_LOC, 0),
        op(MOVE_LOC, 1), op(POP), op(RET)),
        Kind.REFERENCE_SAFETY);
  }

  @Test
  void popBackWhileAnElementIsBorrowedIsRejected() {
    TestModule m = new TestModule();
    int u64s = m.sig(U64);
    SignatureToken v = new MutableReference(new Vector(U64));
    m.fun("f", List.of(v), List.of(), List.of(new MutableReference(U64)),
        op(COPY_LOC, 0), ld(0), op(VEC_MUT_BORROW, u64s), op(ST_LOC, 1),
        op(MOVE_LOC, 0), op(VEC_POP_BACK, u64s), op(POP),
        ld(7), op(MOVE_LOC, 1), op(WRITE_REF), op(RET));
    rejects(m.build(), Kind.REFERENCE_SAFETY);
    TestModule good = new TestModule();
    int u = good.sig(U64);
    good.fun("f", List.of(v), List.of(), List.of(new MutableReference(U64)),
        op(COPY_LOC, 0), ld(0), op(VEC_MUT_BORROW, u), op(ST_LOC, 1),
        ld(7), op(MOVE_LOC, 1), op(WRITE_REF),
        op(MOVE_LOC, 0), op(VEC_POP_BACK, u), op(POP), op(RET));
    ok(good.build());
  }

  @Test
  void moveFromWhileBorrowedIsRejected() {
    TestModule m = new TestModule(APTOS);
    int k = m.struct("K", AbilitySet.of(Ability.KEY, Ability.STORE), U64);
    int h = m.handle("f", List.of(Primitive.ADDRESS), List.of(), List.of());
    m.define(h, Visibility.PUBLIC, false, List.of(k), List.of(new Reference(m.type(k))),
        op(COPY_LOC, 0), op(IMM_BORROW_GLOBAL, k), op(ST_LOC, 1),
        op(MOVE_LOC, 0), op(MOVE_FROM, k), op(UNPACK, k), op(POP),
        op(MOVE_LOC, 1), op(POP), op(RET));
    rejects(m.build(), Kind.REFERENCE_SAFETY);
  }

  @Test
  void passingABorrowedMutableReferenceIsRejected() {
    TestModule m = new TestModule();
    int g = m.fun("g", List.of(new MutableReference(U64)), List.of(), List.of(), op(MOVE_LOC, 0), op(POP), op(RET));
    int gh = m.b.functionDefs.get(g).function();
    m.fun("f", List.of(new MutableReference(U64)), List.of(), List.of(new MutableReference(U64)),
        op(COPY_LOC, 0), op(ST_LOC, 1), op(MOVE_LOC, 0), op(CALL, gh), op(MOVE_LOC, 1), op(POP), op(RET));
    rejects(m.build(), Kind.REFERENCE_SAFETY);
  }

  // ================================================================= limits

  @Test
  void tooManyLocalsAreRejected() {
    CompiledModule m = fn(List.of(U64), List.of(), List.of(U64), op(RET));
    ok(m);
    rejects(m, VerifierLimits.DEFAULT.withMaxLocals(1), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void tooManyFieldsAreRejected() {
    TestModule m = new TestModule();
    m.struct("S", DROP, U64, U64, U64);
    ok(m.build());
    rejects(m.build(), VerifierLimits.DEFAULT.withMaxStructFields(2), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void tooBigTypesAreRejected() {
    SignatureToken t = U64;
    for (int i = 0; i < 300; i++) {
      t = new Vector(t);
    }
    TestModule m = new TestModule();
    m.sig(t);
    rejects(m.build(), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void tooManyTypeParametersAreRejected() {
    TestModule m = new TestModule();
    int h = m.handle("f", List.of(), List.of(), List.of(NONE, NONE));
    m.define(h, List.of(), op(RET));
    ok(m.build());
    rejects(m.build(), VerifierLimits.DEFAULT.withMaxTypeParameters(1), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void deepStackIsRejected() {
    CompiledModule m = fn(List.of(), List.of(), List.of(), ld(1), ld(2), op(POP), op(POP), op(RET));
    ok(m);
    rejects(m, VerifierLimits.DEFAULT.withMaxValueStackSize(1), Kind.STACK_IMBALANCE);
  }
  // ================================================================= flavor-specific instructions

  @Test
  void suiEnumPackUnpackAndSwitchPass() {
    TestModule m = new TestModule();
    int e = m.enumType("E", DROP, List.of(List.of(), List.of(U64, BOOL)));
    SignatureToken et = new SignatureToken.Datatype(m.b.enumDefs.get(e).enumHandle());
    int v1 = m.variantHandle(e, 1);
    m.fun("make", List.of(), List.of(et), List.of(), ld(5), op(LD_TRUE), op(PACK_VARIANT, v1), op(RET));
    int h = m.handle("f", List.of(et), List.of(U64), List.of());
    m.b.functionDefs.add(new FunctionDefinition(h, Visibility.PUBLIC, false, List.of(), new CodeUnit(m.sig(), List.of(
        op(IMM_BORROW_LOC, 0), op(VARIANT_SWITCH, 0), ld(0), op(RET),
        op(MOVE_LOC, 0), op(UNPACK_VARIANT, v1), op(POP), op(RET)), List.of(new VariantJumpTable(e, List.of(2, 4))))));
    ok(m.build());
    // unpacking the variant with the fields in the wrong order
    m.fun("g", List.of(), List.of(et), List.of(), op(LD_TRUE), ld(5), op(PACK_VARIANT, v1), op(RET));
    rejects(m.build(), Kind.TYPE_MISMATCH);
  }

  @Test
  void aptosStructVariantsPass() {
    TestModule m = new TestModule(APTOS);
    int vh = m.b.datatypeHandles.size();
    m.b.datatypeHandles.add(new io.statecraft.move.binary.DatatypeHandle(0, m.id("V"), COPY_DROP, List.of()));
    m.b.structDefs.add(new StructDefinition(vh, new StructFieldInformation.DeclaredVariants(List.of(
        new io.statecraft.move.binary.VariantDefinition(m.id("A"), List.of(new FieldDefinition(m.id("x"), U64))),
        new io.statecraft.move.binary.VariantDefinition(m.id("B"), List.of(new FieldDefinition(m.id("x"), U64), new FieldDefinition(m.id("y"), BOOL)))))));
    int vd = m.b.structDefs.size() - 1;
    m.b.variantFieldHandles.add(new io.statecraft.move.binary.VariantFieldHandle(vd, List.of(0, 1), 0));
    m.b.structVariantHandles.add(new io.statecraft.move.binary.StructVariantHandle(vd, 0));
    SignatureToken v = new SignatureToken.Datatype(vh);
    m.fun("f", List.of(), List.of(U64, BOOL), List.of(v),
        ld(3), op(PACK_STRUCT_VARIANT, 0), op(ST_LOC, 0),
        op(IMM_BORROW_LOC, 0), op(IMM_BORROW_VARIANT_FIELD, 0), op(READ_REF),
        op(IMM_BORROW_LOC, 0), op(TEST_STRUCT_VARIANT, 0), op(RET));
    ok(m.build());
    m.fun("g", List.of(), List.of(v), List.of(), ld(3), op(PACK, vd), op(RET));
    rejects(m.build(), Kind.INCONSISTENT_INSTRUCTION);
  }

  @Test
  void aptosClosurePackAndCallPass() {
    TestModule m = new TestModule(BinaryFormat.of(FormatFlavor.APTOS, 8));
    int add = m.fun("add", List.of(U64, U64), List.of(U64), List.of(), op(MOVE_LOC, 0), op(MOVE_LOC, 1), op(ADD), op(RET));
    int ah = m.b.functionDefs.get(add).function();
    SignatureToken fnType = new SignatureToken.Function(List.of(U64), List.of(U64), COPY_DROP);
    int fnSig = m.sig(fnType);
    m.fun("f", List.of(), List.of(U64), List.of(fnType),
        ld(1), io.statecraft.move.binary.Bytecode.withIndexAndValue(PACK_CLOSURE, ah, 1), op(ST_LOC, 0),
        ld(2), op(MOVE_LOC, 0), op(CALL_CLOSURE, fnSig), op(RET));
    ok(m.build());
    m.fun("g", List.of(), List.of(U64), List.of(fnType),
        op(LD_TRUE), io.statecraft.move.binary.Bytecode.withIndexAndValue(PACK_CLOSURE, ah, 1), op(ST_LOC, 0),
        ld(2), op(MOVE_LOC, 0), op(CALL_CLOSURE, fnSig), op(RET));
    rejects(m.build(), Kind.TYPE_MISMATCH);
  }

  @Test
  void signedIntegersOutsideAptosAreRejected() {
    TestModule m = new TestModule();
    m.sig(Primitive.I64);
    rejects(m.build(), Kind.INVALID_SIGNATURE);
    TestModule a = new TestModule(BinaryFormat.of(FormatFlavor.APTOS, 9));
    a.fun("f", List.of(Primitive.I64), List.of(Primitive.I64), List.of(), op(MOVE_LOC, 0), op(NEGATE), op(RET));
    ok(a.build());
  }

  @Test
  void borrowGraphWorkIsMetered() {
    CompiledModule m = fn(List.of(U64), List.of(U64), List.of(), op(IMM_BORROW_LOC, 0), op(READ_REF), op(RET));
    ok(m);
    rejects(m, VerifierLimits.DEFAULT.withMaxBorrowGraphWork(1), Kind.LIMIT_EXCEEDED);
  }

  @Test
  void scriptParametersMayOnlyReferToSigner() {
    io.statecraft.move.binary.CompiledScript.Builder b = io.statecraft.move.binary.CompiledScript.builder(BinaryFormat.of(FormatFlavor.APTOS, 7));
    b.signatures.add(io.statecraft.move.binary.Signature.of(new Reference(Primitive.SIGNER), U64));
    b.signatures.add(io.statecraft.move.binary.Signature.EMPTY);
    b.parameters(0).code(new CodeUnit(1, List.of(op(RET))));
    ok(b.build());
    b.signatures.set(0, io.statecraft.move.binary.Signature.of(new MutableReference(U64)));
    rejects(b.build(), Kind.INVALID_FUNCTION_DECLARATION);
  }
}
