package io.statecraft.channel;

import static io.statecraft.channel.ChannelCluster.await;
import static io.statecraft.channel.ChannelCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.chain.CodeHash;
import io.statecraft.codec.Hex;
import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.MoveCall;
import io.statecraft.codec.channel.Transaction;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.game.GridGame;
import io.statecraft.move.natives.channel.ChannelFramework;
import io.statecraft.move.runtime.AccountAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample game (SAMPLE-GAME.md) end to end on three nodes: join, steer, ticks, pay, settle on chain. */
class GridGameChannelTest {
  @TempDir
  Path dir;

  @Test
  void threeNodesPlayTheGridGameAndSettleAPaymentOnChain() {
    List<String> modules = List.of(Hex.encode(ChannelFramework.resource(GridGame.RESOURCE)));
    JsonObject create = new JsonObject().put("modules", new JsonArray(modules)).put("codeHash", CodeHash.ofHex(modules))
        .put("initFunction", GridGame.MODULE + "::init(16, 16, 8, 8)").put("tickFunction", GridGame.TICK_FUNCTION)
        .put("tickIntervalMillis", 50);
    JsonObject params = new JsonObject().put("settlePeriodBlocks", 1_000_000);
    try (ChannelCluster c = new ChannelCluster(dir, 3, params, i -> LeaderFaults.NONE, create,
        new JsonObject().put("coin", "500"))) {
      c.startAll();
      for (ChannelCluster.Node n : c.nodes) {
        Transaction.Call join = Transaction.Call.sign(c.channelId, n.key, c.nonces[n.index]++, GridGame.joinCall());
        Effects e = await(await(n.node.call(c.channelId, join, ConfirmationLevel.EXECUTED)).executed());
        assertThat(e.aborted()).isFalse();
      }
      ChannelCluster.Node a = c.nodes.get(0);
      ChannelCluster.Node b = c.nodes.get(1);
      Transaction.Call steer = Transaction.Call.sign(c.channelId, b.key, c.nonces[1]++, GridGame.setDirectionCall(1, -1));
      await(await(b.node.call(c.channelId, steer, ConfirmationLevel.VERIFIED)).verified());
      MoveCall pay = GridGame.payCall(AccountAddress.parse(b.address()), 120);
      var paid = await(a.node.call(c.channelId, Transaction.Call.sign(c.channelId, a.key, c.nonces[0]++, pay),
          ConfirmationLevel.VERIFIED));
      await(paid.verified());
      c.advance(500, 50);
      eventually("ticks everywhere", () -> c.nodes.get(2).c().height() == a.c().height() && a.c().height() > paid.height() + 5);
      eventually("same roots", () -> a.root().equals(b.root()) && a.root().equals(c.nodes.get(2).root()));
      // Closing settles first: the payment moves the on-chain deposits, then everyone is released.
      await(c.nodes.get(2).node.close(c.channelId, io.statecraft.codec.channel.Address.parse(c.nodes.get(2).address())));
      eventually("closed on chain", () -> "closed".equals(c.view().status()));
      assertThat(c.coin(a)).isEqualTo(BigInteger.valueOf(ChannelCluster.FUND - 120));
      assertThat(c.coin(b)).isEqualTo(BigInteger.valueOf(ChannelCluster.FUND + 120));
      assertThat(c.coin(c.nodes.get(2))).isEqualTo(BigInteger.valueOf(ChannelCluster.FUND));
      for (ChannelCluster.Node n : c.nodes) eventually("node drops it", () -> n.c().role() == ChannelController.Role.CLOSED);
    }
  }
}
