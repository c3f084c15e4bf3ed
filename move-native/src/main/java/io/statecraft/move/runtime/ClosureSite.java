package io.statecraft.move.runtime;

/** Aptos PackClosure: the function and which of its parameters the stack supplies now. */
public record ClosureSite(CallSite call, long mask) {}
