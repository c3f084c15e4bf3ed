/**
 * The bytecode verifier (to come): signatures, abilities, duplicates, type safety, reference
 * safety, stack balance. It starts from a unit that {@link
 * io.statecraft.move.binary.BoundsChecker} accepted, so every index it meets is in range, and
 * reports broken rules as {@link io.statecraft.move.binary.InvalidModuleException} (adding its
 * own kinds there).
 */
package io.statecraft.move.verify;
