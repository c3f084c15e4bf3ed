package io.statecraft.move.binary;

/** Aptos version 7: a struct variant handle with the signature index of its type arguments. */
public record StructVariantInstantiation(int handle, int typeParameters) {}
