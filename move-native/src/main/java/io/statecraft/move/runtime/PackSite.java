package io.statecraft.move.runtime;

/** Pack of a struct (variant 0) or one enum variant: field count and the packed type. */
public record PackSite(Type type, int variant, int fieldCount) {}
