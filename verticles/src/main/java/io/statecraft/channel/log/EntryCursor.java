package io.statecraft.channel.log;

import io.statecraft.codec.channel.Entry;
import java.util.Iterator;

/**
 * Reads entries in height order from a starting height up to the last entry logged when
 * {@link #hasNext()} is asked, so a cursor kept open also sees later appends. Blocking, like
 * the log; use one cursor from one thread at a time. Close it to release its file mappings.
 * A cursor over entries that {@link ChannelLog#pruneBefore pruning} removed fails with
 * {@link ChannelLogException}.
 */
public interface EntryCursor extends Iterator<Entry>, AutoCloseable {
  /** The height {@link #next()} returns next. */
  long nextHeight();

  @Override
  void close();
}
