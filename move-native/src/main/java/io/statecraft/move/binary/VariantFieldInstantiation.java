package io.statecraft.move.binary;

/** Aptos version 7: a variant field handle with the signature index of its type arguments. */
public record VariantFieldInstantiation(int handle, int typeParameters) {}
