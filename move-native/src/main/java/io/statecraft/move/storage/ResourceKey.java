package io.statecraft.move.storage;

import io.statecraft.move.runtime.AccountAddress;
import java.nio.charset.StandardCharsets;

/**
 * Where a resource lives: an address and a struct type tag in canonical text
 * ({@code 0x<64 hex>::module::Name<args>}). Ordered by address bytes, then by tag text (ASCII,
 * so the same as bytewise): the order of change sets and the commitment's input.
 */
public record ResourceKey(AccountAddress address, String typeTag) implements Comparable<ResourceKey> {
  /** The key's bytes: the 32 address bytes then the tag's UTF-8 (ASCII) bytes. */
  public byte[] encoded() {
    byte[] tag = typeTag.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[AccountAddress.LENGTH + tag.length];
    address.writeTo(out, 0);
    System.arraycopy(tag, 0, out, AccountAddress.LENGTH, tag.length);
    return out;
  }

  @Override
  public int compareTo(ResourceKey o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : typeTag.compareTo(o.typeTag);
  }

  @Override
  public String toString() {
    return address.toShortString() + "/" + typeTag;
  }
}
