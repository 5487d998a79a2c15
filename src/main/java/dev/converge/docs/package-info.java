/**
 * What Converge writes about itself and a stack for people and editors: the JSON schema of stack
 * files ({@code schemas/stack.schema.json}), the resource reference ({@code docs/resources.md}), both
 * generated from the types' own schemas and kept current by a test, and a stack's graph as Mermaid or
 * DOT.
 *
 * <p>Sits above what it describes: it may depend on {@code stack}, {@code graph}, {@code provider},
 * {@code schema} and {@code addr}; only the command line depends on it.
 */
package dev.converge.docs;
