package io.statecraft.move.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Feeds the reader mutated valid binaries and random bytes. The property: only {@link
 * MalformedModuleException} or {@link InvalidModuleException} ever escapes, and any input that
 * reads and bounds-checks writes back to exactly itself. Deterministic for a seed.
 */
public final class Fuzzer {
  /** Outcome counts of a run, and the first unexpected failures. */
  public static final class Stats {
    public long inputs;
    public long malformed;
    public long invalid;
    public long accepted;
    public long unexpected;
    public long maxNanos;
    public long bytes;
    public final List<String> failures = new ArrayList<>();

    @Override
    public String toString() {
      return String.format("inputs=%d malformed=%d invalid=%d accepted=%d unexpected=%d bytes=%d slowest=%.3fms",
          inputs, malformed, invalid, accepted, unexpected, bytes, maxNanos / 1e6);
    }
  }

  private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x05, 0x0A, 0x10};
  private final SplittableRandom rnd;
  private final List<byte[]> corpus = new ArrayList<>();

  public Fuzzer(long seed) {
    this.rnd = new SplittableRandom(seed);
    for (int i = 0; i < 120; i++) {
      BinaryFormat f = ModuleGenerator.ALL_FORMATS.get(i % ModuleGenerator.ALL_FORMATS.size());
      CompiledUnit unit = i % 5 == 4
          ? ModuleGenerator.script(seed * 1000 + i, f, 1 + i % 3)
          : ModuleGenerator.module(seed * 1000 + i, f, 1 + i % 4);
      corpus.add(ModuleWriter.write(unit));
    }
  }

  public byte[] nextInput() {
    int r = rnd.nextInt(100);
    if (r < 85) {
      byte[] b = corpus.get(rnd.nextInt(corpus.size())).clone();
      int n = 1 + rnd.nextInt(rnd.nextInt(100) < 70 ? 2 : 6);
      for (int i = 0; i < n; i++) {
        b = mutate(b);
      }
      return b;
    }
    byte[] b = new byte[rnd.nextInt(r < 95 ? 200 : 2000)];
    rnd.nextBytes(b);
    if (r < 95 && b.length >= 8) {
      b[0] = (byte) 0xA1;
      b[1] = 0x1C;
      b[2] = (byte) 0xEB;
      b[3] = 0x0B;
      int[] words = {5, 6, 0x05000007, 0x0A000007, 0x0A000008, 0x0A000009, 0x0A00000A};
      int w = words[rnd.nextInt(words.length)];
      for (int i = 0; i < 4; i++) {
        b[4 + i] = (byte) (w >>> (8 * i));
      }
    }
    return b;
  }

  private byte[] mutate(byte[] b) {
    if (b.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    int at = rnd.nextInt(b.length);
    switch (rnd.nextInt(9)) {
      case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
      case 1 -> b[at] = (byte) rnd.nextInt(256);
      case 2 -> b[at] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
      case 3 -> { // insert
        byte[] ins = new byte[1 + rnd.nextInt(8)];
        rnd.nextBytes(ins);
        b = Bytes.concat(Arrays.copyOfRange(b, 0, at), ins, Arrays.copyOfRange(b, at, b.length));
      }
      case 4 -> { // delete
        int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
        b = Bytes.concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + len, b.length));
      }
      case 5 -> b = Arrays.copyOf(b, at); // truncate
      case 6 -> { // duplicate a slice
        int len = Math.min(b.length - at, 1 + rnd.nextInt(32));
        b = Bytes.concat(Arrays.copyOfRange(b, 0, at + len), Arrays.copyOfRange(b, at, b.length));
      }
      case 7 -> { // a run of continuation bytes, as in a huge ULEB128
        int len = Math.min(b.length - at, 1 + rnd.nextInt(12));
        Arrays.fill(b, at, at + len, (byte) 0xFF);
      }
      default -> { // swap two bytes
        int other = rnd.nextInt(b.length);
        byte t = b[at];
        b[at] = b[other];
        b[other] = t;
      }
    }
    return b;
  }

  /** Runs one input through read, check and write; returns a failure description or null. */
  public String exercise(byte[] input, Stats stats) {
    ReaderOptions options = ReaderOptions.DEFAULT
        .withAddressLength(rnd.nextBoolean() ? 32 : 16)
        .withTrailingBytes(rnd.nextInt(4) == 0);
    ModuleReader reader = new ModuleReader(options);
    boolean script = rnd.nextInt(5) == 0;
    long start = System.nanoTime();
    try {
      CompiledUnit unit = script ? reader.readScript(input) : reader.readModule(input);
      BoundsChecker.check(unit);
      byte[] again = ModuleWriter.write(unit);
      if (!Arrays.equals(again, input)) {
        return "accepted input does not write back to itself";
      }
      stats.accepted++;
      return null;
    } catch (MalformedModuleException e) {
      stats.malformed++;
      return null;
    } catch (InvalidModuleException e) {
      stats.invalid++;
      return null;
    } catch (Throwable t) {
      return t.toString();
    } finally {
      stats.maxNanos = Math.max(stats.maxNanos, System.nanoTime() - start);
    }
  }

  public Stats run(long iterations) {
    Stats stats = new Stats();
    for (long i = 0; i < iterations; i++) {
      byte[] input = nextInput();
      stats.inputs++;
      stats.bytes += input.length;
      String failure = exercise(input, stats);
      if (failure != null) {
        stats.unexpected++;
        if (stats.failures.size() < 20) {
          stats.failures.add(failure + " on " + HexFormat.of().formatHex(input));
        }
      }
    }
    return stats;
  }
}
