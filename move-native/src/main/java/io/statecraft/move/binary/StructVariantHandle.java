package io.statecraft.move.binary;

/** Aptos version 7: one variant of an enum-like struct defined here. */
public record StructVariantHandle(int structDef, int variant) {}
