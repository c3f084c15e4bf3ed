package io.statecraft.move.binary;

/** Sui version 7: one variant (by tag) of an enum defined here. */
public record VariantHandle(int enumDef, int variant) {}
