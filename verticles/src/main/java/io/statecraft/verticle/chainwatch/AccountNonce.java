package io.statecraft.verticle.chainwatch;

import io.statecraft.chain.AccountView;
import io.vertx.core.json.JsonObject;

/** Reads the next nonce an account must use from the chain's account view. */
final class AccountNonce {
  private AccountNonce() {}

  static long of(AccountView account) {
    JsonObject j = account.json();
    // "nonce" is the next nonce to use; an account that never appeared starts at 0.
    Number n = j.getNumber("nonce");
    return n == null ? 0L : n.longValue();
  }
}
