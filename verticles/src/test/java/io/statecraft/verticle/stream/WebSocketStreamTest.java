package io.statecraft.verticle.stream;

class WebSocketStreamTest extends StreamContractTest {
  @Override
  StreamTestSupport.RawClient connect(StreamTestSupport.Node n) {
    return StreamTestSupport.RawWs.connect(n);
  }
}
