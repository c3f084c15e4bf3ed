/**
 * The Move interpreter: runtime types and values, linking a module set, pre-decoded code and
 * superinstructions, the machine (gas, limits, traps), per-transaction global storage and the
 * {@link io.statecraft.move.runtime.MoveVm} entry points. See move-native/RUNTIME.md.
 */
package io.statecraft.move.runtime;
