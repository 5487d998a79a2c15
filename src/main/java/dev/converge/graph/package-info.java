/**
 * The resource graph over JGraphT ({@link dev.converge.graph.ResourceGraph}: creation and deletion
 * order, stable from run to run), cycle reports naming the place of every edge, and the
 * {@link dev.converge.graph.ParallelWalker} that runs a node once what it needs has finished.
 *
 * <p>Knows addresses and locations only: it may depend on {@code addr} and {@code diag}, nothing else
 * of Converge's. The loader builds a stack's graph ({@code stack.StackGraph}); rendering it as a
 * diagram is {@code docs}'s.
 */
package dev.converge.graph;
