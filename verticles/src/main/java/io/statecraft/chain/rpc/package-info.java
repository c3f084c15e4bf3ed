/**
 * The devchain's JSON-RPC 2.0 layer, so several node processes share one devchain:
 * {@link io.statecraft.chain.rpc.JsonRpcServerVerticle} serves any
 * {@link io.statecraft.chain.SettlementChain} on {@code POST /rpc} and the WebSocket
 * {@code /rpc/ws}; {@link io.statecraft.chain.rpc.JsonRpcChainClient} is a
 * {@code SettlementChain} in another process; {@link io.statecraft.chain.rpc.DevchainServer}
 * opens a devchain and serves it. Methods and error codes: {@code verticles/DEVCHAIN-RPC.md}.
 */
package io.statecraft.chain.rpc;
