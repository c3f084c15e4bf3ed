package io.statecraft.codec.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BcsWriter} writes, strictly: every read is bounds-checked against the
 * input and fails with {@link MalformedEntryException}, lengths must be minimal ULEB128 and no
 * larger than the bytes left, booleans and option tags must be 0 or 1. A length can therefore
 * never make the reader allocate more than the input's own size.
 *
 * <p>Not thread-safe; a reader is a short-lived local.
 */
public final class BcsReader {
  private final byte[] in;
  private final int end;
  private int pos;

  public BcsReader(byte[] in) {
    this(in, 0, in.length);
  }

  public BcsReader(byte[] in, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > in.length || offset + length < 0) {
      throw new IndexOutOfBoundsException("bad slice");
    }
    this.in = in;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public MalformedEntryException error(String message) {
    return new MalformedEntryException(message, pos);
  }

  private void need(int n, String what) throws MalformedEntryException {
    if (n < 0 || n > end - pos) {
      throw error("truncated: " + what + " needs " + n + " bytes, " + (end - pos) + " left");
    }
  }

  public int u8() throws MalformedEntryException {
    need(1, "u8");
    return in[pos++] & 0xFF;
  }

  public boolean bool() throws MalformedEntryException {
    int b = u8();
    if (b > 1) {
      pos--;
      throw error("bool must be 0 or 1, got " + b);
    }
    return b == 1;
  }

  public int u32() throws MalformedEntryException {
    need(4, "u32");
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (in[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  public long u64() throws MalformedEntryException {
    need(8, "u64");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (in[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  /** A u64 that must fit a non-negative Java long (heights, terms, times, nonces, gas). */
  public long u63(String what) throws MalformedEntryException {
    long v = u64();
    if (v < 0) {
      pos -= 8;
      throw error(what + " exceeds 2^63-1");
    }
    return v;
  }

  /** A minimal ULEB128 value of at most 2^32−1, returned as a non-negative long. */
  public long uleb128() throws MalformedEntryException {
    int start = pos;
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 28) {
        pos = start;
        throw error("ULEB128 longer than 5 bytes");
      }
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          pos = start;
          throw error("non-minimal ULEB128");
        }
        break;
      }
    }
    if (v > 0xFFFF_FFFFL) {
      pos = start;
      throw error("ULEB128 value exceeds 2^32-1");
    }
    return v;
  }

  /**
   * A length or element count, refused if larger than {@code max} or than the bytes left
   * (every element takes at least {@code minElementSize} bytes, so a count beyond
   * {@code remaining / minElementSize} is certainly a lie).
   */
  public int length(String what, int max, int minElementSize) throws MalformedEntryException {
    int start = pos;
    long n = uleb128();
    if (n > max) {
      pos = start;
      throw error(what + " length " + n + " exceeds the limit " + max);
    }
    if (n * Math.max(1, minElementSize) > remaining()) {
      pos = start;
      throw error(what + " length " + n + " exceeds the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  public byte[] fixed(int n, String what) throws MalformedEntryException {
    need(n, what);
    byte[] out = Arrays.copyOfRange(in, pos, pos + n);
    pos += n;
    return out;
  }

  public byte[] bytes(String what, int max) throws MalformedEntryException {
    int n = length(what, max, 1);
    return fixed(n, what);
  }

  /** A length-prefixed string that must be valid, canonical UTF-8. */
  public String string(String what, int maxBytes) throws MalformedEntryException {
    int start = pos;
    byte[] b = bytes(what, maxBytes);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
      if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b)) {
        throw new CharacterCodingException();
      }
      return s;
    } catch (CharacterCodingException e) {
      pos = start;
      throw error(what + " is not valid UTF-8");
    }
  }

  /** Fails unless every byte was consumed. */
  public void expectEnd(String what) throws MalformedEntryException {
    if (pos != end) {
      throw error((end - pos) + " trailing bytes after " + what);
    }
  }

  /** The input bytes between {@code from} and the current position. */
  public byte[] sliceFrom(int from) {
    return Arrays.copyOfRange(in, from, pos);
  }
}
