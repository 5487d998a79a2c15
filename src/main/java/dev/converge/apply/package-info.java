/**
 * Carries out a plan: the parallel walk in dependency order, retries, progress lines, the
 * write-ahead of pending creates with their proofs, the state checkpoints ({@code StateKeeper}) and
 * the readiness wait. Depends on {@code plan} (what to do), {@code refresh} (what exists),
 * {@code desired}, {@code execution}, {@code graph}, {@code provider} and {@code state}.
 */
package dev.converge.apply;
