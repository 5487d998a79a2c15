/**
 * Desired against live and last applied: the {@code Planner} and its {@code Differ}, the closed set
 * of actions, replacement and removal order, plan-time checks, redaction, the plan file and its
 * renderers. Depends on {@code refresh} (what was found), {@code desired}, {@code terminal} (colors)
 * and the model and support packages ({@code addr}, {@code diag}, {@code stack}, {@code schema},
 * {@code graph}, {@code state}, {@code provider}, {@code crypto}, {@code json}, {@code secrets}); never on
 * {@code apply}, {@code engine} or {@code cli}.
 */
package dev.converge.plan;
