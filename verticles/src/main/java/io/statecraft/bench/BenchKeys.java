package io.statecraft.bench;

import io.statecraft.codec.Ed25519;

/** Deterministic member keys of the benchmark/crash-test channel (member i, publisher 100). */
public final class BenchKeys {
  public static final int PUBLISHER = 100;

  private BenchKeys() {}

  public static Ed25519.KeyPair member(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[1] = (byte) (i >> 8);
    seed[31] = 0x5b;
    return Ed25519.fromSeed(seed);
  }
}
