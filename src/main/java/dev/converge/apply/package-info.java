/**
 * Carries out a plan: the parallel walk in dependency order, retries, progress lines, the
 * write-ahead of pending creates with their proofs, the state checkpoints ({@code StateKeeper}) and
 * the readiness wait. Depends on {@code plan} (what to do), {@code refresh} (what exists),
 * {@code desired}, {@code execution} and the model packages ({@code addr}, {@code stack}, {@code expr},
 * {@code schema}, {@code graph}, {@code state}, {@code provider}); never on {@code engine} or {@code cli}.
 */
package dev.converge.apply;
