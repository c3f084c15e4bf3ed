package io.statecraft.chain.rpc.impl;

import io.statecraft.chain.AccountView;
import io.statecraft.chain.Block;
import io.statecraft.chain.ChainStatus;
import io.statecraft.chain.ChannelView;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.chain.rpc.DevControl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The methods served on both transports: the {@link SettlementChain} API and dev controls. */
public final class ChainMethods {
  public static final String STATUS = "chain_status";
  public static final String SUBMIT = "chain_submit";
  public static final String ACCOUNT = "chain_account";
  public static final String CHANNEL = "chain_channel";
  public static final String BLOCK = "chain_block";
  public static final String EVENTS = "chain_events";
  public static final String SUBSCRIBE = "chain_subscribe";
  public static final String UNSUBSCRIBE = "chain_unsubscribe";
  public static final String EVENT_NOTIFICATION = "chain_event";
  public static final String SUBSCRIPTION_CLOSED_NOTIFICATION = "chain_subscriptionClosed";
  public static final String DEV_PRODUCE_BLOCK = "dev_produceBlock";
  public static final String DEV_ADVANCE_TIME = "dev_advanceTime";

  /** Upper bound on the blocks one {@code chain_events} call reads, whatever the limit. */
  public static final int MAX_BLOCKS_PER_EVENTS_CALL = 1000;

  private ChainMethods() {}

  public static Map<String, RpcMethod> of(SettlementChain chain, DevControl dev, int maxEventsPerCall) {
    EventReader reader = new EventReader(chain);
    Map<String, RpcMethod> m = new LinkedHashMap<>();
    put(m, new RpcMethod(STATUS, List.of(), p -> chain.status().map(ChainStatus::toJson)));
    put(m, new RpcMethod(SUBMIT, List.of("tx"), p -> {
      // The params are the transaction itself; {"tx": {...}} and [{...}] are accepted too.
      JsonObject txJson = p.json().getValue("tx") instanceof JsonObject o ? o : p.json();
      SignedTx tx = SignedTx.fromJson(txJson);
      return chain.submit(tx).map(TxReceipt::toJson);
    }));
    put(m, new RpcMethod(ACCOUNT, List.of("address"),
        p -> chain.account(p.requireString("address")).map(AccountView::toJson)));
    put(m, new RpcMethod(CHANNEL, List.of("channelId"),
        p -> chain.channel(p.requireString("channelId")).map(ChannelView::toJson)));
    put(m, new RpcMethod(BLOCK, List.of("height"),
        p -> chain.block(p.requireLong("height", 0, Long.MAX_VALUE)).map(Block::toJson)));
    put(m, new RpcMethod(EVENTS, List.of("fromHeight", "limit"), p -> {
      long from = p.requireLong("fromHeight", 0, Long.MAX_VALUE);
      int limit = (int) p.optLong("limit", maxEventsPerCall, 1, maxEventsPerCall);
      return reader.read(from, limit, MAX_BLOCKS_PER_EVENTS_CALL).map(page -> {
        JsonArray events = new JsonArray();
        page.events().forEach(e -> events.add(e.toJson()));
        return new JsonObject().put("events", events).put("nextHeight", page.nextHeight()).put("head", page.head());
      });
    }));
    if (dev != null) {
      put(m, new RpcMethod(DEV_PRODUCE_BLOCK, List.of(), p -> dev.produceBlock().map(o -> o)));
      if (dev.canAdvanceTime()) {
        put(m, new RpcMethod(DEV_ADVANCE_TIME, List.of("millis"),
            p -> dev.advanceTime(p.requireLong("millis", 0, 365L * 24 * 3600 * 1000)).map(o -> o)));
      }
    }
    return m;
  }

  private static void put(Map<String, RpcMethod> m, RpcMethod method) {
    m.put(method.name(), method);
  }
}
