package dev.converge.cost;

import java.util.Set;

/**
 * Where a plan's prices come from: the catalogue in the jar (the default; no network), or AWS's
 * Price List API asked for the region and instance types the plan needs ({@code --pricing live}).
 */
@FunctionalInterface
public interface PriceSource {

    PriceCatalogue catalogueFor(String region, Set<String> instanceTypes);

    /** The catalogue in the jar, whatever is asked. */
    static PriceSource of(PriceCatalogue catalogue) {
        return (region, types) -> catalogue;
    }
}
