package dev.converge.cost;

import dev.converge.desired.Resolver;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.refresh.LiveState;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prices plans: from the catalogue in the jar (or, asked for, the Price List API: {@link PriceSource}),
 * the stated assumptions, and whether figures are estimates (the sandbox). Plans never call the
 * network for prices unless {@code --pricing live} asks them to.
 */
public final class Costing {

    private static final String HOSTED_ZONE = "aws.route53.HostedZone";

    private static final String INSTANCE = "aws.ec2.Instance";

    private final PriceSource prices;
    private final Assumptions assumptions;
    private final boolean estimate;

    public Costing(PriceSource prices, Assumptions assumptions, boolean estimate) {
        this.prices = prices;
        this.assumptions = assumptions;
        this.estimate = estimate;
    }

    public Costing(PriceCatalogue catalogue, Assumptions assumptions, boolean estimate) {
        this(PriceSource.of(catalogue), assumptions, estimate);
    }

    public PlanCost cost(Plan plan, Stack stack, LiveState live) {
        PriceCatalogue catalogue = prices.catalogueFor(plan.region(), instanceTypes(plan));
        return PlanCost.of(plan, new TypePricing(catalogue, assumptions), catalogue, assumptions, estimate, lookedUpZones(stack, live));
    }

    /** The instance types the plan prices, before and after: all a live price query has to ask for. */
    static Set<String> instanceTypes(Plan plan) {
        Set<String> out = new TreeSet<>();
        for (ResourceChange c : plan.changes()) {
            if (!INSTANCE.equals(c.type())) continue;
            for (Map<String, Object> v : java.util.Arrays.asList(c.before(), c.after())) {
                if (v != null && v.get("instanceType") instanceof String s) out.add(s);
            }
        }
        return out;
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
