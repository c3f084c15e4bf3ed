package io.statecraft.move.runtime;

/**
 * Marks mutable values (vectors, structs, closures): copying one is deep and costs gas per
 * node. A single class test lets CopyLoc and ReadRef skip primitives cheaply.
 */
public abstract class Container {
  Container() {}
}
