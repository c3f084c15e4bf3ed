package io.statecraft.verticle.chainwatch;

import io.statecraft.chain.AccountView;
import io.vertx.core.json.JsonObject;

/** Reads the next nonce an account must use from the chain's account view. */
final class AccountNonce {
  private AccountNonce() {}

  static long of(AccountView account) {
    // Through the JSON form, which is stable across the view's typed accessors.
    JsonObject j = account.toJson();
    // "nonce" is the next nonce to use; an account that never appeared starts at 0.
    Number n = j.getNumber("nonce");
    return n == null ? 0L : n.longValue();
  }
}
