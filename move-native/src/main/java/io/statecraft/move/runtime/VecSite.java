package io.statecraft.move.runtime;

/** VecPack: element type (for the depth check) and element count. */
public record VecSite(Type elementType, int count) {}
