/**
 * The command line: picocli commands, their options, exit codes, and {@code Workspace} (the stack,
 * AWS session, target and state store a command opens once). A command turns its options into a
 * call of the {@link dev.converge.engine.Engine} and renders what comes back. It sits on top: it may
 * depend on every other package, and no package depends on it.
 */
package dev.converge.cli;
