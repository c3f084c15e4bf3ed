package io.statecraft.verticle.peer.impl;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

/** One gRPC bidi stream, seen the same way from the dialling and the accepting side. */
abstract class Wire {
  abstract void write(Buffer frame);

  abstract boolean writeQueueFull();

  abstract void drainHandler(Handler<Void> h);

  abstract void pauseInbound(boolean paused);

  /** Graceful end of our side after the last frame. */
  abstract void end();

  /** Abrupt close: the stream is reset / failed with a status. */
  abstract void abort(GrpcStatus status, String reason);

  static final class Client extends Wire {
    final GrpcClientRequest<Buffer, Buffer> req;
    GrpcClientResponse<Buffer, Buffer> resp;
    private boolean paused;
    private boolean done;

    Client(GrpcClientRequest<Buffer, Buffer> req) {
      this.req = req;
    }

    void response(GrpcClientResponse<Buffer, Buffer> r) {
      resp = r;
      if (paused) r.pause();
    }

    @Override
    void write(Buffer frame) {
      if (done) return;
      try {
        req.write(frame);
      } catch (IllegalStateException e) {
        done = true;
      }
    }

    @Override
    boolean writeQueueFull() {
      return !done && req.writeQueueFull();
    }

    @Override
    void drainHandler(Handler<Void> h) {
      req.drainHandler(h);
    }

    @Override
    void pauseInbound(boolean p) {
      paused = p;
      if (resp != null) {
        if (p) resp.pause();
        else resp.resume();
      }
    }

    @Override
    void end() {
      if (done) return;
      done = true;
      try {
        req.end();
      } catch (IllegalStateException e) {
        // already ended
      }
    }

    @Override
    void abort(GrpcStatus status, String reason) {
      done = true;
      try {
        req.cancel();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  static final class Server extends Wire {
    final GrpcServerRequest<Buffer, Buffer> req;
    final GrpcServerResponse<Buffer, Buffer> resp;
    private boolean done;

    Server(GrpcServerRequest<Buffer, Buffer> req) {
      this.req = req;
      this.resp = req.response();
    }

    @Override
    void write(Buffer frame) {
      if (done) return;
      try {
        resp.write(frame);
      } catch (IllegalStateException e) {
        done = true;
      }
    }

    @Override
    boolean writeQueueFull() {
      return !done && resp.writeQueueFull();
    }

    @Override
    void drainHandler(Handler<Void> h) {
      resp.drainHandler(h);
    }

    @Override
    void pauseInbound(boolean p) {
      if (p) req.pause();
      else req.resume();
    }

    @Override
    void end() {
      if (done) return;
      done = true;
      try {
        resp.end();
      } catch (IllegalStateException e) {
        // already ended
      }
    }

    @Override
    void abort(GrpcStatus status, String reason) {
      if (done) return;
      done = true;
      try {
        resp.status(status).statusMessage(reason).end();
      } catch (RuntimeException e) {
        try {
          resp.cancel();
        } catch (RuntimeException ignored) {
          // already gone
        }
      }
    }
  }
}
