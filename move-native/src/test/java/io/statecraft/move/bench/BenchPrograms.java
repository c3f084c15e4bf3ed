package io.statecraft.move.bench;

import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.runtime.Abilities;
import io.statecraft.move.testing.ModuleBuilder;
import io.statecraft.move.testing.Ty;

/**
 * The three benchmark algorithms as Move bytecode, written as a compiler would emit them:
 * an arithmetic loop, an insertion sort of a pseudo-random vector&lt;u64&gt;, and a game tick
 * that moves every entity of a vector of structs.
 */
public final class BenchPrograms {
  private BenchPrograms() {}

  public static final long LCG_MUL = 75L;
  public static final long LCG_ADD = 74L;
  public static final long LCG_MOD = 65537L;
  public static final long WORLD = 10000L;

  public static CompiledModule module() {
    ModuleBuilder m = ModuleBuilder.sui("0xbe", "bench");
    m.struct("Entity", Abilities.COPY | Abilities.DROP, "x", Ty.U64, "y", Ty.U64, "vx", Ty.U64, "vy", Ty.U64);

    // arith(n): s = 0; i = 0; while (i < n) { s = (s + i * 7) % 1000003; i = i + 1 }; s
    m.fun("arith").params(Ty.U64).returns(Ty.U64).locals(Ty.U64, Ty.U64).code(c -> c
        .ldU64(0).stLoc(1).ldU64(0).stLoc(2)
        .label("loop").copyLoc(2).copyLoc(0).lt().brFalse("end")
        .copyLoc(1).copyLoc(2).ldU64(7).mul().add().ldU64(1000003).mod().stLoc(1)
        .copyLoc(2).ldU64(1).add().stLoc(2).branch("loop")
        .label("end").moveLoc(1).ret());

    // sort(n): fill v with an LCG, insertion sort with swaps, return v[0] * 1000 + v[n-1] % 1000
    // locals: 0 n, 1 v, 2 i, 3 j, 4 seed
    m.fun("sort").params(Ty.U64).returns(Ty.U64).locals(Ty.vec(Ty.U64), Ty.U64, Ty.U64, Ty.U64).code(c -> c
        .vecPack(Ty.U64, 0).stLoc(1).ldU64(LCG_ADD).stLoc(4).ldU64(0).stLoc(2)
        .label("fill").copyLoc(2).copyLoc(0).lt().brFalse("sort")
        .copyLoc(4).ldU64(LCG_MUL).mul().ldU64(LCG_ADD).add().ldU64(LCG_MOD).mod().stLoc(4)
        .mutBorrowLoc(1).copyLoc(4).vecPushBack(Ty.U64)
        .copyLoc(2).ldU64(1).add().stLoc(2).branch("fill")
        .label("sort").ldU64(1).stLoc(2)
        .label("outer").copyLoc(2).copyLoc(0).lt().brFalse("done")
        .copyLoc(2).stLoc(3)
        .label("inner").copyLoc(3).ldU64(0).eq().brTrue("next")
        .immBorrowLoc(1).copyLoc(3).ldU64(1).sub().vecBorrow(Ty.U64, false).readRef()
        .immBorrowLoc(1).copyLoc(3).vecBorrow(Ty.U64, false).readRef()
        .gt().brFalse("next")
        .mutBorrowLoc(1).copyLoc(3).ldU64(1).sub().copyLoc(3).vecSwap(Ty.U64)
        .copyLoc(3).ldU64(1).sub().stLoc(3).branch("inner")
        .label("next").copyLoc(2).ldU64(1).add().stLoc(2).branch("outer")
        .label("done")
        .immBorrowLoc(1).ldU64(0).vecBorrow(Ty.U64, false).readRef().ldU64(1000).mul()
        .immBorrowLoc(1).copyLoc(0).ldU64(1).sub().vecBorrow(Ty.U64, false).readRef().ldU64(1000).mod()
        .add().ret());

    // spawn(n): vector of Entity{x: i, y: 2i, vx: i % 7 + 1, vy: i % 5 + 1}
    m.fun("spawn").params(Ty.U64).returns(Ty.vec(Ty.st("Entity"))).locals(Ty.vec(Ty.st("Entity")), Ty.U64).code(c -> c
        .vecPack(Ty.st("Entity"), 0).stLoc(1).ldU64(0).stLoc(2)
        .label("loop").copyLoc(2).copyLoc(0).lt().brFalse("end")
        .mutBorrowLoc(1)
        .copyLoc(2).copyLoc(2).ldU64(2).mul().copyLoc(2).ldU64(7).mod().ldU64(1).add()
        .copyLoc(2).ldU64(5).mod().ldU64(1).add().pack("Entity")
        .vecPushBack(Ty.st("Entity"))
        .copyLoc(2).ldU64(1).add().stLoc(2).branch("loop")
        .label("end").moveLoc(1).ret());

    // tick(world): every entity moves by its velocity, wrapping at the world's edge
    // locals: 0 world, 1 i, 2 len, 3 e
    m.fun("tick").params(Ty.mref(Ty.vec(Ty.st("Entity")))).locals(Ty.U64, Ty.U64, Ty.mref(Ty.st("Entity"))).code(c -> c
        .ldU64(0).stLoc(1).copyLoc(0).freezeRef().vecLen(Ty.st("Entity")).stLoc(2)
        .label("loop").copyLoc(1).copyLoc(2).lt().brFalse("end")
        .copyLoc(0).copyLoc(1).vecBorrow(Ty.st("Entity"), true).stLoc(3)
        .copyLoc(3).borrowField("Entity", "x", false).readRef()
        .copyLoc(3).borrowField("Entity", "vx", false).readRef().add().ldU64(WORLD).mod()
        .copyLoc(3).borrowField("Entity", "x", true).writeRef()
        .copyLoc(3).borrowField("Entity", "y", false).readRef()
        .copyLoc(3).borrowField("Entity", "vy", false).readRef().add().ldU64(WORLD).mod()
        .moveLoc(3).borrowField("Entity", "y", true).writeRef()
        .copyLoc(1).ldU64(1).add().stLoc(1).branch("loop")
        .label("end").moveLoc(0).pop().ret());

    // game(n, ticks): spawn n entities, run ticks, return a checksum of positions
    // locals: 0 n, 1 ticks, 2 world, 3 t, 4 sum
    m.fun("game").params(Ty.U64, Ty.U64).returns(Ty.U64).locals(Ty.vec(Ty.st("Entity")), Ty.U64, Ty.U64).code(c -> c
        .copyLoc(0).call("spawn").stLoc(2).ldU64(0).stLoc(3)
        .label("loop").copyLoc(3).copyLoc(1).lt().brFalse("sum")
        .mutBorrowLoc(2).call("tick").copyLoc(3).ldU64(1).add().stLoc(3).branch("loop")
        .label("sum").ldU64(0).stLoc(4).ldU64(0).stLoc(3)
        .label("sloop").copyLoc(3).copyLoc(0).lt().brFalse("end")
        .copyLoc(4)
        .immBorrowLoc(2).copyLoc(3).vecBorrow(Ty.st("Entity"), false).borrowField("Entity", "x", false).readRef().add()
        .immBorrowLoc(2).copyLoc(3).vecBorrow(Ty.st("Entity"), false).borrowField("Entity", "y", false).readRef().add()
        .stLoc(4).copyLoc(3).ldU64(1).add().stLoc(3).branch("sloop")
        .label("end").moveLoc(4).ret());
    return m.build();
  }
}
