package dev.converge.cost;

import dev.converge.desired.Resolver;
import dev.converge.plan.Plan;
import dev.converge.refresh.LiveState;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prices plans: the catalogue in the jar, the stated assumptions, and whether figures are
 * estimates (the sandbox). Plans never call the network for prices.
 */
public final class Costing {

    private static final String HOSTED_ZONE = "aws.route53.HostedZone";

    private final PriceCatalogue catalogue;
    private final Assumptions assumptions;
    private final boolean estimate;

    public Costing(PriceCatalogue catalogue, Assumptions assumptions, boolean estimate) {
        this.catalogue = catalogue;
        this.assumptions = assumptions;
        this.estimate = estimate;
    }

    public PriceCatalogue catalogue() {
        return catalogue;
    }

    public PlanCost cost(Plan plan, Stack stack, LiveState live) {
        return PlanCost.of(plan, new TypePricing(catalogue, assumptions), catalogue, assumptions, estimate, lookedUpZones(stack, live));
    }

    /**
     * The hosted zones the stack looks up, by name: read ones from refresh, others (destroy reads no
     * data) from the stack's own properties, variables resolved.
     */
    static List<String> lookedUpZones(Stack stack, LiveState live) {
        List<String> out = new ArrayList<>();
        if (stack == null) return out;
        for (Instance d : stack.dataInstances()) {
            if (!HOSTED_ZONE.equals(d.entry().type().name())) continue;
            Map<String, Object> read = live == null ? null : live.data().get(d.address());
            Object name = read != null ? read.get("name") : resolvedName(stack, d);
            out.add(name instanceof String s ? s : d.address().toString());
        }
        return out;
    }

    private static Object resolvedName(Stack stack, Instance d) {
        try {
            return new Resolver(stack, a -> Map.of()).resolveValue(d.properties().get("name"));
        } catch (RuntimeException e) {
            return null; // a name built from another lookup: the address names it instead
        }
    }
}
