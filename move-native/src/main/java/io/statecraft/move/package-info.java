/** The Move bytecode VM: binary format, checks, interpreter. Depends on nothing else of ours. */
package io.statecraft.move;
