package io.statecraft.node.runtime;

import io.statecraft.chain.CodeHash;
import io.statecraft.chain.SettlementChain;
import io.statecraft.chain.SignedTx;
import io.statecraft.chain.TxReceipt;
import io.statecraft.codec.Ed25519;
import io.statecraft.codec.Hashes;
import io.statecraft.codec.Hex;
import io.statecraft.game.GridGame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@code statecraft dev} does on the chain before its nodes start: fund each member from
 * the dev faucet, and create the sample grid game channel that every member joins. Plain signed
 * transactions through {@link SettlementChain}, so it works the same against the embedded
 * devchain and one reached over JSON-RPC.
 */
public final class DevBootstrap {
  /** Stake the demo channel asks of each member. */
  public static final String DEMO_STAKE = "100";

  /**
   * The demo channel's code. A placeholder module until the Move sandbox and the sample game
   * land: the chain pins its hash like any channel's code, and no node executes it yet.
   */
  static final byte[] DEMO_MODULE = "statecraft demo channel: placeholder module".getBytes(StandardCharsets.UTF_8);

  private DevBootstrap() {}

  /** Asks the faucet for {@code amount} of the native coin for the key's account. */
  public static Future<TxReceipt> fund(SettlementChain chain, Ed25519.KeyPair key, long amount) {
    return submit(chain, key, "faucet", new JsonObject().put("amount", Long.toString(amount)));
  }

  /** Creates the demo channel with {@code publisher} as its publisher; completes with its id. */
  public static Future<String> createDemoChannel(SettlementChain chain, Ed25519.KeyPair publisher, int memberLimit) {
    JsonObject args = new JsonObject()
        .put("modules", new JsonArray().add("0x" + Hex.encode(DEMO_MODULE)))
        .put("codeHash", "0x" + Hex.encode(Hashes.sha256(DEMO_MODULE)))
        .put("initFunction", "demo::init")
        .put("memberLimit", memberLimit)
        .put("stake", DEMO_STAKE);
    return submit(chain, publisher, "channel.create", args).map(r -> r.result().getString("channelId"));
  }

  /** The sample game's board: init(width, height, coin_count, max_players) (SAMPLE-GAME.md). */
  public static final String GRID_INIT = GridGame.MODULE + "::init(16, 16, 8, 8)";

  /**
   * Creates the sample grid game channel (verticles/SAMPLE-GAME.md): the {@code GridGame}
   * module, its init and tick functions, the tick interval, and the Leader's settlement period.
   */
  public static Future<String> createGridGameChannel(SettlementChain chain, Ed25519.KeyPair publisher, int memberLimit,
      long tickIntervalMillis, long settleEvery) {
    List<String> modules = List.of("0x" + Hex.encode(GridGame.bytes()));
    JsonObject args = new JsonObject()
        .put("modules", new JsonArray(modules))
        .put("codeHash", CodeHash.ofHex(modules))
        .put("initFunction", GRID_INIT)
        .put("tickFunction", GridGame.TICK_FUNCTION)
        .put("tickIntervalMillis", tickIntervalMillis)
        .put("memberLimit", memberLimit)
        .put("stake", DEMO_STAKE)
        .put("params", new JsonObject().put("settlePeriodBlocks", settleEvery));
    return submit(chain, publisher, "channel.create", args).map(r -> r.result().getString("channelId"));
  }

  /**
   * Joins a channel with a direct stake and {@code coins} of the native coin brought in,
   * registering the node's key and peer endpoint (what the other members' nodes dial).
   */
  public static Future<TxReceipt> join(SettlementChain chain, Ed25519.KeyPair member, String channelId, String nodeKeyHex,
      String endpoint, long coins) {
    JsonObject args = new JsonObject()
        .put("channelId", channelId)
        .put("stake", new JsonObject().put("amount", DEMO_STAKE))
        .put("nodeKey", nodeKeyHex)
        .put("endpoint", endpoint)
        .put("assets", new JsonObject().put("coin", Long.toString(coins)));
    return submit(chain, member, "channel.join", args);
  }

  /** Joins a channel with a direct stake, naming the member's key as its node key. */
  public static Future<TxReceipt> join(SettlementChain chain, Ed25519.KeyPair member, String channelId, String endpoint) {
    JsonObject args = new JsonObject()
        .put("channelId", channelId)
        .put("stake", new JsonObject().put("amount", DEMO_STAKE))
        .put("nodeKey", "0x" + member.publicKeyHex())
        .put("endpoint", endpoint);
    return submit(chain, member, "channel.join", args);
  }

  /** Signs with the account's next nonce and submits; completes when committed. */
  static Future<TxReceipt> submit(SettlementChain chain, Ed25519.KeyPair key, String kind, JsonObject args) {
    String address = SignedTx.addressOf(key.publicKey());
    return chain.status().compose(st -> chain.account(address)
        .compose(acc -> chain.submit(SignedTx.sign(key, st.chainId(), acc.nonce(), kind, args))));
  }
}
