package io.statecraft.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.node.config.ConfigException;
import io.statecraft.node.config.ConfigLoader;
import io.statecraft.node.config.ConfigLoader.CliValue;
import io.statecraft.node.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberKeysTest {
  @TempDir
  Path dir;

  private NodeConfig config(Map<String, String> env) {
    return ConfigLoader.load(null, env, Map.of("node.data-dir", new CliValue(dir.resolve("n").toString(), "test")));
  }

  @Test
  void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
    Ed25519.KeyPair first = MemberKeys.load(config(Map.of()));
    Path file = dir.resolve("n/member.key");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(MemberKeys.load(config(Map.of())).publicKey()).isEqualTo(first.publicKey());
  }

  @Test
  void aConfiguredSeedWins() {
    Ed25519.KeyPair k = Ed25519.generate();
    Ed25519.KeyPair loaded = MemberKeys.load(config(Map.of("STATECRAFT_NODE_KEY_SEED", Hex.encode(k.seed()))));
    assertThat(loaded.publicKey()).isEqualTo(k.publicKey());
    assertThat(dir.resolve("n/member.key")).doesNotExist();
  }

  @Test
  void aCorruptKeyFileIsAClearError() throws Exception {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "not hex");
    assertThatThrownBy(() -> MemberKeys.load(config(Map.of("STATECRAFT_NODE_KEY_FILE", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("64 hex characters");
  }
}
