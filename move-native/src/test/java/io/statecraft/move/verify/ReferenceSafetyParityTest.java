package io.statecraft.move.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statecraft.move.asm.Assembler;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import org.junit.jupiter.api.Test;

/**
 * Reference safety against the official Move bytecode verifier (the borrow-graph reference
 * safety of Sui's {@code move-bytecode-verifier} and Aptos's
 * {@code third_party/move/move-bytecode-verifier}). Each case says what the official verifier
 * does with the same bytecode; where ours is deliberately stricter the test says so.
 */
class ReferenceSafetyParityTest {

  private static CompiledUnit asm(String format, String body) {
    return Assembler.assemble("#[format(" + format + ")]\nmodule 0x2::m {\n" + body + "\n}\n", "parity.masm");
  }

  private static void ok(String format, String body) {
    Verifier.verifyAll(asm(format, body));
  }

  private static InvalidModuleException rejects(String format, String body) {
    CompiledUnit u = asm(format, body);
    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> Verifier.verifyAll(u));
    assertEquals(Kind.REFERENCE_SAFETY, e.kind(), e.getMessage());
    return e;
  }

  private static final String GAME = """
      struct Game has key { turn: u64, board: vector<u64> }
      """;

  // ================================================================ Ret

  /**
   * The reported case. Move forbids returning a reference into global storage: the official
   * {@code ret} releases the locals and then requires that the frame root has no borrow at all
   * ({@code is_frame_safe_to_destroy}: locals and global resources alike), failing with
   * UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED. The Move book says the same ("a function
   * cannot return a reference that points into global storage"). So rejecting is parity.
   */
  @Test
  void returningAGlobalReferenceIsRejectedAsInMove() {
    InvalidModuleException e = rejects("aptos, 7", GAME + """
        fun game(): &mut Game acquires Game {
          LdConst address @0xc0de
          MutBorrowGlobal Game
          Ret
        }
        """);
    assertTrue(e.getMessage().contains("global"), e.getMessage());
    rejects("legacy, 6", GAME + """
        fun turn(a: address): &u64 acquires Game {
          MoveLoc a
          ImmBorrowGlobal Game
          ImmBorrowField Game.turn
          Ret
        }
        """);
    // the reference stored in a local first does not change anything
    rejects("legacy, 6", GAME + """
        fun game(a: address): &mut Game acquires Game {
          local g: &mut Game;
          MoveLoc a
          MutBorrowGlobal Game
          StLoc g
          MoveLoc g
          Ret
        }
        """);
  }

  /** A global may be borrowed and used inside the function, and its values returned. */
  @Test
  void usingAGlobalReferenceAndReturningAValuePasses() {
    ok("legacy, 6", GAME + """
        fun bump(a: address): u64 acquires Game {
          local g: &mut Game;
          MoveLoc a
          MutBorrowGlobal Game
          StLoc g
          CopyLoc g
          ImmBorrowField Game.turn
          ReadRef
          LdU64 1
          Add
          MoveLoc g
          MutBorrowField Game.turn
          WriteRef
          LdU64 0
          Ret
        }
        """);
  }

  /** A global reference passed in as a parameter is the caller's business: returning parts of it is fine. */
  @Test
  void returningReferencesDerivedFromReferenceParametersPasses() {
    ok("legacy, 6", GAME + """
        fun turn_mut(g: &mut Game): &mut u64 {
          MoveLoc g
          MutBorrowField Game.turn
          Ret
        }
        fun itself(g: &mut Game): &mut Game {
          MoveLoc g
          Ret
        }
        fun frozen(g: &mut Game): &Game {
          MoveLoc g
          FreezeRef
          Ret
        }
        fun cell(g: &mut Game, i: u64): &mut u64 {
          MoveLoc g
          MutBorrowField Game.board
          MoveLoc i
          VecMutBorrow u64
          Ret
        }
        fun through_a_call(g: &mut Game): &mut u64 {
          MoveLoc g
          Call turn_mut
          Ret
        }
        fun pick(a: &u64, b: &u64, first: bool): &u64 {
          MoveLoc first
          BrFalse second
          MoveLoc b
          Pop
          MoveLoc a
          Ret
        second:
          MoveLoc a
          Pop
          MoveLoc b
          Ret
        }
        fun two(g: &mut Game): (&u64, &vector<u64>) {
          CopyLoc g
          ImmBorrowField Game.turn
          MoveLoc g
          ImmBorrowField Game.board
          Ret
        }
        """);
  }

  @Test
  void returningReferencesToLocalsIsRejected() {
    rejects("legacy, 6", GAME + """
        fun local_ref(): &u64 {
          local x: u64;
          LdU64 1
          StLoc x
          ImmBorrowLoc x
          Ret
        }
        """);
    // a field of a local struct
    rejects("legacy, 6", """
        struct S has drop { f: u64 }
        fun field_ref(): &mut u64 {
          local s: S;
          LdU64 1
          Pack S
          StLoc s
          MutBorrowLoc s
          MutBorrowField S.f
          Ret
        }
        """);
    // a by-value parameter is a local too
    rejects("legacy, 6", """
        fun param_ref(x: u64): &u64 {
          ImmBorrowLoc x
          Ret
        }
        """);
    // mixed: a reference parameter on one path, a local on the other
    rejects("legacy, 6", """
        fun mixed(p: &u64, c: bool): &u64 {
          local x: u64;
          LdU64 1
          StLoc x
          MoveLoc c
          BrFalse other
          MoveLoc p
          Ret
        other:
          MoveLoc p
          Pop
          ImmBorrowLoc x
          Ret
        }
        """);
    // a mutable reference parameter returned while a copy of it is still alive on the stack
    rejects("legacy, 6", """
        fun still_borrowed(p: &mut u64): (&mut u64, &mut u64) {
          CopyLoc p
          MoveLoc p
          Ret
        }
        """);
  }

  // ================================================================ what Move does not order

  /**
   * Copies of one mutable reference are siblings in the borrow graph: neither borrows from the
   * other, so writing through one is not stopped by a borrow taken through the other. The
   * official verifier accepts this (CopyLoc adds a copy edge from the original; VecPushBack
   * only needs the pushed-through reference itself to be unborrowed), and so do we. The
   * interpreter must therefore cope with an element reference that outlives a resize of its
   * vector; no verifier rule that matches Move can prevent it.
   */
  @Test
  void siblingCopiesOfAMutableReferenceAreNotOrderedAsInMove() {
    ok("legacy, 6", """
        fun f(v: &mut vector<u64>) {
          local e: &mut u64;
          CopyLoc v
          LdU64 0
          VecMutBorrow u64
          StLoc e
          CopyLoc v
          LdU64 7
          VecPushBack u64
          LdU64 9
          MoveLoc e
          WriteRef
          MoveLoc v
          Pop
          Ret
        }
        """);
  }

  // ================================================================ rules aligned with Move

  /** A dead immutable reference left in a local does not stop a mutable borrow of the local. */
  @Test
  void mutableBorrowOfALocalWithADeadReferenceInALocalPasses() {
    ok("legacy, 6", """
        fun f(): u64 {
          local x: u64;
          local r: &u64;
          local m: &mut u64;
          LdU64 1
          StLoc x
          ImmBorrowLoc x
          StLoc r
          MutBorrowLoc x
          StLoc m
          LdU64 2
          MoveLoc m
          WriteRef
          LdU64 0
          Ret
        }
        """);
    // but the local cannot be read by value while the reference is there (CopyLoc needs no
    // mutable borrow; an immutable borrow while a mutable one lives is refused, as in Move)
    rejects("legacy, 6", """
        fun f(): u64 {
          local x: u64;
          local m: &mut u64;
          LdU64 1
          StLoc x
          MutBorrowLoc x
          StLoc m
          ImmBorrowLoc x
          ReadRef
          MoveLoc m
          Pop
          Ret
        }
        """);
  }

  /** Two mutable borrows of the same field through one parent: Move only checks full borrows. */
  @Test
  void mutableFieldBorrowChecksOnlyFullBorrowsOfTheParent() {
    String s = """
        struct S has drop { a: u64, b: u64 }
        """;
    ok("legacy, 6", s + """
        fun f(p: &mut S) {
          local x: &mut u64;
          local y: &mut u64;
          CopyLoc p
          MutBorrowField S.a
          StLoc x
          MoveLoc p
          MutBorrowField S.a
          StLoc y
          LdU64 1
          MoveLoc y
          WriteRef
          LdU64 2
          MoveLoc x
          WriteRef
          Ret
        }
        """);
    // a full borrow of the parent (a live copy of it) still blocks a mutable field borrow
    rejects("legacy, 6", s + """
        fun f(p: &mut S) {
          local c: &mut S;
          CopyLoc p
          StLoc c
          MoveLoc p
          MutBorrowField S.a
          Pop
          MoveLoc c
          Pop
          Ret
        }
        """);
    // and writing the parent while a field borrow lives is refused
    rejects("legacy, 6", s + """
        fun f(p: &mut S) {
          local x: &mut u64;
          CopyLoc p
          MutBorrowField S.a
          StLoc x
          LdU64 1
          LdU64 2
          Pack S
          MoveLoc p
          WriteRef
          LdU64 3
          MoveLoc x
          WriteRef
          Ret
        }
        """);
  }

  /** VecLen and VecImmBorrow are not checked by Move, even with a live mutable element borrow. */
  @Test
  void vectorLengthAndImmutableElementBorrowAreNotChecked() {
    ok("legacy, 6", """
        fun f(v: &mut vector<u64>): u64 {
          local e: &mut u64;
          CopyLoc v
          LdU64 0
          VecMutBorrow u64
          StLoc e
          CopyLoc v
          VecLen u64
          MoveLoc v
          LdU64 0
          VecImmBorrow u64
          ReadRef
          Add
          MoveLoc e
          Pop
          Ret
        }
        """);
    // updating the vector through the same reference is still refused
    rejects("legacy, 6", """
        fun f(v: &mut vector<u64>) {
          local e: &mut u64;
          MoveLoc v
          StLoc v
          CopyLoc v
          LdU64 0
          VecMutBorrow u64
          StLoc e
          MoveLoc v
          VecPopBack u64
          Pop
          LdU64 1
          MoveLoc e
          WriteRef
          Ret
        }
        """);
  }

  /** Sui: a mutable variant unpack through a reference only needs no full borrow of it. */
  @Test
  void suiMutableVariantUnpackChecksOnlyFullBorrows() {
    String e = """
        enum E has drop { A { x: u64, y: u64 } }
        """;
    ok("sui, 7", e + """
        fun f(r: &mut E) {
          local a: &mut u64;
          local b: &mut u64;
          CopyLoc r
          UnpackVariantMutRef E::A
          Pop
          StLoc a
          MoveLoc r
          UnpackVariantMutRef E::A
          StLoc b
          Pop
          LdU64 1
          MoveLoc a
          WriteRef
          LdU64 2
          MoveLoc b
          WriteRef
          Ret
        }
        """);
    rejects("sui, 7", e + """
        fun f(r: &mut E) {
          local c: &E;
          CopyLoc r
          FreezeRef
          StLoc c
          MoveLoc r
          UnpackVariantMutRef E::A
          Pop
          Pop
          MoveLoc c
          Pop
          Ret
        }
        """);
  }

  // ================================================================ compiler output patterns

  /** {@code let c = copy p; c.f = ..; p.g = ..} — CopyLoc of a {@code &mut} then use of the original. */
  @Test
  void copiedMutableReferenceThenUsedPasses() {
    ok("legacy, 6", """
        struct S has drop { a: u64, b: u64 }
        fun f(p: &mut S) {
          LdU64 1
          CopyLoc p
          MutBorrowField S.a
          WriteRef
          LdU64 2
          CopyLoc p
          MutBorrowField S.b
          WriteRef
          MoveLoc p
          ImmBorrowField S.a
          ReadRef
          Pop
          Ret
        }
        """);
  }

  /** A field reference of a {@code &mut} parameter, consumed, then the parameter passed to a call. */
  @Test
  void callWithTheParameterAfterTheFieldReferenceIsConsumedPasses() {
    String s = """
        struct S has drop { a: u64, b: u64 }
        fun g(p: &mut S) {
          MoveLoc p
          Pop
          Ret
        }
        """;
    ok("legacy, 6", s + """
        fun f(p: &mut S) {
          local x: &mut u64;
          CopyLoc p
          MutBorrowField S.a
          StLoc x
          LdU64 1
          MoveLoc x
          WriteRef
          MoveLoc p
          Call g
          Ret
        }
        """);
    // the field reference still in its local when the call happens: refused, as in Move
    // (CALL_BORROWED_MUTABLE_REFERENCE_ERROR); the compiler releases dead references first
    rejects("legacy, 6", s + """
        fun f(p: &mut S) {
          local x: &mut u64;
          CopyLoc p
          MutBorrowField S.a
          StLoc x
          MoveLoc p
          Call g
          MoveLoc x
          Pop
          Ret
        }
        """);
  }

  /** {@code vector::length(&v)} after a {@code &mut v} held in a local was consumed. */
  @Test
  void vectorLengthAfterTheMutableBorrowIsConsumedPasses() {
    String len = """
        native fun length<T>(v: &vector<T>): u64;
        """;
    ok("legacy, 6", len + """
        fun f(): u64 {
          local v: vector<u64>;
          local m: &mut vector<u64>;
          VecPack u64, 0
          StLoc v
          MutBorrowLoc v
          StLoc m
          MoveLoc m
          LdU64 3
          VecPushBack u64
          ImmBorrowLoc v
          Call length<u64>
          ImmBorrowLoc v
          VecLen u64
          Add
          Ret
        }
        """);
    // with the &mut still in its local, &v is refused as in Move (BORROWLOC_EXISTS_BORROW_ERROR)
    rejects("legacy, 6", len + """
        fun f(): u64 {
          local v: vector<u64>;
          local m: &mut vector<u64>;
          VecPack u64, 0
          StLoc v
          MutBorrowLoc v
          StLoc m
          ImmBorrowLoc v
          Call length<u64>
          Ret
        }
        """);
  }

  // ================================================================ still stricter than Move

  /**
   * Aptos accepts a closure call while a global resource is borrowed (its VM checks
   * re-entrancy at run time); we refuse it, because the callee's acquires are unknown and our
   * interpreter has no re-entrancy check, so the callee could move the resource out from under
   * the live reference.
   */
  @Test
  void closureCallWhileAGlobalIsBorrowedIsRejected() {
    String m = """
        struct R has key { v: u64 }
        fun id(x: u64): u64 {
          MoveLoc x
          Ret
        }
        """;
    rejects("aptos, 8", m + """
        fun f(a: address): u64 acquires R {
          local r: &R;
          MoveLoc a
          ImmBorrowGlobal R
          StLoc r
          LdU64 1
          PackClosure id, 0
          CallClosure |u64| u64 has copy + drop
          MoveLoc r
          Pop
          Ret
        }
        """);
    ok("aptos, 8", m + """
        fun f(a: address): u64 acquires R {
          local r: &R;
          MoveLoc a
          ImmBorrowGlobal R
          StLoc r
          MoveLoc r
          ImmBorrowField R.v
          ReadRef
          PackClosure id, 0
          CallClosure |u64| u64 has copy + drop
          Ret
        }
        """);
  }
}
