package io.statecraft.move.binary;

/** Sui version 7: one variant (by tag) of an enum definition instantiation. */
public record VariantInstantiationHandle(int enumDefInstantiation, int variant) {}
