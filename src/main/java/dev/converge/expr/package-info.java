/**
 * The {@code ${...}} language: template parser, partial evaluator (load time binds variables, plan
 * and apply bind resources), functions ({@code file()} through {@code files}), and the marking of
 * values computed from sensitive variables.
 *
 * <p>May depend on {@code diag} (locations, diagnostics), {@code schema} (values), {@code files} and
 * {@code secrets}; never on the loader or the engine, which hand it a {@link dev.converge.expr.Scope}.
 */
package dev.converge.expr;
