package io.statecraft.move.binary;

/** A generic function handle with the signature index of its type arguments. */
public record FunctionInstantiation(int handle, int typeParameters) {}
