package dev.converge.cost;

import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The money side of a plan: every resource's monthly cost before and after it, the stack's total
 * before and after, and what keeps costing that the stack does not own (hosted zones it looks up).
 *
 * @param estimate   true in the sandbox: the figures are AWS's prices for the region, not a bill
 * @param keepsCosting charges that stay whatever this plan does
 */
public record PlanCost(String region, PriceCatalogue catalogue, Assumptions assumptions, boolean estimate,
                       List<Entry> entries, List<Charge> keepsCosting) {

    /** One resource: its cost before the plan (null if it does not exist yet) and after (null if destroyed). */
    public record Entry(String address, String type, Action action, ResourceCost before, ResourceCost after) {

        /** The monthly change, or null when either side's price is unknown. */
        public BigDecimal delta() {
            BigDecimal b = before == null ? BigDecimal.ZERO : before.monthly();
            BigDecimal a = after == null ? BigDecimal.ZERO : after.monthly();
            return a == null || b == null ? null : a.subtract(b);
        }
    }

    /** A total: the sum of what is known, and the resources whose price is not. */
    public record Total(BigDecimal known, List<String> unknown) {

        public boolean complete() {
            return unknown.isEmpty();
        }
    }

    /** The usage-dependent charges no figure includes, those of this plan's types included. */
    public List<String> notIncluded() {
        return Assumptions.excluded(entries.stream().map(Entry::type).collect(java.util.stream.Collectors.toSet()));
    }

    public static PlanCost of(Plan plan, TypePricing pricing, PriceCatalogue catalogue, Assumptions assumptions,
                              boolean estimate, List<String> lookedUpZones) {
        List<Entry> entries = new ArrayList<>();
        java.util.Set<String> withElasticIp = ElasticIpLinks.instancesWithElasticIp(plan.changes());
        for (ResourceChange c : plan.changes()) {
            if (c.action() == Action.READ) continue;
            ResourceCost before = c.before() == null || c.action() == Action.CREATE ? null
                    : pricing.price(c.type(), c.before(), plan.region(), true);
            ResourceCost after = switch (c.action()) {
                // A forgotten resource is still billed, to the account, no longer to the stack.
                case DELETE, FORGET -> null;
                // Unchanged: what runs now is what will run.
                case NO_OP -> before;
                default -> pricing.price(c.type(), c.after(), plan.region(), false);
            };
            if (LaunchTemplateLinks.GROUP.equals(c.type())) {
                // A group's price is its instances', whose type and volume its launch template holds.
                before = before == null ? null : pricing.group(c.before(), LaunchTemplateLinks.templateOf(c, plan.changes(), true), plan.region());
                after = c.action() == Action.DELETE || c.action() == Action.FORGET ? null : c.action() == Action.NO_OP ? before
                        : pricing.group(c.after(), LaunchTemplateLinks.templateOf(c, plan.changes(), false), plan.region());
            }
            if (withElasticIp.contains(c.address())) {
                // Its address is the Elastic IP's, billed there: the plan ends with the association in place.
                after = after == null ? null : after.without(TypePricing.INSTANCE_ADDRESS);
                if (c.action() == Action.NO_OP) before = after;
            }
            entries.add(new Entry(c.address(), c.type(), c.action(), before, after));
        }
        List<Charge> keeps = lookedUpZones.stream().map(pricing::hostedZone).toList();
        return new PlanCost(plan.region(), catalogue, assumptions, estimate, entries, keeps);
    }

    public Total before() {
        return total(true);
    }

    public Total after() {
        return total(false);
    }

    private Total total(boolean before) {
        BigDecimal sum = BigDecimal.ZERO;
        List<String> unknown = new ArrayList<>();
        for (Entry e : entries) {
            ResourceCost c = before ? e.before() : e.after();
            if (c == null) continue;
            sum = sum.add(c.knownPart());
            if (c.monthly() == null) unknown.add(e.address());
        }
        return new Total(sum, unknown);
    }

    /** The change of the stack's monthly cost, or null when a changed resource's price is unknown. */
    public BigDecimal delta() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Entry e : entries) {
            if (e.action() == Action.NO_OP) continue;
            BigDecimal d = e.delta();
            if (d == null) return null;
            sum = sum.add(d);
        }
        return sum;
    }

    /** The resources costing most after the plan, most expensive first (for the budget guard). */
    public List<Entry> biggest(int n) {
        return entries.stream().filter(e -> e.after() != null)
                .sorted(Comparator.comparing((Entry e) -> e.after().knownPart()).reversed()).limit(n).toList();
    }
}
