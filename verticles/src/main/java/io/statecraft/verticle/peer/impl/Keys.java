package io.statecraft.verticle.peer.impl;

import io.statecraft.codec.Ed25519;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 with the key objects kept: the node's private key (BouncyCastle caches its public
 * half, which {@link Ed25519#sign} recomputes on every call) and each peer's decoded public
 * point. Same signatures as {@link Ed25519}, about half the cost per message.
 */
final class Keys {
  private Keys() {}

  static final class Signer {
    private final Ed25519PrivateKeyParameters priv;

    Signer(Ed25519.KeyPair kp) {
      this.priv = new Ed25519PrivateKeyParameters(kp.seed(), 0);
    }

    byte[] sign(byte[] message) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, priv);
      s.update(message, 0, message.length);
      return s.generateSignature();
    }
  }

  /** Throws IllegalArgumentException when the 32 bytes are not a valid point. */
  static Ed25519PublicKeyParameters publicKey(byte[] key) {
    try {
      return new Ed25519PublicKeyParameters(key, 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  static boolean verify(Ed25519PublicKeyParameters pub, byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) return false;
    try {
      Ed25519Signer v = new Ed25519Signer();
      v.init(false, pub);
      v.update(message, 0, message.length);
      return v.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
