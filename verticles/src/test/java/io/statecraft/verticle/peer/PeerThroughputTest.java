package io.statecraft.verticle.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.verticle.peer.PeerCluster.Node;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rough numbers over loopback (printed; the assertions are only sanity floors). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerThroughputTest {
  @Test
  void messagesPerSecondOverOneLinkAndHandshakeTime() {
    try (PeerCluster cluster = new PeerCluster()) {
      PeerOptions o = PeerCluster.fastOptions();
      o.heartbeatIntervalMs = 1_000;
      o.maxQueuedFrames = 100_000;
      o.maxUnackedMessages = 100_000;
      Node a = cluster.add(o);
      Node b = cluster.add(o);
      cluster.meshAll();
      cluster.awaitFullMesh();
      int n = 5_000;
      AtomicInteger got = new AtomicInteger();
      b.net.onMessage(m -> got.incrementAndGet());
      cluster.awaitTrue(() -> a.net.latencyMillis(b.name()).isPresent(), 5_000, "measured");
      Buffer payload = Buffer.buffer(new byte[100]);
      // Warm-up, then the measured run (sends in batches so the queue never fills).
      run(a, b, 1_000, payload);
      cluster.awaitTrue(() -> got.get() >= 1_000, 20_000, "warm-up");
      got.set(0);
      long t0 = System.nanoTime();
      run(a, b, n, payload);
      cluster.awaitTrue(() -> got.get() >= n, 30_000, "all " + n + " received (got " + got.get() + ")");
      double secs = (System.nanoTime() - t0) / 1e9;
      double rate = n / secs;
      double hsMs = a.net.metrics().handshake.mean(TimeUnit.MILLISECONDS);
      System.out.printf("peer gossip: %d signed 100-byte messages over one link in %.2f s = %.0f msg/s; handshake mean %.1f ms (%d)%n",
          n, secs, rate, hsMs, a.net.metrics().handshake.count());
      // For context: the raw Ed25519 cost on this machine (one sign + one verify per frame).
      var kp = io.statecraft.codec.Ed25519.generate();
      byte[] msg = new byte[200];
      long c0 = System.nanoTime();
      for (int i = 0; i < 2_000; i++) {
        io.statecraft.codec.Ed25519.verify(kp.publicKey(), msg, kp.sign(msg));
      }
      System.out.printf("peer gossip: Ed25519 sign+verify (codec, uncached keys) %.0f µs%n", (System.nanoTime() - c0) / 2_000 / 1e3);
      assertThat(rate).isGreaterThan(200);
    }
  }

  private static void run(Node a, Node b, int n, Buffer payload) {
    a.vertx.runOnContext(v -> batch(a, b, n, payload));
  }

  private static void batch(Node a, Node b, int left, Buffer payload) {
    int k = Math.min(500, left);
    for (int i = 0; i < k; i++) a.net.send(b.name(), "bench", payload);
    if (left - k > 0) a.vertx.setTimer(1, t -> batch(a, b, left - k, payload));
  }
}
