package dev.converge.cost;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.stream.Collectors;

/** A monthly spending limit a plan must stay under ({@code budget: { monthly: 60 }} or {@code --max-monthly-cost 60}). */
public record Budget(BigDecimal monthly) {

    /**
     * The refusal when the plan's known cost after it exceeds the budget, naming the biggest items;
     * empty when under. Unknown prices cannot prove an excess, so they are named but not counted.
     */
    public Optional<String> exceededBy(PlanCost cost) {
        PlanCost.Total after = cost.after();
        if (after.known().compareTo(monthly) <= 0) return Optional.empty();
        String biggest = cost.biggest(3).stream()
                .map(e -> e.address() + " " + Money.amount(e.after().knownPart()))
                .collect(Collectors.joining(", "));
        return Optional.of("the plan would cost " + Money.amount(after.known()) + "/month, over the budget of "
                + Money.amount(monthly) + "/month; the biggest items: " + biggest);
    }
}
