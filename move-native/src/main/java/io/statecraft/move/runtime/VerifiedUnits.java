package io.statecraft.move.runtime;

import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.ModuleWriter;
import io.statecraft.move.verify.Verifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the bytecode verifier on units before they are linked, once per unit: a unit object
 * seen before is not looked at again, and a unit whose bytes were verified before (same
 * SHA-256 of its serialized form) is not verified again.
 */
final class VerifiedUnits {
  private VerifiedUnits() {}

  private static final int MAX_DIGESTS = 100_000;
  private static final Set<String> DIGESTS = ConcurrentHashMap.newKeySet();
  private static final Map<CompiledUnit, Boolean> SEEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  static void verify(CompiledUnit unit) {
    if (SEEN.containsKey(unit)) {
      return;
    }
    String digest = digest(unit);
    if (digest == null || !DIGESTS.contains(digest)) {
      try {
        Verifier.verifyAll(unit);
      } catch (InvalidModuleException e) {
        throw new LinkException(StatusCode.UNKNOWN_VERIFICATION_ERROR, "verification failed: " + e.getMessage());
      }
      if (digest != null) {
        if (DIGESTS.size() >= MAX_DIGESTS) {
          DIGESTS.clear();
        }
        DIGESTS.add(digest);
      }
    }
    SEEN.put(unit, Boolean.TRUE);
  }

  private static String digest(CompiledUnit unit) {
    byte[] bytes;
    try {
      bytes = ModuleWriter.write(unit);
    } catch (RuntimeException e) {
      return null; // not encodable: verify every time
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder sb = new StringBuilder();
      for (byte b : h) {
        sb.append(String.format("%02x", b & 0xFF));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }
}
