package io.statecraft.move.binary;

/** Sui version 7: a generic enum definition with the signature index of its type arguments. */
public record EnumDefInstantiation(int def, int typeParameters) {}
