/**
 * Native functions: the extension point ({@link io.statecraft.move.natives.NativeFunction},
 * {@link io.statecraft.move.natives.NativeRegistry}) and move-stdlib's natives.
 */
package io.statecraft.move.natives;
