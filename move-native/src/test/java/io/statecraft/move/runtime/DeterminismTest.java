package io.statecraft.move.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same workload gives the same effects in two separate JVMs (and in this one). */
class DeterminismTest {
  static String runInNewJvm(long seed, int n, String... jvmFlags) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new java.util.ArrayList<>(List.of(java));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismWorkload.class.getName(),
        Long.toString(seed), Integer.toString(n)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void twoJvmsAgree() throws Exception {
    long seed = 20240611L;
    int n = 400;
    // different heap and JIT settings must not matter
    String a = runInNewJvm(seed, n, "-Xmx256m", "-XX:+UseSerialGC");
    String b = runInNewJvm(seed, n, "-Xmx512m", "-Xint", "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2");
    assertThat(a).isEqualTo(b);
    assertThat(DeterminismWorkload.run(seed, n)).isEqualTo(a);
    assertThat(DeterminismWorkload.run(seed + 1, n)).isNotEqualTo(a);
  }
}
