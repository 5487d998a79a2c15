/**
 * Money: the dated, sourced price catalogue in the jar, the pricing of each type from its properties
 * ({@code TypePricing}), the cost sections of plans, apply and destroy, the budget guard, live prices
 * from the Price List API, and the catalogue's regeneration. Reads plans and refresh results; nothing
 * in {@code plan}, {@code apply} or the provider depends on it.
 */
package dev.converge.cost;
