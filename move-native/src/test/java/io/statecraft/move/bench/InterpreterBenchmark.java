package io.statecraft.move.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The three algorithms on the Move VM, on LuaJ and in plain Java; time per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class InterpreterBenchmark {
  public static final long ARITH_N = 100_000;
  public static final int SORT_N = 300;
  public static final int ENTITIES = 1000;
  public static final int TICKS = 10;

  BenchMove move;
  BenchLua lua;

  @Setup
  public void setup() {
    move = new BenchMove();
    lua = new BenchLua();
  }

  @Benchmark
  public long moveArith() {
    return move.arith(ARITH_N);
  }

  @Benchmark
  public long luaArith() {
    return lua.arith(ARITH_N);
  }

  @Benchmark
  public long javaArith() {
    return BenchJava.arith(ARITH_N);
  }

  @Benchmark
  public long moveSort() {
    return move.sort(SORT_N);
  }

  @Benchmark
  public long luaSort() {
    return lua.sort(SORT_N);
  }

  @Benchmark
  public long javaSort() {
    return BenchJava.sort(SORT_N);
  }

  @Benchmark
  public long moveGameTick() {
    return move.game(ENTITIES, TICKS);
  }

  @Benchmark
  public long luaGameTick() {
    return lua.game(ENTITIES, TICKS);
  }

  @Benchmark
  public long javaGameTick() {
    return BenchJava.game(ENTITIES, TICKS);
  }
}
