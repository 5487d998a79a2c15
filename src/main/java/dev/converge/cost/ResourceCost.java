package dev.converge.cost;

import java.math.BigDecimal;
import java.util.List;

/** What one resource costs a month, item by item; unknown as a whole when any item is unknown. */
public record ResourceCost(List<Charge> charges) {

    public static final ResourceCost FREE = new ResourceCost(List.of());

    /** The monthly total, or null when an item's price is unknown. */
    public BigDecimal monthly() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Charge c : charges) {
            if (!c.known()) return null;
            sum = sum.add(c.monthly());
        }
        return sum;
    }

    /** The sum of the items whose price is known. */
    public BigDecimal knownPart() {
        return charges.stream().filter(Charge::known).map(Charge::monthly).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The same cost without the item named so. */
    public ResourceCost without(String item) {
        return new ResourceCost(charges.stream().filter(c -> !c.item().equals(item)).toList());
    }

    public List<Charge> unknown() {
        return charges.stream().filter(c -> !c.known()).toList();
    }
}
