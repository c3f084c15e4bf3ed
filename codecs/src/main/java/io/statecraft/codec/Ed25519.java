package io.statecraft.codec;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signing and verification (RFC 8032) through BouncyCastle's lightweight API, which
 * needs no JCA provider registration and so works unchanged inside the shaded fat jar.
 */
public final class Ed25519 {
  public static final int PUBLIC_KEY_SIZE = 32;
  public static final int PRIVATE_KEY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;

  private Ed25519() {}

  /** An Ed25519 key pair. The seed is the 32-byte private key. */
  public record KeyPair(byte[] seed, byte[] publicKey) {
    public KeyPair {
      seed = seed.clone();
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] seed() {
      return seed.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    public String publicKeyHex() {
      return Hex.encode(publicKey);
    }

    public byte[] sign(byte[] message) {
      return Ed25519.sign(seed, message);
    }

    @Override
    public String toString() {
      // Never print the seed: key pairs end up in logs through string concatenation.
      return "Ed25519.KeyPair[publicKey=" + publicKeyHex() + "]";
    }
  }

  public static KeyPair generate(SecureRandom random) {
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
    return new KeyPair(priv.getEncoded(), priv.generatePublicKey().getEncoded());
  }

  public static KeyPair generate() {
    return generate(new SecureRandom());
  }

  /** The key pair of a 32-byte seed; the same seed always gives the same key pair. */
  public static KeyPair fromSeed(byte[] seed) {
    requireLength(seed, PRIVATE_KEY_SIZE, "seed");
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
    return new KeyPair(seed, priv.generatePublicKey().getEncoded());
  }

  public static byte[] sign(byte[] seed, byte[] message) {
    requireLength(seed, PRIVATE_KEY_SIZE, "seed");
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /**
   * Verifies a signature. Returns false, never throws, for a key or signature of the wrong
   * length or a key that is not a valid curve point: callers treat every such case as a bad
   * signature.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || signature == null || message == null
        || publicKey.length != PUBLIC_KEY_SIZE || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void requireLength(byte[] b, int len, String what) {
    if (b == null || b.length != len) {
      throw new IllegalArgumentException(what + " must be " + len + " bytes");
    }
  }
}
