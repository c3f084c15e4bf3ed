package io.statecraft.move.binary;

/** A generic struct definition with the signature index of its type arguments. */
public record StructDefInstantiation(int def, int typeParameters) {}
