package io.statecraft.move.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Move, LuaJ and Java compute the same answers, so the benchmarks compare like with like. */
class BenchAgreementTest {
  @Test
  void allThreeAgree() {
    BenchMove move = new BenchMove();
    BenchLua lua = new BenchLua();
    assertThat(move.arith(10_000)).isEqualTo(BenchJava.arith(10_000)).isEqualTo(lua.arith(10_000));
    assertThat(move.sort(200)).isEqualTo(BenchJava.sort(200)).isEqualTo(lua.sort(200));
    assertThat(move.game(100, 10)).isEqualTo(BenchJava.game(100, 10)).isEqualTo(lua.game(100, 10));
    assertThat(move.instructions(move.arith, 1000)).isBetween(15_000L, 20_000L);
  }
}
