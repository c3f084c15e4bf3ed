package io.statecraft.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.node.config.ConfigLoader.CliValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("statecraft.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static Map<String, CliValue> cli(String... keyValues) {
    Map<String, CliValue> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], new CliValue(keyValues[i + 1], "--set " + keyValues[i]));
    }
    return m;
  }

  @Test
  void builtInDefaultsGiveEveryKeyAValue() {
    NodeConfig c = ConfigLoader.defaults();
    assertThat(c.get(ConfigKeys.OPS_PORT)).isEqualTo(8080);
    assertThat(c.get(ConfigKeys.OPS_HOST)).isEqualTo("127.0.0.1");
    assertThat(c.get(ConfigKeys.CHAIN_MODE)).isEqualTo("embedded");
    assertThat(c.get(ConfigKeys.WATCH_HEARTBEAT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.get(ConfigKeys.WATCH_CHANNELS)).isEmpty();
    assertThat(c.get(ConfigKeys.DEVCHAIN_DEV_MODE)).isTrue();
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      assertThat(c.source(k)).as(k.name()).isEqualTo(ConfigSource.DEFAULT);
    }
    assertThat(c.effectiveLines()).hasSize(ConfigKeys.all().size());
  }

  @Test
  void theShippedDefaultsAreConfStatecraftYaml() throws IOException {
    // The jar's defaults are built from conf/statecraft.yaml: one file documents every key.
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(shipped).isEqualTo(Files.readString(Path.of("../conf/statecraft.yaml")));
    }
  }

  @Test
  void everyKeyIsDocumentedWithACommentInTheDefaultFile() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../conf/statecraft.yaml"));
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      String leaf = k.name().substring(k.name().lastIndexOf('.') + 1);
      int at = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().startsWith(leaf + ":")) {
          at = i;
        }
      }
      assertThat(at).as("key %s in conf/statecraft.yaml", k.name()).isPositive();
      assertThat(lines.get(at - 1).trim()).as("comment above %s", k.name()).startsWith("#");
    }
  }

  @Test
  void precedenceIsCliThenEnvThenFileThenDefaults() throws IOException {
    Path f = file("""
        ops:
          port: 9001
          host: 0.0.0.0
        watch:
          heartbeat-interval: 3s
          channels: [a, b]
        node:
          id: from-file
        """);
    Map<String, String> env = Map.of(
        "STATECRAFT_OPS_PORT", "9002",
        "STATECRAFT_WATCH_HEARTBEAT_INTERVAL", "2s",
        "PATH", "/usr/bin");
    NodeConfig c = ConfigLoader.load(f, env, cli("ops.port", "9003"));

    assertThat(c.get(ConfigKeys.OPS_PORT)).isEqualTo(9003);
    assertThat(c.source(ConfigKeys.OPS_PORT)).isEqualTo(ConfigSource.CLI);
    assertThat(c.get(ConfigKeys.WATCH_HEARTBEAT_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.entry(ConfigKeys.WATCH_HEARTBEAT_INTERVAL).origin()).isEqualTo("STATECRAFT_WATCH_HEARTBEAT_INTERVAL");
    assertThat(c.get(ConfigKeys.OPS_HOST)).isEqualTo("0.0.0.0");
    assertThat(c.source(ConfigKeys.OPS_HOST)).isEqualTo(ConfigSource.FILE);
    assertThat(c.get(ConfigKeys.WATCH_CHANNELS)).containsExactly("a", "b");
    assertThat(c.get(ConfigKeys.NODE_ID)).isEqualTo("from-file");
    assertThat(c.get(ConfigKeys.CHAIN_MODE)).isEqualTo("embedded");
    assertThat(c.source(ConfigKeys.CHAIN_MODE)).isEqualTo(ConfigSource.DEFAULT);
  }

  @Test
  void envAndCliTakeListsCommaSeparatedAndDottedNamesInFiles() throws IOException {
    Path f = file("watch.channels:\n  - x\nops.port: 1234\n");
    NodeConfig c = ConfigLoader.load(f, Map.of("STATECRAFT_WATCH_CHANNELS", " c1, c2 ,"), Map.of());
    assertThat(c.get(ConfigKeys.WATCH_CHANNELS)).containsExactly("c1", "c2");
    assertThat(c.get(ConfigKeys.OPS_PORT)).isEqualTo(1234);
  }

  @Test
  void anEmptyValueInAFileFallsThroughToTheLayerBelow() throws IOException {
    NodeConfig c = ConfigLoader.load(file("ops:\n  port:\n"), Map.of(), Map.of());
    assertThat(c.get(ConfigKeys.OPS_PORT)).isEqualTo(8080);
    assertThat(ConfigLoader.load(file(""), Map.of(), Map.of()).get(ConfigKeys.OPS_PORT)).isEqualTo(8080);
  }

  @Test
  void everyKeyHasItsEnvironmentVariable() {
    assertThat(ConfigKeys.OPS_PORT.envName()).isEqualTo("STATECRAFT_OPS_PORT");
    assertThat(ConfigKeys.NODE_KEY_SEED.envName()).isEqualTo("STATECRAFT_NODE_KEY_SEED");
    assertThat(ConfigKeys.DEVCHAIN_BLOCK_INTERVAL.envName()).isEqualTo("STATECRAFT_DEVCHAIN_BLOCK_INTERVAL");
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      NodeConfig c = ConfigLoader.load(null, Map.of(k.envName(), k.format(ConfigLoader.defaults().get(k))), Map.of());
      assertThat(c.source(k)).as(k.envName()).isEqualTo(ConfigSource.ENV);
    }
  }

  @Test
  void unknownKeysAreErrorsWithASuggestion() throws IOException {
    Path f = file("ops:\n  prot: 80\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key 'ops.prot'")
        .hasMessageContaining(f.toString())
        .hasMessageContaining("did you mean 'ops.port'");
    assertThatThrownBy(() -> ConfigLoader.load(file("nope:\n  x: 1\n"), Map.of(), Map.of()))
        .hasMessageContaining("unknown configuration key 'nope'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("STATECRAFT_OPS_PROT", "80"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("STATECRAFT_OPS_PROT")
        .hasMessageContaining("did you mean 'ops.port'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("watch.chanels", "a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'watch.chanels'")
        .hasMessageContaining("--set watch.chanels")
        .hasMessageContaining("did you mean 'watch.channels'");
  }

  @Test
  void wrongTypesAreErrorsNamingKeyValueAndOrigin() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("STATECRAFT_OPS_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ops.port")
        .hasMessageContaining("env STATECRAFT_OPS_PORT")
        .hasMessageContaining("an integer from 0 to 65535")
        .hasMessageContaining("\"eighty\"");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("ops.port", "70000")))
        .hasMessageContaining("an integer from 0 to 65535");
    assertThatThrownBy(() -> ConfigLoader.load(file("watch:\n  heartbeat-interval: 5\n"), Map.of(), Map.of()))
        .hasMessageContaining("watch.heartbeat-interval")
        .hasMessageContaining("a positive duration");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("devchain.dev-mode", "yes")))
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("chain.mode", "ethereum")))
        .hasMessageContaining("one of embedded, rpc");
    assertThatThrownBy(() -> ConfigLoader.load(file("ops: 8080\n"), Map.of(), Map.of()))
        .hasMessageContaining("unknown configuration key 'ops'");
    assertThatThrownBy(() -> ConfigLoader.load(file("ops:\n  port:\n    inner: 1\n"), Map.of(), Map.of()))
        .hasMessageContaining("ops.port").hasMessageContaining("a nested section");
    assertThatThrownBy(() -> ConfigLoader.load(file("watch:\n  channels: [[a]]\n"), Map.of(), Map.of()))
        .hasMessageContaining("watch.channels").hasMessageContaining("a list of strings");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("watch.from-height", "-2")))
        .hasMessageContaining("at least -1");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("chain.rpc-url", "localhost:8645")))
        .hasMessageContaining("chain.rpc-url");
  }

  @Test
  void crossKeyRulesAreChecked() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), cli("watch.retry-initial", "5s", "watch.retry-max", "1s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("watch.retry-initial (5s) must not exceed watch.retry-max (1s)");
  }

  @Test
  void badFilesAreErrors() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ConfigLoader.load(file("ops: [\n"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ConfigLoader.load(file("- a\n- b\n"), Map.of(), Map.of()))
        .hasMessageContaining("mapping");
    assertThatThrownBy(() -> ConfigLoader.load(file("ops:\n  port: 1\n  port: 2\n"), Map.of(), Map.of()))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void yaml12KeepsWordsAsWords() throws IOException {
    // YAML 1.1 would read `on` as true and 0777 as octal; 1.2 core schema does neither.
    NodeConfig c = ConfigLoader.load(file("node:\n  id: on\nops:\n  port: 0777\n"), Map.of(), Map.of());
    assertThat(c.get(ConfigKeys.NODE_ID)).isEqualTo("on");
    assertThat(c.get(ConfigKeys.OPS_PORT)).isEqualTo(777);
  }

  @Test
  void secretsAreMaskedInTheEffectiveConfiguration() {
    String nodeSeed = "22".repeat(32);
    NodeConfig c = ConfigLoader.load(null, Map.of("STATECRAFT_NODE_KEY_SEED", SEED, "STATECRAFT_PEER_KEY_SEED", nodeSeed),
        cli("chain.rpc-url", "https://op:hunter2@chain.example:8645/"));
    assertThat(c.get(ConfigKeys.NODE_KEY_SEED)).isEqualTo(SEED);
    String all = String.join("\n", c.effectiveLines());
    assertThat(all).doesNotContain(SEED).doesNotContain("hunter2").doesNotContain(nodeSeed);
    assertThat(all).contains("key=peer.key.seed value=**** source=env origin=STATECRAFT_PEER_KEY_SEED");
    assertThat(all).contains("key=node.key.seed value=**** source=env origin=STATECRAFT_NODE_KEY_SEED");
    assertThat(all).contains("key=chain.rpc-url value=https://op:****@chain.example:8645/ source=cli");
    assertThat(c.printable(ConfigKeys.OPS_PORT)).isEqualTo("8080");
  }

  @Test
  void aMalformedSecretIsReportedWithoutItsValue() {
    String bad = "not-a-seed-but-a-password";
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("STATECRAFT_NODE_KEY_SEED", bad), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.key.seed")
        .hasMessageNotContaining(bad);
  }

  @Test
  void derivedValuesAreRecordedAsSuch() {
    NodeConfig c = ConfigLoader.defaults().with(ConfigKeys.WATCH_CHANNELS, List.of("x"), ConfigSource.DERIVED, "test");
    assertThat(c.get(ConfigKeys.WATCH_CHANNELS)).containsExactly("x");
    assertThat(c.effectiveLines()).contains("key=watch.channels value=x source=derived origin=test");
  }

  @Test
  void theKubernetesConfigMapsAreValidConfigurations() throws IOException {
    int found = 0;
    for (String manifest : List.of("../k8s/node.yaml", "../k8s/devchain.yaml")) {
      var load = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build());
      for (Object doc : load.loadAllFromString(Files.readString(Path.of(manifest)))) {
        Map<?, ?> m = (Map<?, ?>) doc;
        if ("ConfigMap".equals(m.get("kind"))) {
          String yaml = (String) ((Map<?, ?>) m.get("data")).get("statecraft.yaml");
          NodeConfig c = ConfigLoader.load(file(yaml), Map.of(), Map.of());
          assertThat(c.get(ConfigKeys.OPS_HOST)).as(manifest).isEqualTo("0.0.0.0");
          found++;
        }
      }
    }
    assertThat(found).isEqualTo(2);
  }
}
