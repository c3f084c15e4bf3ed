package io.statecraft.move.binary;

/** A field of a struct defined here: struct definition index and field offset. */
public record FieldHandle(int owner, int field) {}
