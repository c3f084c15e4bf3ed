package io.statecraft.move.runtime;

/** Aptos BorrowVariantField: the variants that have this field at this offset. */
public record VariantFieldSite(int[] variants, int fieldIndex) {}
