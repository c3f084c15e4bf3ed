package io.statecraft.move.binary;

/** A module referred to by this unit: address pool index and identifier index of its name. */
public record ModuleHandle(int address, int name) {}
