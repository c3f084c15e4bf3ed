package io.statecraft.move.binary;

/**
 * The long fuzz campaign: {@code java ... FuzzMain [iterations] [seed]}. Prints the counts and
 * any unexpected failure with its input in hex; exits 1 if there was one.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) {
    long iterations = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    long start = System.nanoTime();
    Fuzzer.Stats stats = new Fuzzer(seed).run(iterations);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("seed=%d %s time=%.1fs (%.0f inputs/s)%n", seed, stats, seconds, stats.inputs / seconds);
    stats.failures.forEach(System.out::println);
    System.exit(stats.unexpected == 0 ? 0 : 1);
  }
}
