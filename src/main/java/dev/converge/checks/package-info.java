/**
 * The stack's {@code checks:} (HTTP(S) GETs, DNS), run after apply and by {@code converge check},
 * with their report. Depends on {@code desired} (to resolve the values checks name),
 * {@code execution}, {@code stack} and {@code provider}; not on the stages or the command line.
 */
package dev.converge.checks;
