package io.statecraft.channel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecraft.codec.channel.Effects;
import io.statecraft.codec.channel.Entry;
import io.statecraft.codec.channel.EntryHeader;
import io.statecraft.codec.channel.Hash32;
import io.statecraft.codec.channel.Transaction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelLogTest {
  static final String CH = "ch-log-test";

  @TempDir
  Path dir;

  private ChannelLog open() {
    return ChannelLog.open(ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).build());
  }

  private static List<Entry> appendN(ChannelLog log, TestEntries gen, int n) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Entry e = gen.next();
      log.append(e);
      out.add(e);
    }
    return out;
  }

  @Test
  void aNewLogIsEmptyAndExpectsHeightOneOnTheGenesisHash() {
    try (ChannelLog log = open()) {
      assertThat(log.lastHeight()).isZero();
      assertThat(log.firstHeight()).isEqualTo(1);
      assertThat(log.lastHash()).isEqualTo(TestEntries.GENESIS);
      assertThat(log.lastEntry()).isEmpty();
      assertThat(log.get(1)).isEmpty();
      assertThat(log.range(1, 10)).isEmpty();
    }
  }

  @Test
  void appendedEntriesAreReadBackByHeightByCursorAndByRange() {
    try (ChannelLog log = open()) {
      List<Entry> entries = appendN(log, new TestEntries(CH), 50);
      assertThat(log.lastHeight()).isEqualTo(50);
      assertThat(log.lastEntry()).contains(entries.get(49));
      assertThat(log.lastHash()).isEqualTo(entries.get(49).entryHash());
      for (Entry e : entries) {
        assertThat(log.get(e.height())).contains(e);
      }
      assertThat(log.get(0)).isEmpty();
      assertThat(log.get(51)).isEmpty();
      List<Entry> read = new ArrayList<>();
      try (EntryCursor c = log.from(10)) {
        while (c.hasNext() && read.size() < 100) read.add(c.next());
      }
      assertThat(read).containsExactlyElementsOf(entries.subList(9, 50));
      assertThat(log.range(45, 3)).containsExactlyElementsOf(entries.subList(44, 47));
      assertThat(log.range(49, 10)).containsExactlyElementsOf(entries.subList(48, 50));
    }
  }

  @Test
  void anOpenCursorSeesLaterAppends() {
    try (ChannelLog log = open()) {
      TestEntries gen = new TestEntries(CH);
      appendN(log, gen, 2);
      try (EntryCursor c = log.from(1)) {
        assertThat(c.next().height()).isEqualTo(1);
        assertThat(c.next().height()).isEqualTo(2);
        assertThat(c.hasNext()).isFalse();
        Entry third = gen.next();
        log.append(third);
        assertThat(c.hasNext()).isTrue();
        assertThat(c.next()).isEqualTo(third);
        assertThat(c.nextHeight()).isEqualTo(4);
      }
    }
  }

  @Test
  void reopeningFindsTheLastHeightAndContinuesAtTheNext() {
    TestEntries gen = new TestEntries(CH);
    List<Entry> first;
    try (ChannelLog log = open()) {
      first = appendN(log, gen, 20);
    }
    try (ChannelLog log = open()) {
      assertThat(log.lastHeight()).isEqualTo(20);
      assertThat(log.lastEntry()).contains(first.get(19));
      List<Entry> more = appendN(log, gen, 5);
      assertThat(log.get(25)).contains(more.get(4));
    }
    try (ChannelLog log = open()) {
      assertThat(log.lastHeight()).isEqualTo(25);
      assertThat(log.range(1, 100)).hasSize(25).startsWith(first.get(0));
    }
  }

  @Test
  void appendsThatDoNotFollowAreRefusedWithTheirReasonAndChangeNothing() {
    try (ChannelLog log = open()) {
      TestEntries gen = new TestEntries(CH);
      List<Entry> entries = appendN(log, gen, 3);
      Entry fifth;
      gen.next();
      fifth = gen.next();
      assertRejected(log, fifth, AppendRejectedException.Reason.HEIGHT_GAP);
      assertRejected(log, entries.get(1), AppendRejectedException.Reason.HEIGHT_ALREADY_LOGGED);
      Entry wrongPrev = Entry.sign(new EntryHeader(CH, 4, Hash32.ZERO, 1, 1), new Transaction.Tick(4, 4), Effects.NONE,
          Hash32.ZERO, TestEntries.LEADER);
      assertRejected(log, wrongPrev, AppendRejectedException.Reason.PREV_HASH_MISMATCH);
      Entry otherChannel = Entry.sign(new EntryHeader("other", 4, log.lastHash(), 1, 1), new Transaction.Tick(4, 4),
          Effects.NONE, Hash32.ZERO, TestEntries.LEADER);
      assertRejected(log, otherChannel, AppendRejectedException.Reason.WRONG_CHANNEL);
      assertThat(log.lastHeight()).isEqualTo(3);
      assertThat(log.lastEntry()).contains(entries.get(2));
    }
    try (ChannelLog log = open()) {
      assertThat(log.lastHeight()).isEqualTo(3);
    }
  }

  @Test
  void nothingFollowsAClose() {
    try (ChannelLog log = open()) {
      TestEntries gen = new TestEntries(CH);
      appendN(log, gen, 1);
      Entry close = Entry.sign(new EntryHeader(CH, 2, log.lastHash(), 1, 2), new Transaction.Close(), Effects.NONE,
          Hash32.ZERO, TestEntries.LEADER);
      log.append(close);
      Entry after = Entry.sign(new EntryHeader(CH, 3, close.entryHash(), 1, 3), new Transaction.Tick(3, 3), Effects.NONE,
          Hash32.ZERO, TestEntries.LEADER);
      assertRejected(log, after, AppendRejectedException.Reason.CHANNEL_CLOSED);
    }
  }

  private static void assertRejected(ChannelLog log, Entry e, AppendRejectedException.Reason reason) {
    assertThatThrownBy(() -> log.append(e)).isInstanceOfSatisfying(AppendRejectedException.class, ex -> {
      assertThat(ex.reason()).isEqualTo(reason);
      assertThat(ex.height()).isEqualTo(e.height());
      assertThat(ex.expectedHeight()).isEqualTo(log.lastHeight() + 1);
    });
  }

  @Test
  void aLogOfAnotherChannelOrGenesisRefusesToOpen() {
    try (ChannelLog log = open()) {
      appendN(log, new TestEntries(CH), 1);
    }
    assertThatThrownBy(() -> ChannelLog.open(ChannelLogConfig.builder(dir, "other", TestEntries.GENESIS).build()))
        .isInstanceOf(ChannelLogException.class).hasMessageContaining("not 'other'");
    assertThatThrownBy(() -> ChannelLog.open(ChannelLogConfig.builder(dir, CH, Hash32.ZERO).build()))
        .isInstanceOf(ChannelLogException.class).hasMessageContaining("genesis");
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() {
    try (ChannelLog log = open()) {
      assertThatThrownBy(this::open).isInstanceOf(ChannelLogException.class).hasMessageContaining("already open");
    }
    try (ChannelLog again = open()) {
      assertThat(again.lastHeight()).isZero();
    }
  }

  @Test
  void aLogWithAnAlteredByteRefusesToOpenWithTheHeightWhereTheChainBreaks() throws IOException {
    List<Entry> entries;
    try (ChannelLog log = open()) {
      entries = appendN(log, new TestEntries(CH), 10);
    }
    // Find entry 6's encoding in the queue file and flip one byte of its state root.
    Entry sixth = entries.get(5);
    byte[] needle = sixth.encode();
    Path file = queueFiles().get(0);
    byte[] all = Files.readAllBytes(file);
    int at = indexOf(all, needle);
    assertThat(at).isPositive();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      int pos = at + needle.length - 64 - 1; // last byte of the state root
      raf.seek(pos);
      raf.write(all[pos] ^ 0x01);
    }
    assertThatThrownBy(this::open).isInstanceOfSatisfying(LogCorruptedException.class,
        e -> assertThat(e.height()).isEqualTo(6)).hasMessageContaining("checksum");
  }

  @Test
  void aLogWhoseHashChainBreaksRefusesToOpen() throws IOException {
    // A record whose checksum is right but whose prevHash is wrong: written by a buggy or
    // malicious tool with the record layout, not by ChannelLog, which refuses such appends.
    List<Entry> entries;
    try (ChannelLog log = open()) {
      entries = appendN(log, new TestEntries(CH), 4);
    }
    Entry third = entries.get(2);
    Entry forged = Entry.sign(new EntryHeader(CH, 3, Hash32.ZERO, third.term(), third.timestampMs()), third.tx(),
        third.effects(), third.stateRoot(), TestEntries.LEADER);
    assertThat(forged.encodedSize()).isEqualTo(third.encodedSize());
    Path file = queueFiles().get(0);
    byte[] all = Files.readAllBytes(file);
    int at = indexOf(all, third.encode());
    byte[] rec = new byte[forged.encodedSize() + 5];
    rec[0] = 1;
    System.arraycopy(forged.encode(), 0, rec, 1, forged.encodedSize());
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(rec, 0, rec.length - 4);
    int c = (int) crc.getValue();
    for (int i = 0; i < 4; i++) rec[rec.length - 4 + i] = (byte) (c >>> (8 * i));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at - 1);
      raf.write(rec);
    }
    assertThatThrownBy(this::open).isInstanceOfSatisfying(LogCorruptedException.class,
        e -> assertThat(e.height()).isEqualTo(3)).hasMessageContaining("prevHash");
  }

  @Test
  void snapshotsAreStoredAtomicallyReadBackAndSurviveReopen() throws IOException {
    byte[] state = "state after 7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Entry> entries;
    try (ChannelLog log = open()) {
      entries = appendN(log, new TestEntries(CH), 10);
      SnapshotInfo info = log.saveSnapshot(7, state);
      assertThat(info.height()).isEqualTo(7);
      assertThat(info.entryHash()).isEqualTo(entries.get(6).entryHash());
      assertThat(info.stateRoot()).isEqualTo(entries.get(6).stateRoot());
      assertThat(log.readSnapshot(info)).isEqualTo(state);
      assertThatThrownBy(() -> log.saveSnapshot(11, state)).isInstanceOf(ChannelLogException.class);
    }
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("snapshot-00000000000000000007.snap");
    }
    // A half-written temporary file (a crash mid-save) is ignored and removed.
    Files.write(dir.resolve("snapshots").resolve("snapshot-00000000000000000009.snap.tmp"), new byte[] {1, 2});
    try (ChannelLog log = open()) {
      SnapshotInfo info = log.latestSnapshot().orElseThrow();
      assertThat(info.height()).isEqualTo(7);
      assertThat(log.readSnapshot(info)).isEqualTo(state);
      log.saveSnapshot(8, new byte[] {8});
      log.saveSnapshot(9, new byte[] {9});
      assertThat(log.snapshots()).extracting(SnapshotInfo::height).containsExactly(8L, 9L);
    }
    assertThat(dir.resolve("snapshots").resolve("snapshot-00000000000000000009.snap.tmp")).doesNotExist();
  }

  @Test
  void pruningNeedsASnapshotAndThenDropsEarlierEntriesAcrossReopen() {
    List<Entry> entries;
    try (ChannelLog log = open()) {
      entries = appendN(log, new TestEntries(CH), 30);
      assertThatThrownBy(() -> log.pruneBefore(10)).isInstanceOf(ChannelLogException.class).hasMessageContaining("snapshot");
      log.saveSnapshot(20, new byte[] {20});
      assertThatThrownBy(() -> log.pruneBefore(21)).isInstanceOf(ChannelLogException.class);
      assertThat(log.pruneBefore(15)).isEqualTo(15);
      assertThat(log.firstHeight()).isEqualTo(15);
      assertThat(log.get(14)).isEmpty();
      assertThat(log.get(15)).contains(entries.get(14));
      assertThat(log.range(1 + 14, 100)).hasSize(16);
      assertThatThrownBy(() -> log.from(3)).isInstanceOf(ChannelLogException.class).hasMessageContaining("pruned");
      assertThat(log.pruneBefore(5)).isEqualTo(15);
    }
    try (ChannelLog log = open()) {
      assertThat(log.firstHeight()).isEqualTo(15);
      assertThat(log.lastHeight()).isEqualTo(30);
      assertThat(log.get(14)).isEmpty();
      assertThat(log.range(15, 100)).containsExactlyElementsOf(entries.subList(14, 30));
      TestEntries gen = new TestEntries(CH, 30, entries.get(29).entryHash(), 16);
      log.append(gen.next());
      assertThat(log.lastHeight()).isEqualTo(31);
    }
  }

  @Test
  void pruningDeletesQueueFilesHoldingOnlyPrunedEntries() throws IOException {
    AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    ChannelLogConfig cfg = ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS)
        .roll(ChannelLogConfig.Roll.SECONDLY_FOR_TESTS).clock(clock::get).build();
    List<Entry> entries = new ArrayList<>();
    TestEntries gen = new TestEntries(CH);
    try (ChannelLog log = ChannelLog.open(cfg)) {
      for (int second = 0; second < 5; second++) {
        entries.addAll(appendN(log, gen, 4)); // heights 4s+1 .. 4s+4 in file s
        clock.addAndGet(1_000);
      }
      assertThat(queueFiles()).hasSize(5);
      log.saveSnapshot(12, new byte[] {12});
      log.pruneBefore(10); // files 0 (1..4) and 1 (5..8) go; file 2 (9..12) holds 9, pruned, and 10..12
      assertThat(queueFiles()).hasSize(3);
      assertThat(log.range(10, 100)).containsExactlyElementsOf(entries.subList(9, 20));
      entries.addAll(appendN(log, gen, 2));
      assertThat(log.get(22)).contains(entries.get(21));
      try (EntryCursor c = log.from(10)) {
        int n = 0;
        while (c.hasNext() && n < 100) {
          assertThat(c.next()).isEqualTo(entries.get(9 + n));
          n++;
        }
        assertThat(n).isEqualTo(13);
      }
    }
    try (ChannelLog log = ChannelLog.open(cfg)) {
      assertThat(log.firstHeight()).isEqualTo(10);
      assertThat(log.lastHeight()).isEqualTo(22);
      assertThat(log.range(10, 100)).containsExactlyElementsOf(entries.subList(9, 22));
    }
  }

  @Test
  void aLogStartsFromAnInstalledSnapshotAndContinuesAfterIt() {
    TestEntries gen = new TestEntries(CH);
    List<Entry> upstream = new ArrayList<>();
    for (int i = 0; i < 12; i++) upstream.add(gen.next());
    Entry at10 = upstream.get(9);
    try (ChannelLog log = open()) {
      log.installSnapshot(10, at10.entryHash(), at10.stateRoot(), new byte[] {10});
      assertThat(log.firstHeight()).isEqualTo(11);
      assertThat(log.lastHeight()).isEqualTo(10);
      assertThat(log.lastHash()).isEqualTo(at10.entryHash());
      assertThat(log.lastEntry()).isEmpty();
      log.append(upstream.get(10));
      assertThatThrownBy(() -> log.installSnapshot(11, Hash32.ZERO, Hash32.ZERO, new byte[0])).isInstanceOf(ChannelLogException.class);
    }
    try (ChannelLog log = open()) {
      assertThat(log.firstHeight()).isEqualTo(11);
      assertThat(log.lastHeight()).isEqualTo(11);
      log.append(upstream.get(11));
      assertThat(log.range(11, 10)).containsExactlyElementsOf(upstream.subList(10, 12));
      assertThat(log.latestSnapshot().map(SnapshotInfo::height)).isEqualTo(Optional.of(10L));
    }
  }

  @Test
  void syncModeAppendsAndReadsBackLikeTheDefault() {
    ChannelLogConfig cfg = ChannelLogConfig.builder(dir, CH, TestEntries.GENESIS).durability(Durability.SYNC).build();
    List<Entry> entries;
    try (ChannelLog log = ChannelLog.open(cfg)) {
      entries = appendN(log, new TestEntries(CH), 20);
      log.sync();
    }
    try (ChannelLog log = ChannelLog.open(cfg)) {
      assertThat(log.range(1, 100)).containsExactlyElementsOf(entries);
    }
  }

  @Test
  void aClosedLogRefusesCalls() {
    ChannelLog log = open();
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(new TestEntries(CH).next())).isInstanceOf(ChannelLogException.class).hasMessageContaining("closed");
  }

  private List<Path> queueFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("queue"))) {
      return s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
