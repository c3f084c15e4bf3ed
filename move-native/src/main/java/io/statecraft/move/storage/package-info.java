/**
 * What a transaction reads and yields: resource keys, the state view, change sets with their
 * effects hash, and the state commitment (sparse Merkle tree) with its proofs.
 */
package io.statecraft.move.storage;
