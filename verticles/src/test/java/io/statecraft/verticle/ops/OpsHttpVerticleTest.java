package io.statecraft.verticle.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpsHttpVerticleTest {

  @Test
  void healthMetricsAndReadiness(Vertx vertx, VertxTestContext test) {
    Readiness readiness = new Readiness().flag("verticles", "not deployed yet");
    boolean[] chainUp = {false};
    readiness.register("chain", () -> chainUp[0] ? Future.succeededFuture() : Future.failedFuture("chain unreachable"));
    readiness.register("slow", () -> chainUp[0] ? Future.succeededFuture() : io.vertx.core.Promise.promise().future());
    OpsHttpVerticle ops = new OpsHttpVerticle("127.0.0.1", 0, () -> "# TYPE up gauge\nup 1.0\n", readiness,
        Duration.ofMillis(200));
    WebClient client = WebClient.create(vertx);
    vertx.deployVerticle(ops)
        .compose(id -> client.get(ops.actualPort(), "127.0.0.1", "/health").send())
        .compose(resp -> {
          test.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
          });
          return client.get(ops.actualPort(), "127.0.0.1", "/metrics").send();
        })
        .compose(resp -> {
          test.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.getHeader("Content-Type")).startsWith("text/plain");
            assertThat(resp.bodyAsString()).contains("up 1.0");
          });
          return client.get(ops.actualPort(), "127.0.0.1", "/ready").send();
        })
        .compose(resp -> {
          test.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(503);
            JsonObject body = resp.bodyAsJsonObject();
            assertThat(body.getString("status")).isEqualTo("NOT_READY");
            assertThat(body.getJsonObject("checks").getString("chain")).isEqualTo("chain unreachable");
            assertThat(body.getJsonObject("checks").getString("verticles")).isEqualTo("not deployed yet");
            assertThat(body.getJsonObject("checks").getString("slow")).contains("imeout");
            assertThat(body.getJsonArray("reasons")).hasSize(3);
          });
          readiness.up("verticles");
          chainUp[0] = true;
          return client.get(ops.actualPort(), "127.0.0.1", "/ready").send();
        })
        .onComplete(test.succeeding(resp -> {
          test.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.bodyAsJsonObject().getString("status")).isEqualTo("READY");
            assertThat(resp.bodyAsJsonObject().containsKey("reasons")).isFalse();
          });
          test.completeNow();
        }));
  }

  @Test
  void notReadyWithoutAnyCheck(Vertx vertx, VertxTestContext test) {
    new Readiness().check(vertx, Duration.ofMillis(100)).onComplete(test.succeeding(r -> {
      test.verify(() -> assertThat(r.ready()).isFalse());
      test.completeNow();
    }));
  }

  @Test
  void aBusyPortFailsTheDeploymentWithTheAddress(Vertx vertx, VertxTestContext test) {
    vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
        .compose(s -> vertx.deployVerticle(new OpsHttpVerticle("127.0.0.1", s.actualPort(), () -> "",
            new Readiness(), Duration.ofMillis(100))))
        .onComplete(test.failing(err -> {
          test.verify(() -> assertThat(err).hasMessageContaining("ops HTTP server").hasMessageContaining("127.0.0.1:"));
          test.completeNow();
        }));
  }
}
