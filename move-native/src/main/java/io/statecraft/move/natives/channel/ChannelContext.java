package io.statecraft.move.natives.channel;

import io.statecraft.move.runtime.AccountAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the node tells the channel natives about the entry being executed. One immutable
 * instance per entry; the node builds it from the entry (never from its own clock), so a
 * Follower re-executing the entry builds an equal one and gets byte-identical effects.
 *
 * <ul>
 *   <li>{@code height}: the entry's log height.
 *   <li>{@code tickNumber} / {@code tickTimeMillis}: the channel's tick counter and the tick
 *       time (milliseconds) the entry was sequenced at: the Leader's timestamp, bounded by the
 *       Followers (SPEC §4). Contracts read these, never a wall clock.
 *   <li>{@code kind}: what the entry is; {@code subject}/{@code deposit}: for {@link
 *       EntryKind#JOIN} the joining member and the fungible amount it brought in on chain, for
 *       {@link EntryKind#LEAVE} the leaving member.
 *   <li>{@code members}: the channel's members in join order, no duplicates (a joining member
 *       is already in the list during its join entry).
 * </ul>
 */
public final class ChannelContext {
  /** The kind of the entry being executed. */
  public enum EntryKind {
    /** A member's signed call. */
    CALL,
    /** The channel's scheduled tick. */
    TICK,
    /** A member joined on chain: the node runs {@code 0x5c::channel::on_join}. */
    JOIN,
    /** A member leaves: the node runs {@code 0x5c::channel::on_leave}. */
    LEAVE,
    /** Channel setup by the node (the game's {@code init}). */
    SYSTEM
  }

  private final long height;
  private final long tickNumber;
  private final long tickTimeMillis;
  private final EntryKind kind;
  private final AccountAddress subject;
  private final long deposit;
  private final List<AccountAddress> members;
  private final Set<AccountAddress> memberSet;

  private ChannelContext(Builder b) {
    this.height = b.height;
    this.tickNumber = b.tickNumber;
    this.tickTimeMillis = b.tickTimeMillis;
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.subject = b.subject;
    this.deposit = b.deposit;
    this.members = Collections.unmodifiableList(new ArrayList<>(b.members));
    this.memberSet = new HashSet<>(b.members);
    if (memberSet.size() != members.size()) {
      throw new IllegalArgumentException("duplicate member in " + b.members);
    }
    if ((kind == EntryKind.JOIN || kind == EntryKind.LEAVE) && subject == null) {
      throw new IllegalArgumentException(kind + " entry without a subject member");
    }
    if (kind == EntryKind.JOIN && !memberSet.contains(subject)) {
      throw new IllegalArgumentException("joining member " + subject + " is not in the member list");
    }
    if (deposit != 0 && kind != EntryKind.JOIN) {
      throw new IllegalArgumentException("a deposit only comes with a JOIN entry");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.height = height;
    b.tickNumber = tickNumber;
    b.tickTimeMillis = tickTimeMillis;
    b.kind = kind;
    b.subject = subject;
    b.deposit = deposit;
    b.members = new ArrayList<>(members);
    return b;
  }

  public long height() {
    return height;
  }

  public long tickNumber() {
    return tickNumber;
  }

  public long tickTimeMillis() {
    return tickTimeMillis;
  }

  public EntryKind kind() {
    return kind;
  }

  /** The joining or leaving member; null for other entries. */
  public AccountAddress subject() {
    return subject;
  }

  /** The amount (u64 bits) brought in on join; 0 for other entries. */
  public long deposit() {
    return deposit;
  }

  public List<AccountAddress> members() {
    return members;
  }

  public boolean isMember(AccountAddress a) {
    return memberSet.contains(a);
  }

  @Override
  public String toString() {
    return "ChannelContext{height=" + height + ", tick=" + tickNumber + "@" + tickTimeMillis + "ms, kind=" + kind
        + (subject == null ? "" : ", subject=" + subject.toShortString() + ", deposit=" + Long.toUnsignedString(deposit))
        + ", members=" + members.size() + "}";
  }

  /** Builds a context; defaults: height 0, tick 0 at 0 ms, {@link EntryKind#CALL}, no members. */
  public static final class Builder {
    private long height;
    private long tickNumber;
    private long tickTimeMillis;
    private EntryKind kind = EntryKind.CALL;
    private AccountAddress subject;
    private long deposit;
    private List<AccountAddress> members = new ArrayList<>();

    public Builder height(long height) {
      this.height = height;
      return this;
    }

    public Builder tick(long tickNumber, long tickTimeMillis) {
      this.tickNumber = tickNumber;
      this.tickTimeMillis = tickTimeMillis;
      return this;
    }

    public Builder kind(EntryKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder call() {
      return kind(EntryKind.CALL).subject(null).deposit(0);
    }

    public Builder tickEntry() {
      return kind(EntryKind.TICK).subject(null).deposit(0);
    }

    public Builder system() {
      return kind(EntryKind.SYSTEM).subject(null).deposit(0);
    }

    public Builder join(AccountAddress member, long deposit) {
      return kind(EntryKind.JOIN).subject(member).deposit(deposit);
    }

    public Builder leave(AccountAddress member) {
      return kind(EntryKind.LEAVE).subject(member).deposit(0);
    }

    public Builder subject(AccountAddress subject) {
      this.subject = subject;
      return this;
    }

    public Builder deposit(long deposit) {
      this.deposit = deposit;
      return this;
    }

    public Builder members(List<AccountAddress> members) {
      this.members = new ArrayList<>(members);
      return this;
    }

    public Builder addMember(AccountAddress member) {
      this.members.add(member);
      return this;
    }

    public ChannelContext build() {
      return new ChannelContext(this);
    }
  }
}
