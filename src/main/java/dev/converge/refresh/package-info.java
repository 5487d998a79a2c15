/**
 * Reads what the stack owns: one batched read per type, lookups in dependency order, and the
 * ownership classification (state first, then proofs). Depends on {@code execution}, {@code desired}
 * and the model packages ({@code addr}, {@code stack}, {@code expr}, {@code schema}, {@code graph},
 * {@code state}, {@code provider}); never on {@code plan}, {@code apply}, {@code engine} or {@code cli}.
 */
package dev.converge.refresh;
