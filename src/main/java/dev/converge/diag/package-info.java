/**
 * Diagnostics: a {@link dev.converge.diag.Location} in a source file, a
 * {@link dev.converge.diag.Diagnostic} (message and hint) and the collector that lets one run report
 * every problem, sorted by place.
 *
 * <p>A leaf package: it imports nothing of Converge's. The expression language, the graph and the
 * loader report through it (Terraform's {@code tfdiags} plays the same role); printing a diagnostic
 * with its source line is the loader's job ({@code stack.DiagnosticPrinter}).
 */
package dev.converge.diag;
