package io.statecraft.verticle.stream;

class GrpcStreamTest extends StreamContractTest {
  @Override
  StreamTestSupport.RawClient connect(StreamTestSupport.Node n) {
    return StreamTestSupport.RawGrpc.connect(n);
  }
}
