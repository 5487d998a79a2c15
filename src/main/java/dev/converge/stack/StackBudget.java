package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The stack's {@code budget: { monthly: 60 }}: a plan that would make the stack cost more per month
 * (by Converge's price catalogue) exits 1 before anything changes. A plain number: a budget is a
 * decision written down, not something computed.
 */
public final class StackBudget {

    public static final String KEY = "budget";
    public static final String MONTHLY_DESCRIPTION = "US dollars per month the stack may cost; a plan over it exits 1 naming "
            + "the biggest items (--max-monthly-cost overrides it).";
    static final ObjectType TYPE = ObjectType.of(Property.builder("monthly", new NumberType(false, 0L, 1_000_000_000L)).required()
            .description(MONTHLY_DESCRIPTION).build());

    private StackBudget() {
    }

    /** The monthly limit, or null when the stack has none or it is wrong (reported). */
    static BigDecimal read(YNode.YEntry entry, ValueChecker checker, Diagnostics diagnostics) {
        if (entry == null) return null;
        if (entry.value() instanceof YNode.YMap map && map.get("monthly") != null
                && map.get("monthly").value() instanceof YNode.YScalar s && s.value() instanceof String) {
            diagnostics.error(s.location(), "budget.monthly must be a plain number of US dollars, such as 60",
                    "interpolations are not allowed here; --max-monthly-cost sets a budget from the command line");
            return null;
        }
        Object v = checker.convert(entry.value(), TYPE, KEY, entry.keyLocation());
        return v instanceof Map<?, ?> m && m.get("monthly") instanceof Number n ? new BigDecimal(n.toString()) : null;
    }
}
