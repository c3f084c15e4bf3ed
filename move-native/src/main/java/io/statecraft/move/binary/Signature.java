package io.statecraft.move.binary;

import java.util.List;

/** A list of types: parameters, returns, locals, or type arguments. */
public record Signature(List<SignatureToken> tokens) {
  public static final Signature EMPTY = new Signature(List.of());

  public Signature {
    tokens = List.copyOf(tokens);
  }

  public static Signature of(SignatureToken... tokens) {
    return new Signature(List.of(tokens));
  }

  public int size() {
    return tokens.size();
  }
}
