package io.statecraft.sdk.example;

import io.statecraft.codec.stream.StreamException;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.SlowConsumerPolicy;
import io.statecraft.sdk.CallResult;
import io.statecraft.sdk.ClientOptions;
import io.statecraft.sdk.MemberKey;
import io.statecraft.sdk.StateChannelClient;
import io.statecraft.sdk.StreamSubscription;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runnable example: {@code java -cp … io.statecraft.sdk.example.ExampleMain
 * [ws|grpc] [host] [port] [channel] [keyFile]}. Loads (or creates) the member key, joins,
 * subscribes, calls {@code 0x1::counter::incr} waiting for {@code executed}, prints the
 * stream for a few seconds, and closes.
 */
public final class ExampleMain {
  private ExampleMain() {}

  public static void main(String[] args) throws Exception {
    ClientOptions o = new ClientOptions()
        .transport(arg(args, 0, "ws").equals("grpc") ? ClientOptions.Transport.GRPC : ClientOptions.Transport.WEBSOCKET)
        .host(arg(args, 1, "127.0.0.1"))
        .port(Integer.parseInt(arg(args, 2, "7443")));
    String channel = arg(args, 3, "demo");
    Path keyFile = Path.of(arg(args, 4, "member.key"));
    MemberKey key;
    if (Files.exists(keyFile)) {
      key = MemberKey.load(keyFile);
    } else {
      key = MemberKey.generate();
      key.save(keyFile);
    }
    System.out.println("member " + key.address());
    Vertx vertx = Vertx.vertx();
    try {
      StateChannelClient client = get(StateChannelClient.connect(vertx, o, key, channel));
      System.out.println("joined at height " + get(client.join()).getHeight());
      StreamSubscription sub = get(client.subscribe(OptionalLong.empty(), SlowConsumerPolicy.RESYNC));
      sub.handler(item -> System.out.println((item.isSnapshot() ? "snapshot " : "change ") + item.height()));
      CallResult r = get(client.call("0x1::counter::incr", List.of(), List.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}),
          ConfirmationLevel.EXECUTED, m -> System.out.println("call " + m.getEventCase())));
      System.out.println("gas used " + r.executed().getEffects().getGasUsed());
      get(vertx.timer(3, TimeUnit.SECONDS));
      client.close();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof StreamException s) {
        System.err.println("error " + s.code().code() + " " + s.code() + ": " + s.getMessage() + " (retriable: " + s.retriable() + ")");
      } else {
        throw e;
      }
    } finally {
      vertx.close();
    }
  }

  private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String arg(String[] a, int i, String d) {
    return a.length > i ? a[i] : d;
  }
}
