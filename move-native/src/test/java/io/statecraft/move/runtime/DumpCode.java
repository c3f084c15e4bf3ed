package io.statecraft.move.runtime;

import io.statecraft.move.bench.BenchPrograms;
import io.statecraft.move.natives.NativeRegistry;
import java.util.List;

/** Prints the lane ops and fused ops of the benchmark functions (a development aid). */
public final class DumpCode {
  private DumpCode() {}

  static String name(int op) {
    if (op < Op.COUNT) {
      return Op.name(op);
    }
    if (op < Fusion.PLAIN_END) {
      return "F" + (op - Op.COUNT);
    }
    if (op < Lanes.END) {
      return "L:" + Op.name(Lanes.BASE[op - Lanes.L0]) + "#" + (op - Lanes.L0);
    }
    return "LF" + (op - Fusion.F0);
  }

  public static void main(String[] args) {
    ModuleSet set = ModuleSet.load(List.of(BenchPrograms.module()), NativeRegistry.standard());
    for (String f : args.length > 0 ? List.of(args) : List.of("arith", "sort", "tick", "game", "spawn")) {
      Code c = set.function(ModuleId.parse("0xbe::bench"), f).code();
      System.out.println("== " + f);
      for (int pc = 0; pc < c.length(); pc++) {
        System.out.printf("%3d %-22s %-8s opd=%d%n", pc, name(c.ops()[pc]),
            c.fusedOps()[pc] != c.ops()[pc] ? name(c.fusedOps()[pc]) : "", c.operands()[pc]);
      }
    }
  }
}
