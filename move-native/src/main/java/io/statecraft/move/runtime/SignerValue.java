package io.statecraft.move.runtime;

/** A {@code signer}: an address the transaction proved authority over. */
public record SignerValue(AccountAddress address) {}
