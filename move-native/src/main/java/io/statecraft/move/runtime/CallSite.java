package io.statecraft.move.runtime;

/** A call's target and its type arguments, which may mention the caller's type parameters. */
public record CallSite(FunctionDef target, Type[] typeArguments) {}
