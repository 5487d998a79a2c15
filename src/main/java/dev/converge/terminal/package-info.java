/**
 * Terminal text: {@code Terminal}, the colors of everything Converge prints, on only for a real
 * terminal without NO_COLOR. A leaf for every renderer (plans, costs, sweeps, diagnostics); its only
 * dependency is the diagnostics style it implements.
 */
package dev.converge.terminal;
