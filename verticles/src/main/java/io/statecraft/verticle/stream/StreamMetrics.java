package io.statecraft.verticle.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.statecraft.codec.stream.StreamErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the stream API: {@code statecraft.stream.connections} (gauge, by
 * transport), {@code statecraft.stream.messages.in|out} (by transport),
 * {@code statecraft.stream.errors} (by code name) and {@code statecraft.stream.slow_consumers}
 * (by action: cut|resync).
 */
final class StreamMetrics {
  final AtomicInteger wsConnections = new AtomicInteger();
  final AtomicInteger grpcConnections = new AtomicInteger();
  private final Counter wsIn;
  private final Counter wsOut;
  private final Counter grpcIn;
  private final Counter grpcOut;
  private final Counter slowCut;
  private final Counter slowResync;
  private final Map<StreamErrorCode, Counter> errors = new EnumMap<>(StreamErrorCode.class);

  StreamMetrics(MeterRegistry r) {
    Gauge.builder("statecraft.stream.connections", wsConnections, AtomicInteger::get).tag("transport", "websocket").register(r);
    Gauge.builder("statecraft.stream.connections", grpcConnections, AtomicInteger::get).tag("transport", "grpc").register(r);
    wsIn = Counter.builder("statecraft.stream.messages.in").tag("transport", "websocket").register(r);
    wsOut = Counter.builder("statecraft.stream.messages.out").tag("transport", "websocket").register(r);
    grpcIn = Counter.builder("statecraft.stream.messages.in").tag("transport", "grpc").register(r);
    grpcOut = Counter.builder("statecraft.stream.messages.out").tag("transport", "grpc").register(r);
    slowCut = Counter.builder("statecraft.stream.slow_consumers").tag("action", "cut").register(r);
    slowResync = Counter.builder("statecraft.stream.slow_consumers").tag("action", "resync").register(r);
    for (StreamErrorCode c : StreamErrorCode.values()) {
      errors.put(c, Counter.builder("statecraft.stream.errors").tag("code", c.name()).register(r));
    }
  }

  AtomicInteger connections(boolean grpc) {
    return grpc ? grpcConnections : wsConnections;
  }

  void in(boolean grpc) {
    (grpc ? grpcIn : wsIn).increment();
  }

  void out(boolean grpc) {
    (grpc ? grpcOut : wsOut).increment();
  }

  void error(StreamErrorCode c) {
    errors.get(c).increment();
  }

  void slowConsumer(boolean resync) {
    (resync ? slowResync : slowCut).increment();
  }
}
