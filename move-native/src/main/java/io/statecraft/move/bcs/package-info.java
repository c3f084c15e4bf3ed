/** Binary Canonical Serialization of Move values, driven by their runtime type. */
package io.statecraft.move.bcs;
