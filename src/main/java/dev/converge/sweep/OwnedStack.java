package dev.converge.sweep;

import dev.converge.cost.ResourceCost;

import java.math.BigDecimal;
import java.util.List;

/**
 * A stack found in a region by its ownership tags, with what each of its resources costs, and the
 * stack file that claims it (null: none does: a leak).
 */
public record OwnedStack(String name, String region, List<Resource> resources, String claimedBy) {

    public record Resource(String address, String type, String id, ResourceCost cost) {
    }

    public BigDecimal monthly() {
        return resources.stream().map(r -> r.cost().knownPart()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public boolean leaked() {
        return claimedBy == null;
    }
}
