package dev.converge.sweep;

import dev.converge.cost.ResourceCost;

import java.math.BigDecimal;
import java.util.List;

/**
 * A stack found in a region by its ownership tags, with what each of its resources costs, and the
 * stack file that claims it (null: none does: a leak).
 */
public record OwnedStack(String name, String region, List<Resource> resources, String claimedBy) {

    /**
     * @param proven whether its ownership proof verifies with the stack's key, as refresh decides it
     *               ({@link dev.converge.refresh.OwnershipClassifier}): only proven resources may be
     *               deleted by {@code sweep --delete}; the others merely carry the stack's tags
     */
    public record Resource(String address, String type, String id, ResourceCost cost, boolean proven) {
    }

    public BigDecimal monthly() {
        return resources.stream().map(r -> r.cost().knownPart()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public boolean leaked() {
        return claimedBy == null;
    }
}
