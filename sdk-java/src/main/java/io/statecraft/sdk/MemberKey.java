package io.statecraft.sdk;

import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hex;
import io.statecraft.codec.stream.RequestSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A member's Ed25519 key. The member address is {@code 0x} + the public key in hex. Key files
 * hold the 32-byte seed as 64 hex digits (a trailing newline is allowed) and are written
 * owner-readable only.
 */
public final class MemberKey {
  private final Ed25519.KeyPair pair;

  private MemberKey(Ed25519.KeyPair pair) {
    this.pair = pair;
  }

  public static MemberKey generate() {
    return new MemberKey(Ed25519.generate());
  }

  public static MemberKey fromSeed(byte[] seed) {
    return new MemberKey(Ed25519.fromSeed(seed));
  }

  public static MemberKey fromSeedHex(String hex) {
    return fromSeed(Hex.decode(hex.trim()));
  }

  public static MemberKey load(Path file) throws IOException {
    return fromSeedHex(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** Writes the seed, creating the file with mode 600 where the file system supports it. */
  public void save(Path file) throws IOException {
    byte[] text = (Hex.encode(pair.seed()) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
  }

  public String address() {
    return RequestSigning.addressOf(pair.publicKey());
  }

  public Ed25519.KeyPair keyPair() {
    return pair;
  }

  @Override
  public String toString() {
    return "MemberKey[" + address() + "]";
  }
}
