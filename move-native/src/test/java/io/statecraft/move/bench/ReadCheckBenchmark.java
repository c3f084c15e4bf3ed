package io.statecraft.move.bench;

import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.BoundsChecker;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.ModuleGenerator;
import io.statecraft.move.binary.ModuleReader;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.binary.ReaderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Read + bounds-check throughput over a set of framework-sized generated modules of every
 * flavor. One operation reads and checks the whole set; MB/s = ops/s × {@link #SET_BYTES}.
 * {@link BenchMain} prints both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadCheckBenchmark {
  /** Modules per flavor/version in the set, and the generator's size knob. */
  static final int PER_FORMAT = 8;
  static final int SIZE = 30;

  private final List<byte[]> binaries = new ArrayList<>();
  private final List<ModuleReader> readers = new ArrayList<>();
  private final List<CompiledModule> modules = new ArrayList<>();

  static long SET_BYTES;

  @Setup(Level.Trial)
  public void setUp() {
    long total = 0;
    for (BinaryFormat f : ModuleGenerator.ALL_FORMATS) {
      for (int i = 0; i < PER_FORMAT; i++) {
        CompiledModule m = ModuleGenerator.module(1000L * i + f.version(), f, SIZE);
        byte[] b = ModuleWriter.write(m);
        binaries.add(b);
        modules.add(m);
        readers.add(new ModuleReader(ReaderOptions.DEFAULT.withAddressLength(f.addressLength())));
        total += b.length;
      }
    }
    SET_BYTES = total;
  }

  public static long setBytes() {
    ReadCheckBenchmark b = new ReadCheckBenchmark();
    b.setUp();
    return SET_BYTES;
  }

  public static int setSize() {
    return ModuleGenerator.ALL_FORMATS.size() * PER_FORMAT;
  }

  @Benchmark
  public void readAndCheck(Blackhole bh) {
    for (int i = 0; i < binaries.size(); i++) {
      CompiledModule m = readers.get(i).readModule(binaries.get(i));
      BoundsChecker.check(m);
      bh.consume(m);
    }
  }

  @Benchmark
  public void readOnly(Blackhole bh) {
    for (int i = 0; i < binaries.size(); i++) {
      bh.consume(readers.get(i).readModule(binaries.get(i)));
    }
  }

  @Benchmark
  public void write(Blackhole bh) {
    for (CompiledModule m : modules) {
      bh.consume(ModuleWriter.write(m));
    }
  }
}
