/**
 * Reads what the stack owns: one batched read per type, lookups in dependency order, and the
 * ownership classification (state first, then proofs). Depends on {@code execution}, {@code desired},
 * {@code provider}, {@code stack} and {@code state}; knows nothing of plans.
 */
package dev.converge.refresh;
