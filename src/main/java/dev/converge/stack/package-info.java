/**
 * Loading a stack file into a validated {@link dev.converge.stack.Stack}: YAML with marks, then one
 * class per section (variables, entry headers with count and forEach, module calls, properties,
 * outputs, checks), references checked
 * against the types' schemas, the graph built and checked for cycles, and the fingerprint a saved plan
 * is pinned to. Every problem is reported at file:line:column; nothing here talks to AWS.
 *
 * <p>May depend on {@code addr}, {@code diag}, {@code files}, {@code secrets}, {@code schema},
 * {@code expr}, {@code graph} and the provider SPI ({@code provider}: types and their schemas); never
 * on refresh, plan, apply or the command line.
 */
package dev.converge.stack;
