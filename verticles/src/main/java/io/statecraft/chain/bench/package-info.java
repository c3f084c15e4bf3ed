/** Benchmarks run by hand or by {@code statecraft bench}; never part of the test suite. */
package io.statecraft.chain.bench;
