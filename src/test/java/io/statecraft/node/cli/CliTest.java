package io.statecraft.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.node.config.ConfigLoader.CliValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Cli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "node", "devchain"})
  void everySubcommandHasHelp(String sub) {
    assertThat(run(sub, "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: statecraft " + sub).contains("--config=FILE").contains("--set=KEY=VALUE");
  }

  @Test
  void topLevelHelpListsTheSubcommandsAndVersionPrintsOne() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("dev ").contains("node ").contains("devchain ");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("statecraft ");
  }

  @Test
  void configurationErrorsExitWithUsageAndAClearMessage() {
    assertThat(run("node", "--set", "ops.prot=1")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("configuration error: unknown configuration key 'ops.prot'")
        .contains("did you mean 'ops.port'").doesNotContain("\tat ");
    assertThat(run("dev", "--ops-port", "http")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("ops.port (from cli --ops-port)");
  }

  @Test
  void explicitFlagsOverrideSetForTheSameKey() {
    ConfigOptions o = new ConfigOptions();
    o.set.put("ops.port", "1");
    ConfigOptions.OpsFlags ops = new ConfigOptions.OpsFlags();
    ops.opsPort = "2";
    ConfigOptions.NodeFlags node = new ConfigOptions.NodeFlags();
    node.channels = java.util.List.of("a", "b");
    Map<String, CliValue> values = o.values(ops, node, null);
    assertThat(values.get("ops.port")).isEqualTo(new CliValue("2", "--ops-port"));
    assertThat(values.get("watch.channels").text()).isEqualTo("a,b");
  }
}
