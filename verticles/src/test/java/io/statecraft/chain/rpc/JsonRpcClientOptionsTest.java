package io.statecraft.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonRpcClientOptionsTest {
  @Test
  void fromUrl() {
    JsonRpcClientOptions o = JsonRpcClientOptions.fromUrl("http://127.0.0.1:9000/");
    assertThat(o.getHost()).isEqualTo("127.0.0.1");
    assertThat(o.getPort()).isEqualTo(9000);
    assertThat(o.isSsl()).isFalse();
    assertThat(JsonRpcClientOptions.fromUrl("http://chain.local").getPort()).isEqualTo(JsonRpcServerOptions.DEFAULT_PORT);
    JsonRpcClientOptions tls = JsonRpcClientOptions.fromUrl("https://chain.example/rpc");
    assertThat(tls.isSsl()).isTrue();
    assertThat(tls.getPort()).isEqualTo(443);
    assertThatThrownBy(() -> JsonRpcClientOptions.fromUrl("ws://x:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonRpcClientOptions.fromUrl("localhost:8645")).isInstanceOf(IllegalArgumentException.class);
  }
}
