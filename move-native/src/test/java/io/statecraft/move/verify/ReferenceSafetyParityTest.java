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
}
