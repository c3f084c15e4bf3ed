package io.statecraft.move.binary;

/** A field handle of a generic struct with the signature index of its type arguments. */
public record FieldInstantiation(int handle, int typeParameters) {}
