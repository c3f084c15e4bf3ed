package io.statecraft.chain.devchain.impl;

import static io.statecraft.chain.ChainErrorCode.*;

import io.statecraft.chain.ChainException;
import io.vertx.core.json.JsonObject;

/**
 * The settle part of a settle, leave or close proposal: the channel-log range it covers, the
 * change set between its ends and the state root at its end. Ranges chain: each starts where
 * the last executed settlement ended.
 */
public record Settlement(long startHeight, long endHeight, ChangeSet changeSet, String stateRoot) {

  public static Settlement parse(Args a) {
    long start = a.longVal("startHeight");
    long end = a.longVal("endHeight");
    if (start < 0 || end < 0) throw Args.malformed("settle heights must not be negative");
    ChangeSet cs = a.has("changeSet") ? ChangeSet.parse("changeSet", a.obj("changeSet"))
        : ChangeSet.parse("changeSet", new JsonObject());
    String root = a.str("stateRoot");
    if (!root.matches("0x[0-9a-fA-F]{64}")) throw Args.malformed("stateRoot must be 0x + 64 hex digits");
    return new Settlement(start, end, cs, root.toLowerCase());
  }

  public static Settlement fromJson(JsonObject j) {
    return parse(new Args("settle", j));
  }

  public void validate(Channel c) {
    if (startHeight != c.settledHeight) {
      throw new ChainException(SETTLE_RANGE_INVALID, "the settlement must start at the settled height "
          + c.settledHeight + ", not " + startHeight, new JsonObject().put("settledHeight", c.settledHeight));
    }
    if (endHeight <= startHeight) {
      throw new ChainException(SETTLE_RANGE_INVALID, "endHeight " + endHeight + " must exceed startHeight " + startHeight);
    }
    changeSet.validate(c);
  }

  /** Applies a validated settlement and records the settled height and state root. */
  public void apply(Channel c) {
    changeSet.apply(c);
    c.settledHeight = endHeight;
    c.stateRoot = stateRoot;
  }

  public JsonObject toJson() {
    return new JsonObject().put("startHeight", startHeight).put("endHeight", endHeight)
        .put("changeSet", changeSet.toJson()).put("stateRoot", stateRoot);
  }
}
