package io.statecraft.chain.devchain;

import static io.statecraft.chain.devchain.ChainHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.chain.Block;
import io.statecraft.chain.ChainStatus;
import io.statecraft.codec.Ed25519;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The block log and snapshots: a restart, clean or not, gives back exactly the committed chain. */
@ExtendWith(VertxExtension.class)
class DevChainPersistenceTest {
  final Ed25519.KeyPair publisher = key(1);
  final Ed25519.KeyPair alice = key(2);
  final Ed25519.KeyPair bob = key(3);

  /** Everything a restart must reproduce. */
  record Picture(ChainStatus status, List<String> hashes, String stateRoot, Object channel, Object alice, Object bob) {}

  String play(ChainHarness h) {
    h.fund(publisher, 1000);
    h.fund(alice, 1000);
    h.fund(bob, 1000);
    String channel = h.createChannel(publisher, 3, 100);
    h.ok(alice, "channel.join", joinArgs(channel, 100).put("assets", new JsonObject().put("coin", "500")));
    h.ok(bob, "channel.join", joinArgs(channel, 100).put("assets", new JsonObject().put("coin", "500")));
    h.applyLeader(alice, channel);
    h.clock.advance(700);
    long id = h.propose(alice, settleArgs(channel, 0, 5, new JsonObject().put("coin",
        new JsonObject().put(addr(alice), "-50").put(addr(bob), "50")), 1));
    h.vote(bob, channel, id, true);
    h.refused(alice, "transfer", new JsonObject().put("to", addr(bob)).put("amount", "100000"));
    return channel;
  }

  Picture picture(ChainHarness h, String channel) {
    ChainStatus st = await(h.chain.status());
    List<String> hashes = new ArrayList<>();
    for (long i = 0; i <= st.height(); i++) hashes.add(await(h.chain.block(i)).hash());
    return new Picture(st, hashes, await(h.chain.stateRoot()), h.channel(channel), h.account(alice), h.account(bob));
  }

  @Test
  void reopeningTheDataDirectoryGivesIdenticalStateAndBlockHashes(Vertx vertx, @TempDir Path dir) {
    ChainHarness h = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(0));
    String channel = play(h);
    Picture before = picture(h, channel);
    h.reopen();
    assertThat(picture(h, channel)).isEqualTo(before);
    // The chain goes on where it stopped: nonces continue, the hash chain links.
    h.fund(alice, 1);
    Block next = await(h.chain.block(before.status().height() + 1));
    assertThat(next.prevHash()).isEqualTo(before.hashes().get(before.hashes().size() - 1));
    h.close();
  }

  @Test
  void restartFromAPeriodicSnapshotReplaysOnlyTheLogAfterIt(Vertx vertx, @TempDir Path dir) throws IOException {
    ChainHarness h = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(3));
    String channel = play(h);
    Picture before = picture(h, channel);
    // Simulate a crash: copy the files as they are on disk while the chain runs, no close.
    Path crashed = dir.resolveSibling(dir.getFileName() + "-crash");
    copyDir(dir, crashed);
    h.close();
    assertThat(crashed.resolve("state.snapshot")).exists();
    ChainHarness after = new ChainHarness(vertx, crashed, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(3));
    assertThat(picture(after, channel)).isEqualTo(before);
    after.close();
  }

  @Test
  void aDamagedSnapshotIsIgnoredAndTheLogReplaysFromGenesis(Vertx vertx, @TempDir Path dir) throws IOException {
    ChainHarness h = new ChainHarness(vertx, dir);
    String channel = play(h);
    Picture before = picture(h, channel);
    h.close();
    Path snap = dir.resolve("state.snapshot");
    byte[] b = Files.readAllBytes(snap);
    b[b.length / 2] ^= 0x55;
    Files.write(snap, b);
    ChainHarness again = new ChainHarness(vertx, dir);
    assertThat(picture(again, channel)).isEqualTo(before);
    again.close();
  }

  @Test
  void aTornLastRecordIsCutOffAndNoCommittedBlockIsLost(Vertx vertx, @TempDir Path dir) throws IOException {
    ChainHarness h = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(0));
    String channel = play(h);
    Picture before = picture(h, channel);
    Path crashed = dir.resolveSibling(dir.getFileName() + "-torn");
    copyDir(dir, crashed);
    h.close();
    // A crash in the middle of the next append: a header promising 400 bytes, 37 written.
    ByteBuffer torn = ByteBuffer.allocate(8 + 37);
    torn.putInt(400).putInt(0x1234).put(new byte[37]).flip();
    try (var ch = java.nio.channels.FileChannel.open(crashed.resolve("blocks.log"), StandardOpenOption.APPEND)) {
      ch.write(torn);
    }
    Files.deleteIfExists(crashed.resolve("state.snapshot"));
    ChainHarness after = new ChainHarness(vertx, crashed, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(0));
    assertThat(await(after.chain.truncatedBytesAtOpen())).isEqualTo(45);
    assertThat(picture(after, channel)).isEqualTo(before);
    assertThat(after.account(alice).coin()).isEqualTo(before.alice() == null ? null : ((io.statecraft.chain.AccountView) before.alice()).coin());
    after.fund(bob, 1);
    after.reopen();
    assertThat(await(after.chain.truncatedBytesAtOpen())).isZero();
    after.close();
  }

  @Test
  void aRecordFailingItsChecksumAtTheTailIsCutOff(Vertx vertx, @TempDir Path dir) throws IOException {
    ChainHarness h = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(0));
    String channel = play(h);
    h.close();
    Path log = dir.resolve("blocks.log");
    long size = Files.size(log);
    byte[] all = Files.readAllBytes(log);
    all[all.length - 3] ^= 0x01; // flip a bit in the last block's payload
    Files.write(log, all);
    Files.deleteIfExists(dir.resolve("state.snapshot"));
    ChainHarness after = new ChainHarness(vertx, dir, new DevChainOptions().blockIntervalMillis(0).snapshotEveryBlocks(0));
    long cut = await(after.chain.truncatedBytesAtOpen());
    assertThat(cut).isPositive().isLessThan(size);
    // The cut block was the last one: the refused transfer is gone, the settlement is there.
    assertThat(after.channel(channel).settledHeight()).isEqualTo(5);
    after.close();
  }

  @Test
  void aDataDirectoryOfAnotherChainIsRefused(Vertx vertx, @TempDir Path dir) {
    ChainHarness h = new ChainHarness(vertx, dir);
    h.close();
    assertThatThrownBy(() -> await(DevChain.open(vertx, new DevChainOptions().dataDir(dir).chainId("other")
        .blockIntervalMillis(0)))).hasMessageContaining("holds chain");
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path p : files.toList()) Files.copy(p, to.resolve(p.getFileName()));
    }
  }
}
