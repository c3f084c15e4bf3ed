package io.statecraft.move.runtime;

import io.statecraft.move.storage.ChangeSet;
import io.statecraft.move.storage.StateTree;
import io.statecraft.move.testing.TestVm;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A seeded random workload — mints, transfers, burns, failures — whose effects hashes and state
 * roots fold into one digest. Run in separate JVMs, the digests must match.
 */
public final class DeterminismWorkload {
  private DeterminismWorkload() {}

  public static String run(long seed, int transactions) throws Exception {
    TestVm vm = GlobalStorageTest.vm();
    Random rnd = new Random(seed);
    MessageDigest digest = MessageDigest.getInstance("SHA3-256");
    StateTree tree = StateTree.EMPTY;
    for (int i = 0; i < transactions; i++) {
      AccountAddress who = AccountAddress.ofLong(1 + rnd.nextInt(16));
      long amount = rnd.nextInt(4) == 0 ? -1L - rnd.nextInt(3) : rnd.nextInt(1_000_000);
      ExecutionResult r = switch (rnd.nextInt(5)) {
        case 0, 1 -> vm.call("0x42::bank::mint", List.of(), List.of(who), Type.U64, amount);
        case 2 -> vm.call("0x42::bank::add", Type.ADDRESS, who, Type.U64, amount);
        case 3 -> vm.call("0x42::bank::burn", Type.ADDRESS, who);
        default -> vm.call("0x42::bank::mint_then_abort", List.of(), List.of(who));
      };
      ChangeSet cs = r.changeSet();
      tree = tree.apply(cs);
      digest.update(cs.effectsHash());
      digest.update(r.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update(tree.root());
    }
    return HexFormat.of().formatHex(digest.digest()) + " " + tree.size();
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(Long.parseLong(args[0]), Integer.parseInt(args[1])));
  }
}
