package io.statecraft.move.storage;

/** An event a transaction emitted: its type tag and BCS payload, in emission order. */
public record Event(String typeTag, byte[] data) {}
