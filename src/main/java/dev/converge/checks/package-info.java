/**
 * The stack's {@code checks:} (HTTP(S) GETs, DNS), run after apply and by {@code converge check},
 * with their report. Depends on {@code desired} (to resolve the values checks name), {@code execution}
 * and the model packages ({@code addr}, {@code stack}, {@code schema}, {@code provider}); never on
 * the stages ({@code refresh}, {@code plan}, {@code apply}), {@code engine} or {@code cli}.
 */
package dev.converge.checks;
